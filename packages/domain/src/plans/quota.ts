// Holding a tenant to its plan when something is added. Counting and inserting race:
// two registrations at 4,999 of 5,000 would both count 4,999. So the count is taken
// under a transaction-scoped advisory lock per (tenant, resource), held until the
// caller's insert commits; the next caller counts after it. Only additions of the same
// tenant and kind wait on each other, for one count.
import type { DbTransaction } from '@swarmhost/db';
import { AppError } from '../errors';
import { readTenantLimits, type TenantLimits } from './tenant-limits';

export type QuotaResource = 'members' | 'torrents';

export interface QuotaHold {
  used: number;
  limit: number;
  limits: TenantLimits;
}

async function lock(tx: DbTransaction, tenantId: string, resource: QuotaResource): Promise<void> {
  const key = `swarmhost:quota:${resource}:${tenantId}`;
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

async function count(tx: DbTransaction, tenantId: string, resource: QuotaResource): Promise<number> {
  if (resource === 'members') return tx.member.count({ where: { tenantId } });
  return tx.torrent.count({ where: { tenantId, status: { in: ['approved', 'pending'] } } });
}

/** What a person refused at the limit reads. */
export function quotaFullMessage(resource: QuotaResource, tenantName: string, limit: number): string {
  return resource === 'members'
    ? `${tenantName} is full: it has reached its limit of ${limit.toLocaleString('en')} members, so it cannot take new members right now. Nothing was saved; try again later.`
    : `${tenantName} has reached its limit of ${limit.toLocaleString('en')} torrents, so uploads are closed right now. Your .torrent was not stored; ask the staff, or try again later.`;
}

/**
 * Takes the lock and refuses (FORBIDDEN, nothing written) when the tenant is at its
 * limit. Call inside the transaction that then inserts the one new row.
 */
export async function holdQuota(tx: DbTransaction, options: { tenantId: string; tenantName: string; resource: QuotaResource }): Promise<QuotaHold> {
  await lock(tx, options.tenantId, options.resource);
  const limits = await readTenantLimits(tx, options.tenantId);
  const limit = options.resource === 'members' ? limits.maxMembers : limits.maxTorrents;
  const used = await count(tx, options.tenantId, options.resource);
  if (used >= limit) {
    throw new AppError('FORBIDDEN', quotaFullMessage(options.resource, options.tenantName, limit), { quota: options.resource, used, limit });
  }
  return { used, limit, limits };
}
