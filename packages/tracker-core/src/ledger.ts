// The per-(member, torrent) totals a store accumulates between two flusher drains;
// the flusher turns them into history rows, member totals and snatches.
import type { AnnounceAccounting } from './accounting.js';

export interface LedgerTotals {
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
}

export function addToLedger(
  previous: LedgerTotals | undefined,
  accounting: AnnounceAccounting,
  latest: { readonly nowMs: number; readonly seeding: boolean; readonly active: boolean },
): LedgerTotals {
  return {
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
  };
}
