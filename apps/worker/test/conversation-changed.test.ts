// A private message, end to end through the outbox: the message's transaction writes a
// `conversation.changed` row, the relay enqueues it, and the job pushes the recipients'
// new unread counts to their member rooms — counts only, never to the sender or another
// tenant, and never the body.
import { systemClient } from '@swarmhost/db/system';
import { openConversation, replyToConversation, startConversation } from '@swarmhost/domain';
import { gatewayRooms, MESSAGES_UNREAD_EVENT, OUTBOX_TOPICS } from '@swarmhost/events';
import { createLogger } from '@swarmhost/log';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startJobWorkers } from '../src/job-workers';
import { createLiveEmitter } from '../src/live-emitter';
import { OutboxRelay } from '../src/outbox/relay';
import { createQueues, type JobQueue } from '../src/queues';
import { outboxJobs } from '../src/registry';
import { newMember, newTenant } from './support/fixtures';
import { LiveSubscriber } from './support/live-subscriber';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runId = inject('runId');
const PREFIX = `swarmhost-worker-test-pm:${runId}`;
const ADAPTER_KEY = `worker-test-pm-${runId}`;
const log = createLogger('silent');

let bullRedis: Redis;
let emitterRedis: Redis;
let queues: Map<string, JobQueue>;
let workers: Worker[];
let subscriber: LiveSubscriber;
let relay: OutboxRelay;

beforeAll(async () => {
  bullRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  emitterRedis = new Redis(REDIS_URL);
  const jobs = outboxJobs.filter((job) => job.topic === OUTBOX_TOPICS.conversationChanged);
  queues = createQueues({ jobs, connection: bullRedis, prefix: PREFIX });
  workers = startJobWorkers({ jobs, connection: bullRedis, prefix: PREFIX, concurrency: 2, context: { emitter: createLiveEmitter(emitterRedis, ADAPTER_KEY), log } });
  subscriber = await LiveSubscriber.start(REDIS_URL, ADAPTER_KEY);
  relay = new OutboxRelay({ db: systemClient(), queues, batchSize: 100, pollIntervalMs: 50, log });
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

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await relay.relayOnce();
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('conversation-changed', () => {
  it("pushes the recipients' unread conversation counts live, and nothing else", async () => {
    const tenant = await newTenant();
    const [sender, first, second] = [await newMember(tenant), await newMember(tenant), await newMember(tenant)];
    const rate = { redis: emitterRedis };
    const as = (member: { id: string }) => ({ tenantId: tenant.id, memberId: member.id, isStaff: false });
    const { conversationId } = await startConversation({ ...as(sender), recipients: [first.username, second.username], subject: 'Secret plans', body: 'the body stays home', rate });

    const roomOf = (member: { id: string }) => gatewayRooms.member(tenant.id, member.id);
    const firstPush = await until(() => subscriber.to(roomOf(first), MESSAGES_UNREAD_EVENT)[0], "the first recipient's count");
    expect(firstPush.payload).toEqual({ unread: 1 });
    await until(() => subscriber.to(roomOf(second), MESSAGES_UNREAD_EVENT)[0], "the second recipient's count");

    // The first recipient reads and answers: the sender and the second recipient get a count, the reader none.
    await openConversation({ ...as(first), conversationId });
    await replyToConversation({ ...as(first), conversationId, body: 'answer', rate });
    const senderPush = await until(() => subscriber.to(roomOf(sender), MESSAGES_UNREAD_EVENT)[0], "the sender's count");
    expect(senderPush.payload).toEqual({ unread: 1 });
    await until(() => subscriber.to(roomOf(second), MESSAGES_UNREAD_EVENT)[1], "the second recipient's second count");
    expect(subscriber.to(roomOf(first), MESSAGES_UNREAD_EVENT)).toHaveLength(1);

    const ours = subscriber.delivered.filter((entry) => entry.room.startsWith(`tenant:${tenant.id}:`));
    expect(ours.every((entry) => entry.event === MESSAGES_UNREAD_EVENT)).toBe(true);
    expect(JSON.stringify(ours)).not.toMatch(/the body stays home|answer|Secret plans/);
  });
});
