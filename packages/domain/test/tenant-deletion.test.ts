// Tenant deletion (issue 14) against the run's PostgreSQL and the local Redis: a busy
// tenant is asked to be deleted, survives cancellation, and after the grace period and
// the worker's pass leaves no row in any table and no Redis key, while a second busy
// tenant is untouched.
import { systemClient } from '@swarmhost/db/system';
import { INVALIDATION_CHANNEL } from '@swarmhost/events';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../src/index';
import { cancelTenantDeletion, DELETION_GRACE_DAYS, PURGE_SETTLE_MS, requestTenantDeletion, runTenantDeletions } from '../src/tenants/deletion/index';
import { buildNextTenantExport, requestTenantExport } from '../src/tenants/export/index';
import { redis } from './helpers';
import { rowCounts, seedBusyTenant, type BusyTenant } from './busy-tenant';

const DAY = 86_400_000;
const operatorId = async () =>
  (await systemClient().operator.upsert({ where: { username: 'deleter' }, create: { username: 'deleter', email: 'deleter@example.org', passwordHash: 'x' }, update: {}, select: { id: true } })).id;

/** Every (table, column) of a text or uuid column holding `value`, across the whole schema. */
async function everyColumnHolding(value: string): Promise<string[]> {
  const db = systemClient();
  const columns = await db.$queryRaw<{ table_name: string; column_name: string; data_type: string }[]>`
    SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.data_type IN ('uuid', 'text', 'citext', 'USER-DEFINED', 'jsonb')
       AND c.table_name <> '_prisma_migrations'`;
  const found: string[] = [];
  for (const column of columns) {
    if (column.data_type === 'USER-DEFINED' && column.column_name !== 'username' && column.column_name !== 'email') continue;
    const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${column.table_name}" WHERE "${column.column_name}"::text ${column.data_type === 'jsonb' ? `LIKE '%' || $1 || '%'` : '= $1'}`,
      value,
    );
    if (Number(row?.n ?? 0) > 0) found.push(`${column.table_name}.${column.column_name}`);
  }
  return found;
}

async function redisKeysNaming(...needles: string[]): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    found.push(...keys.filter((key) => needles.some((needle) => key.includes(needle))));
  } while (cursor !== '0');
  return found;
}

const subscriber = new Redis(redis.options);
afterAll(() => subscriber.disconnect());

