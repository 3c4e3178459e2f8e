// A tenant's usage against its plan, for the owner's bars: members and torrents as
// counted by the quota checks, and the plan's other limits beside them.
import { forTenant, type DbClient } from '@swarmhost/db';
import { readTenantLimits, type TenantLimits } from './tenant-limits';

/** Notices go out at these shares of a limit (percent). */
export const USAGE_THRESHOLDS = [80, 100] as const;
export type UsageThreshold = (typeof USAGE_THRESHOLDS)[number];

export interface UsageMeter {
  used: number;
  limit: number;
  /** Whole percent, capped at 100 for the bar (used may exceed a lowered limit). */
  percent: number;
  /** 'full' at the limit (new ones refused), 'warning' from 80 %. */
  level: 'ok' | 'warning' | 'full';
}

export interface TenantUsage {
  limits: TenantLimits;
  members: UsageMeter;
  torrents: UsageMeter;
}

export function usageMeter(used: number, limit: number): UsageMeter {
  const percent = Math.min(100, Math.floor((used * 100) / Math.max(1, limit)));
  const level = used >= limit ? 'full' : used * 100 >= limit * 80 ? 'warning' : 'ok';
  return { used, limit, percent, level };
}

/** `db` reads the platform rows (tenant, plan); the counts go through the tenant's scope. */
export async function readTenantUsage(options: { db: Pick<DbClient, 'tenant'>; tenantId: string }): Promise<TenantUsage> {
  const scoped = forTenant(options.tenantId);
  const [limits, members, torrents] = await Promise.all([
    readTenantLimits(options.db, options.tenantId),
    scoped.member.count(),
    scoped.torrent.count({ where: { status: { in: ['approved', 'pending'] } } }),
  ]);
  return { limits, members: usageMeter(members, limits.maxMembers), torrents: usageMeter(torrents, limits.maxTorrents) };
}
