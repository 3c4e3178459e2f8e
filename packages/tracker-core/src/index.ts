// @swarmhost/tracker-core: the announce decision (validation, accounting, peer
// selection) behind a SwarmStore port, implemented in process memory (MemoryStore).
export type { AnnounceEvent, AnnounceParams, AnnounceRequest, ScrapeRequest } from './protocol.js';
export type {
  FreeleechEvent,
  FreeleechPercent,
  MemberContext,
  TenantContext,
  TenantTrackerSettings,
  TorrentContext,
} from './types.js';
export { checkAccess, checkTorrent } from './access.js';
export type { Access, AnnounceFailure, AnnounceFailureCode } from './access.js';
export {
  accountAnnounce,
  credit,
  creditedSeconds,
  creditFactors,
  effectiveFreeleechPercent,
  FLAG_REASON_CODES,
  MIN_ELAPSED_MS,
  plausibleBytes,
  transferDelta,
} from './accounting.js';
export type {
  AccountingRules,
  AnnounceAccounting,
  AnnounceReport,
  CreditFactors,
  FlagReason,
  PeerMemory,
} from './accounting.js';
export { clientRefusal, peerIdPrefix } from './client-filter.js';
export { jitteredInterval } from './interval.js';
export { decideAnnounce, validateAnnounce, DEFAULT_NUMWANT, MAX_NUMWANT } from './decide-announce.js';
export type { AnnounceDecision, AnnounceDecisionInput, AnnounceSuccess, TrackerCoreOptions } from './decide-announce.js';
export { decideScrape } from './decide-scrape.js';
export type { ScrapeDecisionInput, ScrapeSuccess } from './decide-scrape.js';
export { addToLedger } from './ledger.js';
export type { LedgerTotals } from './ledger.js';
export {
  assertBatchId,
  BATCH_ID_PATTERN,
  SCORE_STEPS_PER_MS,
  STALE_SWEEP_PER_ANNOUNCE,
  STALE_SWEEP_PER_REAP,
} from './store.js';
export type {
  BeginDrainInput,
  DrainBatch,
  LedgerEntry,
  PeerChanges,
  PeerKey,
  PersistedPeer,
  ReapInput,
  ReapResult,
  ScrapeInput,
  StoreAnnounceInput,
  StoreAnnounceResult,
  StoreRefusal,
  SwarmCounts,
  SwarmSnapshot,
  SwarmStore,
} from './store.js';
export { parseSwarmId, swarmId } from './swarm-id.js';
export { MemoryStore } from './memory/memory-store.js';
export type { MemoryStoreOptions } from './memory/memory-store.js';
