// The swarm store contract: one call per announce that updates the swarm, books the
// member's deltas in a ledger and picks peers; plus scrape, reaping and a lossless,
// idempotent ledger drain for the flusher. MemoryStore passes src/store.contract.ts.
import type { AnnounceEvent } from './protocol.js';
import type { CreditFactors } from './accounting.js';
import type { LedgerTotals } from './ledger.js';

export interface StoreAnnounceInput {
  readonly tenantId: string;
  /** 40 lowercase hex characters. */
  readonly infoHash: string;
  readonly memberId: string;
  /** 40 lowercase hex characters. Peers are keyed by (memberId, peerId). */
  readonly peerId: string;
  /**
   * BEP 23 / BEP 7 compact form: 6 bytes (IPv4 + port) or 18 bytes (IPv6 + port). A peer
   * keeps one address per family: a dual-stack client announcing over both is handed
   * out in `peers` and `peers6`.
   */
  readonly compactAddress: Buffer;
  readonly uploaded: number;
  readonly downloaded: number;
  readonly left: number;
  readonly event: AnnounceEvent;
  /** Already defaulted and capped by the caller; 0 asks for no peers. */
  readonly numwant: number;
  readonly nowMs: number;
  readonly intervalSeconds: number;
  readonly minIntervalSeconds: number;
  readonly peerTtlSeconds: number;
  readonly maxPeersPerMember: number;
  readonly creditFactors: CreditFactors;
  /** Transfer per peer and second beyond which reports are not credited (accounting.ts). */
  readonly maxBytesPerSecond: number;
}

/** BEP 48 scrape figures plus BEP 21 `downloaders` (incomplete minus partial seeds). */
export interface SwarmCounts {
  readonly complete: number;
  readonly incomplete: number;
  readonly downloaders: number;
  /** Completions the store has seen since it created this swarm. */
  readonly downloaded: number;
}

export type StoreRefusal = 'min_interval' | 'too_many_peers';

export interface StoreAnnounceResult extends SwarmCounts {
  /** Set when the store refused the announce; nothing was changed then. */
  readonly refused?: StoreRefusal;
  /** Concatenated 6-byte entries (BEP 23). */
  readonly peers4: Buffer;
  /** Concatenated 18-byte entries (BEP 7). */
  readonly peers6: Buffer;
}

export interface ScrapeInput {
  readonly tenantId: string;
  readonly infoHashes: readonly string[];
  readonly nowMs: number;
  readonly peerTtlSeconds: number;
}

export interface SwarmSnapshot extends SwarmCounts {
  readonly tenantId: string;
  readonly infoHash: string;
}

export interface ReapInput {
  readonly nowMs: number;
  /** Swarms looked at per call; default 500. Call again while it returns `limit` swarms. */
  readonly limit?: number;
}

export interface ReapResult {
  readonly peersRemoved: number;
  readonly swarmsRemoved: number;
  /** Counts after reaping, for torrent seeder/leecher columns. */
  readonly swarms: readonly SwarmSnapshot[];
}

/** One member's activity on one torrent since the previous drain: the totals plus their key. */
export interface LedgerEntry extends LedgerTotals {
  readonly tenantId: string;
  readonly infoHash: string;
  readonly memberId: string;
}

/** Identifies one peer: (tenant, info hash, member, peer id). */
export interface PeerKey {
  readonly tenantId: string;
  readonly infoHash: string;
  readonly memberId: string;
  /** 40 lowercase hex characters. */
  readonly peerId: string;
}

/**
 * A peer as the memory store persists it (PostgreSQL's `peers` table): enough to put it
 * back in its swarm with the base its next announce is credited against.
 */
export interface PersistedPeer extends PeerKey {
  /** Dotted IPv4 and its port, when the peer announced over IPv4 within the TTL. */
  readonly ipv4?: string;
  readonly portV4?: number;
  /** IPv6 text and its port, when the peer announced over IPv6 within the TTL. */
  readonly ipv6?: string;
  readonly portV6?: number;
  readonly left: number;
  /** The totals the client last reported. */
  readonly uploaded: number;
  readonly downloaded: number;
  readonly seeding: boolean;
  /** BEP 21 partial seed. */
  readonly partial: boolean;
  readonly completionCounted: boolean;
  readonly lastAnnounceMs: number;
}

/** Peers a batch's swarms changed since the previous drain: their state now, or gone. */
export interface PeerChanges {
  readonly upserted: readonly PersistedPeer[];
  readonly removed: readonly PeerKey[];
}

export interface DrainBatch {
  readonly batchId: string;
  readonly entries: readonly LedgerEntry[];
  /** Counts of every swarm in the batch at drain time. */
  readonly swarms: readonly SwarmSnapshot[];
  /**
   * Set by a store that persists its peers (MemoryStore with `persistPeers`): the peers
   * as of the same instant as the ledger entries, to be written in the same transaction,
   * so a credited delta and the base it was computed from commit together.
   */
  readonly peers?: PeerChanges;
}

export interface BeginDrainInput {
  /** Chosen by the flusher, recorded with the applied rows: [A-Za-z0-9_.-]{1,64}. */
  readonly batchId: string;
  /** Swarms taken into this batch at most. */
  readonly limit: number;
  readonly nowMs: number;
}

/**
 * Every method is safe to call from many workers at once. The drain protocol is:
 * `beginDrain` moves ledgers into a named batch (calling it again with the same id
 * returns the same batch, finishing any interrupted move), the flusher applies the
 * entries in one PostgreSQL transaction that also records the batch id, then
 * `completeDrain` deletes the batch. After a crash, `pendingDrains` returns every
 * begun but not completed batch with its content.
 */
export interface SwarmStore {
  announce(input: StoreAnnounceInput): Promise<StoreAnnounceResult>;
  /** Counts per requested info hash; unknown swarms count zero. */
  scrape(input: ScrapeInput): Promise<Map<string, SwarmCounts>>;
  /** Drops peers past their TTL in swarms nobody announced to, and empty swarms. */
  reapStale(input: ReapInput): Promise<ReapResult>;
  beginDrain(input: BeginDrainInput): Promise<DrainBatch>;
  completeDrain(batchId: string): Promise<void>;
  pendingDrains(nowMs: number): Promise<DrainBatch[]>;
}

export const BATCH_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export function assertBatchId(batchId: string): void {
  if (!BATCH_ID_PATTERN.test(batchId)) {
    throw new Error(`invalid drain batch id ${JSON.stringify(batchId)}: use 1-64 of [A-Za-z0-9_.-]`);
  }
}

/** Stale peers removed by one announce at most; the reaper handles the rest. */
export const STALE_SWEEP_PER_ANNOUNCE = 32;
/** Stale peers removed per swarm per reaper visit at most. */
export const STALE_SWEEP_PER_REAP = 1000;
/** Sub-millisecond steps that make peer scores unique within a swarm (see memory/score.ts). */
export const SCORE_STEPS_PER_MS = 1024;
