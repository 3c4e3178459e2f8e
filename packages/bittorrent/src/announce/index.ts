// Public surface of the HTTP tracker protocol: BEP 3 announce/scrape query parsing,
// bencoded responses, BEP 23/7 compact peers and passkey paths.
export {
  decodeCompactPeers,
  encodeCompactPeer,
  COMPACT_IPV4_PEER_BYTES,
  COMPACT_IPV6_PEER_BYTES,
} from './compact-peers.js';
export type { PeerAddress } from './compact-peers.js';
export {
  encodeAnnounceResponse,
  encodeAnnounceResponseDictPeers,
  encodeFailure,
  encodeScrapeResponse,
} from './encode-response.js';
export type {
  AnnounceResponseCounts,
  CompactAnnounceResponse,
  DictPeer,
  DictPeersAnnounceResponse,
  ScrapeCounts,
  ScrapeFile,
} from './encode-response.js';
export { normalisePeerAddress } from './ip-address.js';
export { MAX_OPAQUE_PARAMETER_LENGTH, parseAnnounceQuery } from './parse-announce-query.js';
export { MAX_SCRAPE_INFO_HASHES, parseScrapeQuery } from './parse-scrape-query.js';
export { passkeyFromPath } from './passkey-path.js';
export type { PasskeyPath, TrackerAction } from './passkey-path.js';
export type { AnnounceEvent, AnnounceParams, AnnounceRequest, ScrapeRequest } from './types.js';
