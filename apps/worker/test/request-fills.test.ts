// The request-fills schedule (issue 12) through BullMQ with real Redis and PostgreSQL: at
// start it accepts the fills whose requester did not answer within acceptDays, pays the
// filler once, and leaves fills still within their time alone.
import { withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { bookPoints, createRequest, fillRequest } from '@swarmhost/domain';
import { newTorrent } from '@swarmhost/domain/testing/fixtures';
import { createLogger } from '@swarmhost/log';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REQUEST_FILLS_SCHEDULER_ID, requestFillsJob } from '../src/jobs/request-fills';
import { processRequestFills } from '../src/processors/request-fills';
import { startScheduledJob } from '../src/scheduled-job';
import { newMember, newTenant } from './support/fixtures';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `swarmhost-worker-test:${inject('runId')}:request-fills`;
const DAY_MS = 86_400_000;
const log = createLogger('silent');

let redis: Redis;
beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(() => redis.disconnect());

describe('the request-fills schedule', () => {
  it('accepts overdue fills at start and pays each filler once', async () => {
    const tenant = await newTenant();
    const settings = { requests: { minBounty: 10, acceptDays: 3 } };
    await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings } });
    const requester = await newMember(tenant);
    const [late, recent] = [await newMember(tenant), await newMember(tenant)];
    await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: requester.id, amount: 100, reason: 'staff_adjustment' }));
    const torrent = await newTorrent(tenant);
    const t = { id: tenant.id, settings };
    const overdue = await createRequest({ tenant: t, memberId: requester.id, title: 'Overdue', bounty: 40 });
    const waiting = await createRequest({ tenant: t, memberId: requester.id, title: 'Waiting', bounty: 25 });
    await fillRequest({ tenant: t, memberId: late.id, requestId: overdue.id, torrentId: torrent.id, now: new Date(Date.now() - 4 * DAY_MS) });
    await fillRequest({ tenant: t, memberId: recent.id, requestId: waiting.id, torrentId: torrent.id, now: new Date(Date.now() - 2 * DAY_MS) });

    const now = () => new Date();
    const run = () => processRequestFills({ now, log, tenantIds: [tenant.id] });
    const scheduled = await startScheduledJob({ definition: requestFillsJob, schedulerId: REQUEST_FILLS_SCHEDULER_ID, everyMs: 60_000, connection: redis, prefix: PREFIX, log, now, run });
    try {
      const deadline = Date.now() + 20_000;
      const statusOf = async (id: string) => (await systemClient().torrentRequest.findUniqueOrThrow({ where: { id } })).status;
      while ((await statusOf(overdue.id)) !== 'filled' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await statusOf(overdue.id)).toBe('filled');
      expect(await statusOf(waiting.id)).toBe('pending');
      // A second pass (another process, a retry) pays nobody twice.
      expect(await run()).toEqual([]);
      const rewards = await systemClient().bonusTransaction.findMany({ where: { tenantId: tenant.id, reason: 'request_reward' }, select: { memberId: true, amount: true } });
      expect(rewards.map((row) => [row.memberId, row.amount.toString()])).toEqual([[late.id, '40']]);
      const note = await systemClient().notification.findFirstOrThrow({ where: { memberId: late.id, kind: 'request.accepted' } });
      expect(note.payload).toMatchObject({ requestId: overdue.id, reward: '40', automatic: true });
    } finally {
      await scheduled.queue.removeJobScheduler(REQUEST_FILLS_SCHEDULER_ID);
      await scheduled.queue.obliterate({ force: true });
      await scheduled.close();
    }
  });
});
