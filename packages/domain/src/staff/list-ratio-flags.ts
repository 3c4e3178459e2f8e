// Possible ratio cheating (issue 17): announces whose reported transfer the tracker did
// not believe in full — faster than the tenant's maximum speed, or upload while no other
// member downloaded. The tracker's ledger flusher writes one ratio_flags row per member,
// torrent and batch; staff read them here, newest first, with the figures.
import { forTenant } from '@swarmhost/db';

export type RatioFlagReason = 'speed' | 'no_leechers';

export interface RatioFlagRow {
  readonly id: string;
  readonly reason: RatioFlagReason;
  /** Announces of the batch that were flagged. */
  readonly announces: number;
  readonly reportedUploadBytes: number;
  readonly reportedDownloadBytes: number;
  readonly creditedUploadBytes: number;
  readonly creditedDownloadBytes: number;
  /** ISO 8601: the latest announce of the batch. */
  readonly flaggedAt: string;
  readonly member: { readonly id: string; readonly username: string };
  readonly torrent: { readonly id: string; readonly name: string };
}

export async function listRatioFlags(tenantId: string, limit = 100): Promise<RatioFlagRow[]> {
  const rows = await forTenant(tenantId).ratioFlag.findMany({
    orderBy: { flaggedAt: 'desc' },
    take: Math.min(Math.max(limit, 1), 500),
    select: {
      id: true,
      reason: true,
      announces: true,
      reportedUploadBytes: true,
      reportedDownloadBytes: true,
      creditedUploadBytes: true,
      creditedDownloadBytes: true,
      flaggedAt: true,
      member: { select: { id: true, username: true } },
      torrent: { select: { id: true, name: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    reason: row.reason === 'speed' ? 'speed' : 'no_leechers',
    announces: row.announces,
    // Byte counts for display; past 2^53 they lose only their last digits.
    reportedUploadBytes: Number(row.reportedUploadBytes),
    reportedDownloadBytes: Number(row.reportedDownloadBytes),
    creditedUploadBytes: Number(row.creditedUploadBytes),
    creditedDownloadBytes: Number(row.creditedDownloadBytes),
    flaggedAt: row.flaggedAt.toISOString(),
    member: row.member,
    torrent: row.torrent,
  }));
}
