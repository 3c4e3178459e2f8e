// Outbox → BullMQ → processors, against the run's PostgreSQL and a real Redis: a staff
// decision taken through the domain function reaches the uploader and the general chat
// room exactly once (stored, and live through the emitter's channels) even when a job
// runs twice or the relay dies between enqueueing and marking; another tenant sees
// nothing; several relays never take the same row.
import { randomUUID } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { addComment, approveTorrent, rejectTorrent } from '@swarmhost/domain';
import { CHAT_MESSAGE_EVENT, gatewayRooms, NOTIFICATION_EVENT, OUTBOX_TOPICS, outboxSourceKey, type ChatMessageView, type NotificationPush } from '@swarmhost/events';
import { createLogger } from '@swarmhost/log';
import type { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { outboxJobId } from '../src/jobs/define-job';
import { startJobWorkers } from '../src/job-workers';
import { createLiveEmitter } from '../src/live-emitter';
import { OutboxRelay } from '../src/outbox/relay';
import type { ProcessorContext } from '../src/processors/processor-context';
import { createQueues, type JobQueue } from '../src/queues';
import { outboxJobs } from '../src/registry';
import { generalRoomId, newMember, newTenant, newTorrent } from './support/fixtures';
import { LiveSubscriber } from './support/live-subscriber';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runId = inject('runId');
const PREFIX = `swarmhost-worker-test:${runId}`;
const ADAPTER_KEY = `worker-test-${runId}`;
const log = createLogger('silent');

let bullRedis: Redis;
let emitterRedis: Redis;
let context: ProcessorContext;
let queues: Map<string, JobQueue>;
let workers: Worker[];
let subscriber: LiveSubscriber;

beforeAll(async () => {
  bullRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  emitterRedis = new Redis(REDIS_URL);
  context = { emitter: createLiveEmitter(emitterRedis, ADAPTER_KEY), log };
  // Search rows are relayed by search-indexing.test.ts, which may run at the same time.
  const jobs = outboxJobs.filter((job) => job.topic !== OUTBOX_TOPICS.torrentSearchChanged && job.topic !== OUTBOX_TOPICS.forumSearchChanged);
  queues = createQueues({ jobs, connection: bullRedis, prefix: PREFIX });
  workers = startJobWorkers({ jobs, connection: bullRedis, prefix: PREFIX, concurrency: 2, context });
  subscriber = await LiveSubscriber.start(REDIS_URL, ADAPTER_KEY);
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  for (const { queue } of queues.values()) {
    await queue.obliterate({ force: true });
    await queue.close();
  }
  subscriber.close();
  bullRedis.disconnect();
  emitterRedis.disconnect();
});

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const relay = (afterEnqueue?: (ids: readonly string[]) => Promise<void>, batchSize = 100) =>
  new OutboxRelay({ db: systemClient(), queues, batchSize, pollIntervalMs: 50, log, afterEnqueue });

const queueOf = (topic: string): Queue => {
  const entry = queues.get(topic);
  if (!entry) throw new Error(`no queue for ${topic}`);
  return entry.queue;
};

async function latestOutboxRow(tenantId: string) {
  return systemClient().outboxEvent.findFirstOrThrow({ where: { tenantId }, orderBy: { id: 'desc' } });
}

async function completed(topic: string, outboxId: bigint) {
  return until(async () => {
    const job = await queueOf(topic).getJob(outboxJobId(String(outboxId)));
    return job && (await job.getState()) === 'completed' ? job : undefined;
  }, `job ${outboxJobId(String(outboxId))} to complete`);
}

const stored = async (tenantId: string, memberId: string) => ({
  notifications: await systemClient().notification.findMany({ where: { tenantId, memberId }, select: { kind: true, payload: true, sourceKey: true } }),
  messages: await systemClient().chatMessage.findMany({ where: { tenantId }, select: { body: true, authorId: true, sourceKey: true } }),
});

async function community() {
  const tenant = await newTenant();
  const staff = await newMember(tenant, 'staff');
  const uploader = await newMember(tenant);
  return { tenant, staff, uploader, staffContext: { publisher: emitterRedis, tenantId: tenant.id, staffId: staff.id } };
}

describe('torrent-moderated', () => {
  it('approving posts one system message in the general room and one notification, stored and live, even when the job runs twice', async () => {
    const { tenant, uploader, staffContext } = await community();
    const other = await community();
    const torrent = await newTorrent(tenant, uploader.id);

    await approveTorrent(staffContext, torrent.id);
    const row = await latestOutboxRow(tenant.id);
    expect(row).toMatchObject({ topic: OUTBOX_TOPICS.torrentModerated, processedAt: null, payload: { decision: 'approved', torrentId: torrent.id } });

    expect(await relay().relayOnce()).toBeGreaterThanOrEqual(1);
    expect((await latestOutboxRow(tenant.id)).processedAt).not.toBeNull();
    const job = await completed(OUTBOX_TOPICS.torrentModerated, row.id);

    const body = `torrent "${torrent.name}" approved`;
    const after = await stored(tenant.id, uploader.id);
    expect(after.notifications).toEqual([{ kind: 'torrent.approved', payload: { torrentId: torrent.id, torrentName: torrent.name }, sourceKey: outboxSourceKey(row.id) }]);
    expect(after.messages).toEqual([{ body, authorId: null, sourceKey: outboxSourceKey(row.id) }]);

    const chatRoom = gatewayRooms.chat(tenant.id, await generalRoomId(tenant.id));
    const chat = await until(async () => subscriber.to(chatRoom, CHAT_MESSAGE_EVENT)[0], 'the live chat message');
    expect(chat.payload as ChatMessageView).toMatchObject({ roomSlug: 'general', author: null, body });
    const push = await until(async () => subscriber.to(gatewayRooms.member(tenant.id, uploader.id), NOTIFICATION_EVENT)[0], 'the live notification');
    expect(push.payload as NotificationPush).toMatchObject({ unread: 1, notification: { kind: 'torrent.approved', payload: { torrentName: torrent.name } } });

    // A retry (BullMQ runs a job again after a crash or a failed later step).
    const handler = outboxJobs.find((entry) => entry.topic === OUTBOX_TOPICS.torrentModerated);
    await handler?.run(job.data, context);
    await handler?.run(job.data, context);
    expect(await stored(tenant.id, uploader.id)).toEqual(after);
    // Pushed again with the same ids, which the pages drop as known.
    const chatIds = new Set(subscriber.to(chatRoom, CHAT_MESSAGE_EVENT).map((entry) => (entry.payload as ChatMessageView).id));
    expect(chatIds.size).toBe(1);

    expect(await stored(other.tenant.id, other.uploader.id)).toEqual({ notifications: [], messages: [] });
    expect(subscriber.delivered.filter((entry) => entry.room.startsWith(`tenant:${other.tenant.id}:`))).toEqual([]);
  });

  it('posts once when the relay dies after enqueueing and before marking the row', async () => {
    const { tenant, uploader, staffContext } = await community();
    const torrent = await newTorrent(tenant, uploader.id);
    await approveTorrent(staffContext, torrent.id);
    const row = await latestOutboxRow(tenant.id);

    const crashing = relay(() => Promise.reject(new Error('killed between enqueue and mark')));
    await expect(crashing.relayOnce()).rejects.toThrow(/killed between enqueue and mark/);
    expect((await latestOutboxRow(tenant.id)).processedAt).toBeNull();
    const first = await completed(OUTBOX_TOPICS.torrentModerated, row.id);

    // While BullMQ keeps the job, enqueueing the row again is a no-op (same job id) ...
    expect(await relay().relayOnce()).toBeGreaterThanOrEqual(1);
    expect((await latestOutboxRow(tenant.id)).processedAt).not.toBeNull();
    expect((await queueOf(OUTBOX_TOPICS.torrentModerated).getJob(outboxJobId(String(row.id))))?.processedOn).toBe(first.processedOn);
    // ... and once it is gone the job runs again, and the source keys hold.
    await first.remove();
    await systemClient().outboxEvent.update({ where: { id: row.id }, data: { processedAt: null } });
    expect(await relay().relayOnce()).toBeGreaterThanOrEqual(1);
    const second = await completed(OUTBOX_TOPICS.torrentModerated, row.id);
    expect(second.processedOn).not.toBe(first.processedOn);

    const result = await stored(tenant.id, uploader.id);
    expect(result.notifications.map((entry) => entry.kind)).toEqual(['torrent.approved']);
    expect(result.messages.map((entry) => entry.body)).toEqual([`torrent "${torrent.name}" approved`]);
  });

  it('rejecting notifies the uploader with the reason and posts nothing in chat; another tenant gets nothing', async () => {
    const { tenant, uploader, staffContext } = await community();
    const other = await community();
    const otherStaff = await newMember(other.tenant, 'staff');
    const torrent = await newTorrent(tenant, uploader.id);
    await rejectTorrent(staffContext, torrent.id, '  no sample included ');
    const row = await latestOutboxRow(tenant.id);
    await relay().relayOnce();
    await completed(OUTBOX_TOPICS.torrentModerated, row.id);

    const result = await stored(tenant.id, uploader.id);
    expect(result.notifications).toEqual([
      { kind: 'torrent.rejected', payload: { torrentId: torrent.id, torrentName: torrent.name, reason: 'no sample included' }, sourceKey: outboxSourceKey(row.id) },
    ]);
    expect(result.messages).toEqual([]);
    const push = await until(async () => subscriber.to(gatewayRooms.member(tenant.id, uploader.id), NOTIFICATION_EVENT)[0], 'the live notification');
    expect(push.payload as NotificationPush).toMatchObject({ notification: { kind: 'torrent.rejected', payload: { reason: 'no sample included' } } });
    for (const member of [other.uploader, other.staff, otherStaff]) {
      expect(await systemClient().notification.count({ where: { memberId: member.id } })).toBe(0);
    }
    expect(subscriber.delivered.filter((entry) => entry.room.startsWith(`tenant:${other.tenant.id}:`))).toEqual([]);
  });

  it('writes no event when the torrent already had that status (a double click)', async () => {
    const { tenant, uploader, staffContext } = await community();
    const torrent = await newTorrent(tenant, uploader.id);
    await approveTorrent(staffContext, torrent.id);
    await approveTorrent(staffContext, torrent.id);
    expect(await systemClient().outboxEvent.count({ where: { tenantId: tenant.id, topic: OUTBOX_TOPICS.torrentModerated } })).toBe(1);
    expect(await systemClient().outboxEvent.count({ where: { tenantId: tenant.id, topic: OUTBOX_TOPICS.torrentSearchChanged } })).toBe(1);
  });
});

describe('comment-posted', () => {
  it("notifies the torrent's uploader of someone else's comment, once, and not of their own", async () => {
    const { tenant, uploader } = await community();
    const commenter = await newMember(tenant);
    const torrent = await newTorrent(tenant, uploader.id, 'approved');
    const comment = await addComment({ tenantId: tenant.id, torrentId: torrent.id, authorId: commenter.id, body: 'thanks for this' });
    await addComment({ tenantId: tenant.id, torrentId: torrent.id, authorId: uploader.id, body: 'you are welcome' });
    const rows = await systemClient().outboxEvent.findMany({ where: { tenantId: tenant.id }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => row.topic)).toEqual([OUTBOX_TOPICS.commentPosted, OUTBOX_TOPICS.commentPosted]);

    await relay().relayOnce();
    for (const row of rows) {
      const job = await completed(OUTBOX_TOPICS.commentPosted, row.id);
      await outboxJobs.find((entry) => entry.topic === OUTBOX_TOPICS.commentPosted)?.run(job.data, context);
    }
    const result = await stored(tenant.id, uploader.id);
    expect(result.notifications).toEqual([
      {
        kind: 'torrent.comment',
        payload: { torrentId: torrent.id, torrentName: torrent.name, commentId: comment.id, authorUsername: commenter.username },
        sourceKey: outboxSourceKey(rows[0]!.id),
      },
    ]);
    expect(await systemClient().notification.count({ where: { memberId: commenter.id } })).toBe(0);
  });
});

describe('the relay', () => {
  it('lets several relays share the table without taking a row twice, and leaves topics it does not know', async () => {
    const tenant = await newTenant();
    const data = Array.from({ length: 12 }, () => ({
      tenantId: tenant.id,
      topic: OUTBOX_TOPICS.commentPosted,
      payload: { torrentId: randomUUID(), commentId: randomUUID(), authorId: randomUUID() },
    }));
    await systemClient().outboxEvent.createMany({ data: [...data, { tenantId: tenant.id, topic: 'search.index', payload: {} }] });
    const taken: string[][] = [[], []];
    // Each holds its claim a moment, so the two transactions overlap.
    const relays = taken.map((mine) => relay(async (ids) => {
      mine.push(...ids);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }, 3));
    await Promise.all(relays.map(async (each) => {
      while ((await each.relayOnce()) > 0);
    }));

    const rows = await systemClient().outboxEvent.findMany({ where: { tenantId: tenant.id }, orderBy: { id: 'asc' } });
    const known = rows.filter((row) => row.topic === OUTBOX_TOPICS.commentPosted).map((row) => String(row.id));
    expect([...taken[0]!, ...taken[1]!].sort()).toEqual([...known].sort());
    expect(taken[0]!.filter((id) => taken[1]!.includes(id))).toEqual([]);
    expect(taken[0]!.length).toBeGreaterThan(0);
    expect(taken[1]!.length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.processedAt === null).map((row) => row.topic)).toEqual(['search.index']);
  });

  it('keeps running on its own: a decision reaches the uploader with no manual relay', async () => {
    const { tenant, uploader, staffContext } = await community();
    const running = relay();
    running.start();
    try {
      const torrent = await newTorrent(tenant, uploader.id);
      await approveTorrent(staffContext, torrent.id);
      await until(async () => (await systemClient().notification.count({ where: { memberId: uploader.id } })) === 1, 'the notification');
    } finally {
      await running.stop();
    }
  });
});
