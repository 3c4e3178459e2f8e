// The announce/scrape request shapes tracker-core decides on, owned by
// @swarmhost/bittorrent (every transport normalises into them); re-exported here so
// callers of tracker-core need one import. Type-only: no runtime dependency.
export type { AnnounceEvent, AnnounceParams, AnnounceRequest, ScrapeRequest } from '@swarmhost/bittorrent/announce';
