// Parses a BEP 3 HTTP announce query string on the tracker's hot path: one pass over
// the string, no URLSearchParams, no regular expressions, no objects but the result.
// BEP 23 `compact`/`no_peer_id` and BEP 21 `event=paused` are understood.

import type { AnnounceEvent, AnnounceParams } from './types.js';
import {
  badRequest,
  decodeBinary20AsHex,
  endOfPair,
  nextEquals,
  parseNonNegativeInteger,
  sliceEquals,
} from './query-scanner.js';

/** Longest `key` or `trackerid` kept; real clients send 8-40 characters. */
export const MAX_OPAQUE_PARAMETER_LENGTH = 128;

const NOT_GIVEN = -1;

/**
 * Parses the part of an announce URL after '?'. Client-supplied `ip`, `ipv4` and
 * `ipv6` are ignored (the tracker uses the connection's address); unknown parameters
 * are ignored; when a parameter repeats, the last one wins. `key` and `trackerid` are
 * kept exactly as sent (still percent-encoded). Throws BitTorrentError('bad_request')
 * naming the parameter, for example "missing info_hash" or "invalid port".
 */
export function parseAnnounceQuery(rawQuery: string): AnnounceParams {
  let infoHash: string | undefined;
  let peerId: string | undefined;
  let port = NOT_GIVEN;
  let uploaded = NOT_GIVEN;
  let downloaded = NOT_GIVEN;
  let left = NOT_GIVEN;
  let event: AnnounceEvent = 'none';
  let numwant: number | undefined;
  let key: string | undefined;
  let compact = true;
  let noPeerId = false;
  let trackerId: string | undefined;

  const length = rawQuery.length;
  let nameStart = 0;
  let equalsAt = -1;
  while (nameStart < length) {
    const valueEnd = endOfPair(rawQuery, nameStart);
    equalsAt = nextEquals(rawQuery, nameStart, equalsAt);
    const nameEnd = equalsAt < valueEnd ? equalsAt : valueEnd;
    const valueStart = nameEnd < valueEnd ? nameEnd + 1 : valueEnd;

    switch (nameEnd - nameStart) {
      case 3:
        if (rawQuery.startsWith('key', nameStart))
          key = opaqueValue(rawQuery, valueStart, valueEnd, 'key');
        break;
      case 4:
        if (rawQuery.startsWith('port', nameStart)) {
          port = parseNonNegativeInteger(rawQuery, valueStart, valueEnd);
          if (port < 1 || port > 65535)
            throw badRequest('invalid port (must be an integer from 1 to 65535)');
        } else if (rawQuery.startsWith('left', nameStart)) {
          left = requireCount(rawQuery, valueStart, valueEnd, 'left');
        }
        break;
      case 5:
        if (rawQuery.startsWith('event', nameStart))
          event = parseEvent(rawQuery, valueStart, valueEnd);
        break;
      case 7:
        if (rawQuery.startsWith('peer_id', nameStart)) {
          peerId = decodeBinary20AsHex(rawQuery, valueStart, valueEnd, 'peer_id');
        } else if (rawQuery.startsWith('numwant', nameStart)) {
          numwant = requireCount(rawQuery, valueStart, valueEnd, 'numwant');
        } else if (rawQuery.startsWith('compact', nameStart)) {
          compact = !sliceEquals(rawQuery, valueStart, valueEnd, '0');
        }
        break;
      case 8:
        if (rawQuery.startsWith('uploaded', nameStart))
          uploaded = requireCount(rawQuery, valueStart, valueEnd, 'uploaded');
        break;
      case 9:
        if (rawQuery.startsWith('info_hash', nameStart)) {
          infoHash = decodeBinary20AsHex(rawQuery, valueStart, valueEnd, 'info_hash');
        } else if (rawQuery.startsWith('trackerid', nameStart)) {
          trackerId = opaqueValue(rawQuery, valueStart, valueEnd, 'trackerid');
        }
        break;
      case 10:
        if (rawQuery.startsWith('downloaded', nameStart)) {
          downloaded = requireCount(rawQuery, valueStart, valueEnd, 'downloaded');
        } else if (rawQuery.startsWith('no_peer_id', nameStart)) {
          noPeerId = !sliceEquals(rawQuery, valueStart, valueEnd, '0');
        }
        break;
      default:
        break;
    }
    nameStart = valueEnd + 1;
  }

  if (infoHash === undefined) throw badRequest('missing info_hash');
  if (peerId === undefined) throw badRequest('missing peer_id');
  if (port === NOT_GIVEN) throw badRequest('missing port');
  if (uploaded === NOT_GIVEN) throw badRequest('missing uploaded');
  if (downloaded === NOT_GIVEN) throw badRequest('missing downloaded');
  if (left === NOT_GIVEN) throw badRequest('missing left');
  return {
    infoHash,
    peerId,
    port,
    uploaded,
    downloaded,
    left,
    event,
    numwant,
    key,
    compact,
    noPeerId,
    trackerId,
  };
}

function requireCount(query: string, start: number, end: number, parameter: string): number {
  const value = parseNonNegativeInteger(query, start, end);
  if (value < 0) throw badRequest(`invalid ${parameter} (must be a non-negative integer)`);
  return value;
}

function opaqueValue(
  query: string,
  start: number,
  end: number,
  parameter: string,
): string | undefined {
  if (end - start > MAX_OPAQUE_PARAMETER_LENGTH) {
    throw badRequest(
      `${parameter} is too long (at most ${MAX_OPAQUE_PARAMETER_LENGTH} characters)`,
    );
  }
  return start === end ? undefined : query.slice(start, end);
}

/** BEP 3 events, BEP 21 `paused`; `empty` or no value mean a regular announce. */
function parseEvent(query: string, start: number, end: number): AnnounceEvent {
  switch (end - start) {
    case 0:
      return 'none';
    case 5:
      if (query.startsWith('empty', start)) return 'none';
      break;
    case 6:
      if (query.startsWith('paused', start)) return 'paused';
      break;
    case 7:
      if (query.startsWith('started', start)) return 'started';
      if (query.startsWith('stopped', start)) return 'stopped';
      break;
    case 9:
      if (query.startsWith('completed', start)) return 'completed';
      break;
    default:
      break;
  }
  throw badRequest('invalid event (must be started, stopped, completed, paused or empty)');
}
