// The worker's half of issue 14's export and deletion: the scheduled passes as the
// worker runs them, against the run's PostgreSQL and the local Redis, with BullMQ jobs
// of the deleted tenant (waiting and completed) removed through BullMQ while another
// tenant's stay.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { requestTenantDeletion } from '@swarmhost/domain/tenants/deletion/index';
import { requestTenantExport } from '@swarmhost/domain/tenants/export/index';
import { createLogger } from '@swarmhost/log';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { runTenantDeletionPass } from '../src/tenant-deletion';
import { runTenantExportPass } from '../src/tenant-export';
import { newMember, newTenant } from './support/fixtures';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `swarmhost-worker-test:${randomBytes(4).toString('hex')}`;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const log = createLogger('error', { app: 'worker-test' });
afterAll(() => redis.disconnect());

describe('tenant export and deletion passes', () => {
  it('builds a waiting export', async () => {
    const tenant = await newTenant();
    await newMember(tenant);
    const operator = await systemClient().operator.create({ data: { username: `op-${tenant.slug}`, email: `op-${tenant.slug}@example.org`, passwordHash: 'x' }, select: { id: true } });
    const requested = await requestTenantExport({ db: systemClient(), tenant, operatorId: operator.id });
    const result = await runTenantExportPass({ now: () => new Date(), log });
    expect(result.built).toBeGreaterThanOrEqual(1);
    expect((await systemClient().tenantExport.findUniqueOrThrow({ where: { id: requested.id } })).status).toBe('ready');
  });

  it("removes the deleted tenant's BullMQ jobs, waiting and completed, and keeps another tenant's", async () => {
    const doomed = await newTenant();
    const kept = await newTenant();
    const queue = new Queue('comment-posted', { connection: redis, prefix: PREFIX });
    const payload = (tenantId: string) => ({ version: 1, outboxId: String(Math.floor(Math.random() * 1e9)), tenantId, event: {} });
    // One job of each tenant completes; one of each waits.
    const worker = new Worker('comment-posted', async () => 'done', { connection: redis.duplicate(), prefix: PREFIX });
    await queue.add('comment-posted', payload(doomed.id), { jobId: `outbox-done-${doomed.id}` });
    await queue.add('comment-posted', payload(kept.id), { jobId: `outbox-done-${kept.id}` });
    await new Promise<void>((resolve) => {
      let completed = 0;
      worker.on('completed', () => (completed += 1) === 2 && resolve());
    });
    await worker.close();
    await queue.add('comment-posted', payload(doomed.id), { jobId: `outbox-wait-${doomed.id}` });
    await queue.add('comment-posted', payload(kept.id), { jobId: `outbox-wait-${kept.id}` });

    const operator = await systemClient().operator.create({ data: { username: `op-${doomed.slug}`, email: `op-${doomed.slug}@example.org`, passwordHash: 'x' }, select: { id: true } });
    const requestedAt = new Date();
    await requestTenantDeletion({ db: systemClient(), tenant: doomed, confirmSlug: doomed.slug, operatorId: operator.id, now: requestedAt });
    const context = { redis, prefix: PREFIX, log, now: () => new Date(requestedAt.getTime() + 8 * 86_400_000) };
    expect(await runTenantDeletionPass(context)).toEqual({ suspended: [doomed.id], deleted: [] });
    const later = { ...context, now: () => new Date(requestedAt.getTime() + 9 * 86_400_000) };
    expect(await runTenantDeletionPass(later)).toEqual({ suspended: [], deleted: [doomed.id] });

    expect(await queue.getJob(`outbox-done-${doomed.id}`)).toBeUndefined();
    expect(await queue.getJob(`outbox-wait-${doomed.id}`)).toBeUndefined();
    expect(await queue.getJob(`outbox-done-${kept.id}`)).toBeDefined();
    expect(await queue.getJob(`outbox-wait-${kept.id}`)).toBeDefined();
    expect(await queue.getCompletedCount()).toBe(1);
    expect(await queue.getWaitingCount()).toBe(1);
    const complete = await systemClient().auditLog.findFirstOrThrow({ where: { targetId: doomed.id, action: 'tenant.delete.complete' }, select: { details: true } });
    expect(complete.details).toMatchObject({ jobs: 2 });
    expect(await systemClient().tenant.count({ where: { id: doomed.id } })).toBe(0);
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
