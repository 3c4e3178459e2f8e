// @swarmhost/bittorrent: the BitTorrent wire formats Swarmhost speaks, with no
// dependencies. Subpaths (`/bencode`, `/metainfo`, `/announce`, `/udp`) hold the same
// exports for callers that want only one part.
export { BitTorrentError, isBitTorrentError } from './errors.js';
export type { BitTorrentErrorCode } from './errors.js';
export * from './bencode/index.js';
export * from './metainfo/index.js';
export * from './announce/index.js';
export * from './udp/index.js';
