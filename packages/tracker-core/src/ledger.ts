// The per-(member, torrent) totals a store accumulates between two flusher drains;
// the flusher turns them into history rows, member totals and snatches.
import type { AnnounceAccounting, FlagReason } from './accounting.js';

export interface LedgerTotals {
  /** Growth the clients reported, before the speed bound and the leecher rule. */
  readonly reportedUploaded: number;
  readonly reportedDownloaded: number;
  readonly actualUploaded: number;
  readonly actualDownloaded: number;
  readonly creditedUploaded: number;
  readonly creditedDownloaded: number;
  readonly seedSeconds: number;
  readonly leechSeconds: number;
  readonly announces: number;
  readonly completions: number;
  readonly lastAnnounceMs: number;
  /** `left == 0` at the member's latest announce on this torrent. */
  readonly lastSeeding: boolean;
  /** The member still has a peer in the swarm after its latest announce. */
  readonly active: boolean;
  /** Announces whose report was not believed in full (see accounting.ts). */
  readonly flaggedAnnounces: number;
  /** Why the latest of them was flagged. */
  readonly lastFlagReason?: FlagReason;
}

export function addToLedger(
  previous: LedgerTotals | undefined,
  accounting: AnnounceAccounting,
  latest: { readonly nowMs: number; readonly seeding: boolean; readonly active: boolean },
): LedgerTotals {
  const lastFlagReason = accounting.flag ?? previous?.lastFlagReason;
  return {
    reportedUploaded: (previous?.reportedUploaded ?? 0) + accounting.reportedUploaded,
    reportedDownloaded: (previous?.reportedDownloaded ?? 0) + accounting.reportedDownloaded,
    actualUploaded: (previous?.actualUploaded ?? 0) + accounting.actualUploaded,
    actualDownloaded: (previous?.actualDownloaded ?? 0) + accounting.actualDownloaded,
    creditedUploaded: (previous?.creditedUploaded ?? 0) + accounting.creditedUploaded,
    creditedDownloaded: (previous?.creditedDownloaded ?? 0) + accounting.creditedDownloaded,
    seedSeconds: (previous?.seedSeconds ?? 0) + accounting.seedSeconds,
    leechSeconds: (previous?.leechSeconds ?? 0) + accounting.leechSeconds,
    announces: (previous?.announces ?? 0) + 1,
    completions: (previous?.completions ?? 0) + accounting.completions,
    lastAnnounceMs: latest.nowMs,
    lastSeeding: latest.seeding,
    active: latest.active,
    flaggedAnnounces: (previous?.flaggedAnnounces ?? 0) + (accounting.flag === undefined ? 0 : 1),
    ...(lastFlagReason === undefined ? {} : { lastFlagReason }),
  };
}
