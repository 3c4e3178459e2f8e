// Events the tracker publishes for live pages: swarm figures per torrent (coalesced
// to at most one per torrent per second) and per-tenant announce statistics.
export const SWARM_UPDATE_EVENT = 'swarm:update';
export const TENANT_STATS_EVENT = 'tenant:stats';

export interface SwarmUpdate {
  tenantId: string;
  torrentId: string;
  infoHash: string;
  seeders: number;
  leechers: number;
  timesCompleted: number;
  at: number;
}

export interface TenantAnnounceStats {
  tenantId: string;
  /** Start of the one-second window, ms since the epoch. */
  windowStart: number;
  announces: number;
  failures: number;
  /** Failures by reason code in this window. */
  failuresByReason: Record<string, number>;
}

export function isTenantStats(value: unknown): value is TenantAnnounceStats {
  if (typeof value !== 'object' || value === null) return false;
  const stats = value as Record<string, unknown>;
  return typeof stats.tenantId === 'string' && typeof stats.announces === 'number' && typeof stats.failures === 'number' && typeof stats.windowStart === 'number';
}
