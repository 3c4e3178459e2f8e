// Splits a tracker request path `/<passkey>/announce` or `/<passkey>/scrape` (the BEP 3
// announce URL plus the scrape convention) into the member's passkey and the action.

import { badRequest } from './query-scanner.js';

export type TrackerAction = 'announce' | 'scrape';

export interface PasskeyPath {
  /** 32 lowercase hex characters. */
  readonly passkey: string;
  readonly action: TrackerAction;
}

const PASSKEY_LENGTH = 32;
const ACTION_START = 1 + PASSKEY_LENGTH + 1;

function isLowercaseHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66);
}

/**
 * Parses a request path (anything from '?' on is ignored). Throws
 * BitTorrentError('bad_request') saying what the path should look like.
 */
export function passkeyFromPath(path: string): PasskeyPath {
  const queryStart = path.indexOf('?');
  const end = queryStart === -1 ? path.length : queryStart;
  if (path.charCodeAt(0) !== 0x2f /* '/' */ || path.charCodeAt(ACTION_START - 1) !== 0x2f) {
    throw badRequest('unknown path: use /<passkey>/announce or /<passkey>/scrape');
  }
  for (let index = 1; index <= PASSKEY_LENGTH; index += 1) {
    if (!isLowercaseHex(path.charCodeAt(index))) {
      throw badRequest(
        'invalid passkey: it must be 32 lowercase hex characters; copy your announce URL again',
      );
    }
  }
  let action: TrackerAction;
  if (end - ACTION_START === 8 && path.startsWith('announce', ACTION_START)) action = 'announce';
  else if (end - ACTION_START === 6 && path.startsWith('scrape', ACTION_START)) action = 'scrape';
  else throw badRequest('unknown path: use /<passkey>/announce or /<passkey>/scrape');
  return { passkey: path.slice(1, ACTION_START - 1), action };
}
