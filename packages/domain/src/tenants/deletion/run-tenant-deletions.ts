// The worker's deletion pass. A deletion past its due date is taken in two steps, at
// least PURGE_SETTLE_MS apart: first the tenant is suspended (site and tracker refuse
// it within a second, over the invalidation channel the tracker and gateways hear),
// so no announce, flush or page writes for it any more; then its rows, Redis keys,
// search documents and host names are removed and the completion is audited. Several
// workers may run the pass: the suspension is claimed under row locks, and the purge is
// idempotent (whoever removes the tenant row writes the completion).
import type { DbClient } from '@swarmhost/db';
import { publishInvalidation, type Publisher } from '@swarmhost/events';
import type { Redis } from 'ioredis';
import { purgeTenantRedisKeys } from './purge-redis';
import { purgeTenantRows } from './purge-rows';
import { recordPlatformAudit } from './tenant-deletions';

/** Long enough for the tracker's ledger flush (3 s) and any request in flight to finish. */
export const PURGE_SETTLE_MS = 60_000;

export interface DeletionPassOptions {
  db: DbClient;
  redis: Redis;
  publisher: Publisher;
  now: () => Date;
  /** Removes the tenant's documents from an external search engine, if one is used. */
  searchIndexer?: { removeTenant(tenantId: string): Promise<unknown> };
  /** Removes queued and finished BullMQ jobs whose data names the tenant. */
  removeQueuedJobs?: (tenantId: string) => Promise<number>;
  log?: { info(message: string, fields?: Record<string, unknown>): void };
}

export interface DeletionPassResult {
  suspended: string[];
  deleted: string[];
}

async function suspendDue(options: DeletionPassOptions): Promise<string[]> {
  const now = options.now();
  const claimed = await options.db.$queryRaw<{ tenant_id: string }[]>`
    UPDATE tenant_deletions SET purge_started_at = ${now}
     WHERE tenant_id IN (SELECT tenant_id FROM tenant_deletions WHERE due_at <= ${now} AND purge_started_at IS NULL FOR UPDATE SKIP LOCKED)
     RETURNING tenant_id::text AS tenant_id`;
  for (const { tenant_id: tenantId } of claimed) {
    await options.db.tenant.update({
      where: { id: tenantId },
      data: { status: 'suspended', suspendedReason: 'this community has been closed by its owner and is being deleted', suspendedAt: now },
    });
    await publishInvalidation(options.publisher, { kind: 'tenant', tenantId });
  }
  return claimed.map((row) => row.tenant_id);
}

/** True when this call removed the tenant row (a pass running at the same time may share the work; one of them finishes it). */
async function purgeOne(options: DeletionPassOptions, tenantId: string): Promise<boolean> {
  const { db } = options;
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true, slug: true, name: true } });
  if (!tenant) return false;
  // Ids other Redis keys are named by, read before their rows go.
  const related = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM members WHERE tenant_id = ${tenantId}::uuid
    UNION ALL SELECT id::text FROM sessions WHERE tenant_id = ${tenantId}::uuid`;
  // The search engine's documents first: a failure there leaves the rows, so the next pass retries.
  await options.searchIndexer?.removeTenant(tenantId);
  const report = await purgeTenantRows({ db, tenantId });
  if (report.removed.tenants !== 1) return false;
  // Jobs first, through BullMQ (its lists stay right), then whatever key still names the tenant.
  const jobs = (await options.removeQueuedJobs?.(tenantId)) ?? 0;
  const redisKeys = await purgeTenantRedisKeys({ redis: options.redis, tenantId, relatedIds: related.map((row) => row.id) });
  // Trackers and gateways drop what they cached of it (the row is gone now).
  await publishInvalidation(options.publisher, { kind: 'tenant', tenantId });
  await recordPlatformAudit(db, { action: 'tenant.delete.complete', tenant, operatorId: null, details: { rows: report.removed, redisKeys, jobs } });
  options.log?.info('tenant deleted', { tenantId, slug: tenant.slug, rows: report.removed, redisKeys, jobs });
  return true;
}

export async function runTenantDeletions(options: DeletionPassOptions): Promise<DeletionPassResult> {
  const suspended = await suspendDue(options);
  const settled = new Date(options.now().getTime() - PURGE_SETTLE_MS);
  const ready = await options.db.tenantDeletion.findMany({ where: { purgeStartedAt: { lte: settled } }, select: { tenantId: true } });
  const deleted: string[] = [];
  for (const { tenantId } of ready) {
    if (await purgeOne(options, tenantId)) deleted.push(tenantId);
  }
  return { suspended, deleted };
}
