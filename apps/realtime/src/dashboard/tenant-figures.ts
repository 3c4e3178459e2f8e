// The slower dashboard figures, read every few seconds rather than per second: swarm
// sizes (torrent counters the tracker's flusher keeps current), members who joined in
// the last day, and the tracker's ledger flush lag from its /metrics.
import { systemClient } from '@swarmhost/db/system';
import type { Logger } from '../log';

export interface TenantFigures {
  seeders: number;
  leechers: number;
  newMembers24h: number;
}

interface FigureRow {
  tenant_id: string;
  seeders: bigint | number | null;
  leechers: bigint | number | null;
  new_members: bigint | number | null;
}

/** Figures of every active tenant, keyed by tenant id. */
export async function readTenantFigures(): Promise<Map<string, TenantFigures>> {
  const rows = await systemClient().$queryRaw<FigureRow[]>`
    SELECT t.id AS tenant_id,
      (SELECT sum(seeders) FROM torrents WHERE tenant_id = t.id AND status <> 'deleted') AS seeders,
      (SELECT sum(leechers) FROM torrents WHERE tenant_id = t.id AND status <> 'deleted') AS leechers,
      (SELECT count(*) FROM members WHERE tenant_id = t.id AND created_at > now() - interval '24 hours') AS new_members
    FROM tenants t WHERE t.status = 'active'`;
  return new Map(
    rows.map((row) => [
      row.tenant_id,
      { seeders: Number(row.seeders ?? 0), leechers: Number(row.leechers ?? 0), newMembers24h: Number(row.new_members ?? 0) },
    ]),
  );
}

/** tracker_flush_lag_seconds from the tracker's Prometheus text, or null when unreachable. */
export async function readFlushLag(metricsUrl: string | undefined, log: Logger): Promise<number | null> {
  if (metricsUrl === undefined) return null;
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) });
    const text = await response.text();
    const match = /^tracker_flush_lag_seconds(?:\{[^}]*\})? ([0-9.eE+-]+)$/m.exec(text);
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch (error) {
    log.debug('tracker metrics unreachable', { error });
    return null;
  }
}