describe('tenant deletion', () => {
  let doomed: BusyTenant;
  let bystander: BusyTenant;

  it('refuses a slug typed wrong, and cancelling within the grace period keeps everything', async () => {
    doomed = await seedBusyTenant({ bulkMembers: 300 });
    const db = systemClient();
    const actor = await operatorId();
    const tenant = { id: doomed.id, slug: doomed.slug, name: `Tenant ${doomed.slug}` };
    const wrong = await requestTenantDeletion({ db, tenant, confirmSlug: `${doomed.slug}x`, operatorId: actor, now: new Date() }).catch((error: unknown) => error);
    expect(isAppError(wrong) && wrong.code === 'BAD_REQUEST' && wrong.message).toContain(`type "${doomed.slug}" exactly`);
    expect(await db.tenantDeletion.count({ where: { tenantId: doomed.id } })).toBe(0);

    const before = await rowCounts(doomed.id);
    const requestedAt = new Date();
    const state = await requestTenantDeletion({ db, tenant, confirmSlug: ` ${doomed.slug} `, operatorId: actor, now: requestedAt });
    expect(new Date(state.dueAt).getTime() - requestedAt.getTime()).toBe(DELETION_GRACE_DAYS * DAY);
    // A day before it is due, the pass leaves it alone; the tenant is still active.
    const early = await runTenantDeletions({ db, redis, publisher: redis, now: () => new Date(requestedAt.getTime() + 6 * DAY) });
    expect(early).toEqual({ suspended: [], deleted: [] });
    expect((await db.tenant.findUniqueOrThrow({ where: { id: doomed.id } })).status).toBe('active');
    await cancelTenantDeletion({ db, tenant, operatorId: actor });
    const late = await runTenantDeletions({ db, redis, publisher: redis, now: () => new Date(requestedAt.getTime() + 30 * DAY) });
    expect(late).toEqual({ suspended: [], deleted: [] });
    expect(await rowCounts(doomed.id)).toEqual({ ...before, tenant_deletions: 0 });
    const audit = await db.auditLog.findMany({ where: { tenantId: null, targetId: doomed.id }, orderBy: { createdAt: 'asc' }, select: { action: true } });
    expect(audit.map((entry) => entry.action)).toEqual(['tenant.delete.request', 'tenant.delete.cancel']);
  });

  it('removes every row, Redis key and host name of the tenant once due, and nothing of another', async () => {
    bystander = await seedBusyTenant({ bulkMembers: 300 });
    const db = systemClient();
    const actor = await operatorId();
    // An export of the doomed tenant is stored too: its chunks must go with it.
    await requestTenantExport({ db, tenant: doomed, operatorId: actor });
    expect((await buildNextTenantExport({ db, now: () => new Date() }))?.status).toBe('ready');
    const bystanderBefore = await rowCounts(bystander.id);
    const bystanderKeys = await redisKeysNaming(bystander.id);
    expect(bystanderKeys.length).toBeGreaterThan(0);
    expect(await redisKeysNaming(doomed.id)).not.toEqual([]);

    const requestedAt = new Date();
    const tenant = { id: doomed.id, slug: doomed.slug, name: `Tenant ${doomed.slug}` };
    await requestTenantDeletion({ db, tenant, confirmSlug: doomed.slug, operatorId: actor, now: requestedAt });
    const invalidations: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => invalidations.push(message));
    await subscriber.subscribe(INVALIDATION_CHANNEL);

    const due = new Date(requestedAt.getTime() + DELETION_GRACE_DAYS * DAY);
    const first = await runTenantDeletions({ db, redis, publisher: redis, now: () => due });
    expect(first).toEqual({ suspended: [doomed.id], deleted: [] });
    const suspended = await db.tenant.findUniqueOrThrow({ where: { id: doomed.id } });
    expect(suspended.status).toBe('suspended');
    await expect(cancelTenantDeletion({ db, tenant, operatorId: actor })).rejects.toThrow('has already begun');

    // A search engine that cannot be reached stops the purge before any row goes; the next pass retries.
    const settled = () => new Date(due.getTime() + PURGE_SETTLE_MS);
    const unreachable = { removeTenant: () => Promise.reject(new Error('search engine unreachable')) };
    await expect(runTenantDeletions({ db, redis, publisher: redis, now: settled, searchIndexer: unreachable })).rejects.toThrow('unreachable');
    expect((await rowCounts(doomed.id)).members).toBeGreaterThan(0);
    const removedFromSearch: string[] = [];
    const searchIndexer = { removeTenant: async (tenantId: string) => void removedFromSearch.push(tenantId) };
    const second = await runTenantDeletions({ db, redis, publisher: redis, now: settled, searchIndexer });
    expect(second).toEqual({ suspended: [], deleted: [doomed.id] });
    expect(removedFromSearch).toEqual([doomed.id]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(invalidations.filter((message) => message.includes(doomed.id)).length).toBe(2);

    // Every column of every table, and the Redis key space, searched for the tenant.
    const holding = await everyColumnHolding(doomed.id);
    expect(holding).toEqual(['audit_logs.target_id']);
    const kept = await db.auditLog.findMany({ where: { targetId: doomed.id }, orderBy: { createdAt: 'asc' }, select: { tenantId: true, action: true, details: true } });
    expect(kept.every((entry) => entry.tenantId === null)).toBe(true);
    expect(kept.map((entry) => entry.action)).toEqual(['tenant.delete.request', 'tenant.delete.cancel', 'tenant.delete.request', 'tenant.delete.complete']);
    // The platform audit names the slug too (what an operator reads later); nothing else does.
    expect(await everyColumnHolding(doomed.slug)).toEqual(['audit_logs.details']);
    expect(await db.tenantHost.count({ where: { host: `${doomed.slug}.example.net` } })).toBe(0);
    expect(Object.values(await rowCounts(doomed.id)).every((count) => count === 0)).toBe(true);
    expect(await redisKeysNaming(doomed.id, doomed.slug)).toEqual([]);
    expect(await redis.exists(doomed.reauthKey)).toBe(0);
    expect(await redis.exists(bystander.reauthKey)).toBe(1);

    expect(await rowCounts(bystander.id)).toEqual(bystanderBefore);
    expect((await redisKeysNaming(bystander.id)).sort()).toEqual(bystanderKeys.sort());
    expect((await db.tenant.findUniqueOrThrow({ where: { id: bystander.id } })).status).toBe('active');
  });
});
