// The announce/scrape request shapes tracker-core decides on. The contract is owned by
// @swarmhost/bittorrent (src/announce/types.ts); until that package exports it through
// its `./announce` entry these are a faithful local mirror — replace with a re-export then.

/** BEP 3 events plus BEP 21 `paused`; `none` is a regular interval announce. */
export type AnnounceEvent = 'none' | 'started' | 'stopped' | 'completed' | 'paused';

export interface AnnounceParams {
  /** 40 lowercase hex characters (v1 info hash). */
  readonly infoHash: string;
  /** 40 lowercase hex characters of the client's 20-byte peer id. */
  readonly peerId: string;
  readonly port: number;
  /** Totals the client reports since it started; safe integers, never negative. */
  readonly uploaded: number;
  readonly downloaded: number;
  readonly left: number;
  readonly event: AnnounceEvent;
  /** As asked by the client; the core applies the default and the cap. */
  readonly numwant: number | undefined;
  readonly key: string | undefined;
  readonly compact: boolean;
  readonly noPeerId: boolean;
  readonly trackerId: string | undefined;
}

/** An announce as the core sees it: parameters plus who and where it came from. */
export interface AnnounceRequest extends AnnounceParams {
  readonly transport: 'http' | 'udp';
  /** 32 lowercase hex characters from the URL path (HTTP) or BEP 41 URL data (UDP). */
  readonly passkey: string;
  /** The connection's address (or a trusted proxy's first X-Forwarded-For hop). */
  readonly ip: string;
  readonly ipFamily: 4 | 6;
}

export interface ScrapeRequest {
  readonly transport: 'http' | 'udp';
  readonly passkey: string;
  /** 40 lowercase hex each, de-duplicated, at least one (no full scrape). */
  readonly infoHashes: readonly string[];
}
