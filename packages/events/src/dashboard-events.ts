// Live dashboard figures: one point per tenant per second, kept 15 minutes in Redis so
// a dashboard that opens draws its charts at once, then extended live.
export const DASHBOARD_POINT_EVENT = 'dashboard:point';
export const DASHBOARD_HISTORY_SECONDS = 15 * 60;

export interface DashboardPoint {
  tenantId: string;
  /** Second the figures describe, ms since the epoch. */
  at: number;
  announcesPerSecond: number;
  failuresPerSecond: number;
  seeders: number;
  leechers: number;
  /** seeders + leechers across the tenant's torrents. */
  activePeers: number;
  /** Members who joined in the last 24 hours. */
  newMembers24h: number;
  /** Seconds since the tracker's ledger was last fully written to PostgreSQL; null when unknown. */
  flushLagSeconds: number | null;
}

/** Operators receive every tenant's points of one second together. */
export interface DashboardTick {
  at: number;
  points: DashboardPoint[];
}

/** Event name of the per-second DashboardTick sent to the operators room. */
export const DASHBOARD_TICK_EVENT = 'dashboard:tick';
/** tenantId of the platform-wide series (sums over every tenant) kept for operators. */
export const PLATFORM_SERIES_ID = '*';
