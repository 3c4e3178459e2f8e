// Turns an uploaded .torrent into a tenant's private torrent (BEP 27 private flag plus
// a `source` tag, so the info hash differs from any public copy), and stamps each
// member's personal announce URL into downloads without touching the info dict. Web
// seeds are dropped unless the tenant allows them: every downloader's client would
// fetch pieces from the uploader's server and so tell it the downloader's address.

import { encode, RawBencode } from '../bencode/index.js';
import type { BencodeDict } from '../bencode/index.js';
import { metainfoError, requireDict } from './fields.js';
import { decodeTorrentDict, parseMetainfo, sha1 } from './parse-metainfo.js';
import type { ParseMetainfoOptions } from './types.js';

export interface RewriteForTenantOptions extends ParseMetainfoOptions {
  /** The announce URL stored in the tenant's copy (usually replaced per member by `personalise`). */
  readonly announceUrl: string;
  /** The tenant's `info.source` tag, for example its slug. */
  readonly source: string;
  /** Keep BEP 19 `url-list` and BEP 17 `httpseeds` (default: removed). */
  readonly keepWebSeeds?: boolean;
}

export interface PersonaliseOptions {
  /** Keep BEP 19 `url-list` and BEP 17 `httpseeds` (default: removed). */
  readonly keepWebSeeds?: boolean;
}

/** Top-level keys naming HTTP servers that clients download from directly. */
const WEB_SEED_KEYS = ['url-list', 'httpseeds'] as const;

export interface RewrittenTorrent {
  readonly torrent: Buffer;
  /** The NEW v1 info hash (the info dict changed), 40 lowercase hex characters. */
  readonly infoHash: string;
  readonly infoHashBuffer: Buffer;
}

const ANNOUNCE_PROTOCOLS = new Set(['http:', 'https:', 'udp:']);

/**
 * Validates `input` as a v1 torrent, then sets info.private = 1 and info.source,
 * sets `announce` and removes `announce-list`, and returns the new torrent and hash.
 * Web seeds (BEP 19 `url-list`, BEP 17 `httpseeds`, outside the info dict) are removed
 * unless `keepWebSeeds`: a private swarm's downloaders would otherwise each connect to
 * a server the uploader chose. Every other key (comment, created by, unknown
 * extension keys) is kept.
 */
export function rewriteForTenant(
  input: Uint8Array,
  options: RewriteForTenantOptions,
): RewrittenTorrent {
  checkAnnounceUrl(options.announceUrl);
  if (options.source.length === 0) throw metainfoError('source must be a non-empty string');
  parseMetainfo(input, options);

  const { dict } = decodeTorrentDict(input, options);
  const info = requireDict(dict['info'], 'info');
  const privateInfo: BencodeDict = Object.assign(Object.create(null) as BencodeDict, info, {
    private: 1,
    source: Buffer.from(options.source, 'utf8'),
  });
  const infoBytes = encode(privateInfo);
  const infoHashBuffer = sha1(infoBytes);
  const torrent = encodeWithAnnounce(dict, new RawBencode(infoBytes), options.announceUrl, options.keepWebSeeds ?? false);
  return { torrent, infoHash: infoHashBuffer.toString('hex'), infoHashBuffer };
}

/**
 * Returns a copy of a stored torrent whose `announce` is a member's personal URL.
 * The info dict's original bytes are copied verbatim, so the info hash never changes.
 * `announce-list` is removed too: BEP 12 clients prefer it over `announce`, which
 * would bypass the personal URL. Web seeds are removed unless `keepWebSeeds` (a
 * torrent stored before they were stripped on upload). Non-canonical key order
 * outside `info` is tolerated.
 */
export function personalise(input: Uint8Array, announceUrl: string, options: PersonaliseOptions = {}): Buffer {
  checkAnnounceUrl(announceUrl);
  const { dict, spans } = decodeTorrentDict(input, { strict: false });
  const infoSpan = spans.get('info');
  requireDict(dict['info'], 'info');
  if (infoSpan === undefined) throw metainfoError('info is missing');
  return encodeWithAnnounce(
    dict,
    new RawBencode(input.subarray(infoSpan.start, infoSpan.end)),
    announceUrl,
    options.keepWebSeeds ?? false,
  );
}

function encodeWithAnnounce(dict: BencodeDict, info: RawBencode, announceUrl: string, keepWebSeeds: boolean): Buffer {
  const { 'announce-list': _droppedTiers, info: _originalInfo, ...kept } = dict;
  if (!keepWebSeeds) for (const key of WEB_SEED_KEYS) delete kept[key];
  return encode({ ...kept, announce: announceUrl, info });
}

function checkAnnounceUrl(announceUrl: string): void {
  let protocol: string;
  try {
    protocol = new URL(announceUrl).protocol;
  } catch {
    throw metainfoError(`announce URL ${JSON.stringify(announceUrl)} is not a valid URL`);
  }
  if (!ANNOUNCE_PROTOCOLS.has(protocol)) {
    throw metainfoError(`announce URL ${JSON.stringify(announceUrl)} must use http, https or udp`);
  }
}
