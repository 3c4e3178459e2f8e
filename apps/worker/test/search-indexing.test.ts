// Search indexing through the outbox (issues 13 and 15), against the run's PostgreSQL and
// a real Redis: staff decisions and edits taken through the domain functions write
// `search.torrent-changed` rows in their transaction, forum posts, edits, moves and merges
// `search.forum-changed` rows; the relay turns them into BullMQ jobs; each job hands its
// tenant and torrent (or forum post or topic) to the search indexer. The indexer here
// records its calls (no Meilisearch server exists on this machine; the Meilisearch
// indexer itself is covered by packages/search's contract suite where one is set).
import { systemClient } from '@swarmhost/db/system';
import {
  approveTorrent,
  deleteTorrent,
  editForumPost,
  editTorrent,
  mergeTopic,
  moveTopic,
  rejectTorrent,
  replyToTopic,
  saveForum,
  saveForumCategory,
  startTopic,
} from '@swarmhost/domain';
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { createLogger } from '@swarmhost/log';
import type { SearchIndexer } from '@swarmhost/search';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { outboxJobId } from '../src/jobs/define-job';
import { startJobWorkers } from '../src/job-workers';
import { createLiveEmitter } from '../src/live-emitter';
import { OutboxRelay } from '../src/outbox/relay';
import { createQueues, type JobQueue } from '../src/queues';
import { outboxJobs } from '../src/registry';
import { refreshSwarmCounts } from '../src/search/swarm-counts';
import { newMember, newTenant, newTorrent } from './support/fixtures';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `swarmhost-worker-search-test:${inject('runId')}`;
const log = createLogger('silent');

interface Recorded {
  synced: { tenantId: string; torrentIds: readonly string[] }[];
  forumSynced: { tenantId: string; postIds?: readonly string[]; topicId?: string }[];
  refreshed: string[];
}

/** Records what the jobs asked of the search engine. */
function recordingIndexer(): SearchIndexer & Recorded {
  const synced: Recorded['synced'] = [];
  const forumSynced: Recorded['forumSynced'] = [];
  const refreshed: string[] = [];
  return {
    backend: 'meilisearch',
    synced,
    forumSynced,
    refreshed,
    prepare: async () => {},
    syncTorrents: async (tenantId, torrentIds) => {
      synced.push({ tenantId, torrentIds });
    },
    syncForumPosts: async (tenantId, postIds) => {
      forumSynced.push({ tenantId, postIds });
    },
    syncForumTopic: async (tenantId, topicId) => {
      forumSynced.push({ tenantId, topicId });
    },
    refreshSwarmCounts: async (tenantId) => {
      refreshed.push(tenantId);
      return 1;
    },
    reindexTenant: async () => ({ indexed: 0, total: 0, removed: 0, forumPosts: { indexed: 0, total: 0, removed: 0 } }),
    removeTenant: async () => {},
  };
}

const indexer = recordingIndexer();
let bullRedis: Redis;
let emitterRedis: Redis;
let queues: Map<string, JobQueue>;
let workers: Worker[];

beforeAll(async () => {
  bullRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  emitterRedis = new Redis(REDIS_URL);
  const context = { emitter: createLiveEmitter(emitterRedis, `search-test-${inject('runId')}`), log, searchIndexer: indexer };
  queues = createQueues({ jobs: outboxJobs, connection: bullRedis, prefix: PREFIX });
  workers = startJobWorkers({ jobs: outboxJobs, connection: bullRedis, prefix: PREFIX, concurrency: 2, context });
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  for (const { queue } of queues.values()) {
    await queue.obliterate({ force: true });
    await queue.close();
  }
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

/**
 * Relays search rows of one topic (only those: outbox.test.ts relays the other topics at
 * the same time) and waits until the tenant's jobs completed.
 */
async function relayAndRun(tenantId: string, topic: string = OUTBOX_TOPICS.torrentSearchChanged): Promise<void> {
  const rows = await systemClient().outboxEvent.findMany({ where: { tenantId, topic }, select: { id: true } });
  const search = queues.get(topic);
  if (!search) throw new Error(`no search job is registered for ${topic}`);
  await new OutboxRelay({ db: systemClient(), queues: new Map([[topic, search]]), batchSize: 1000, pollIntervalMs: 50, log }).relayOnce();
  const queue = search.queue;
  for (const row of rows) {
    await until(async () => {
      const job = await queue.getJob(outboxJobId(String(row.id)));
      return job && (await job.getState()) === 'completed';
    }, `search job of outbox row ${row.id}`);
  }
}

const searchRows = (tenantId: string) =>
  systemClient().outboxEvent.findMany({ where: { tenantId, topic: OUTBOX_TOPICS.torrentSearchChanged }, orderBy: { id: 'asc' }, select: { payload: true } });

describe('search indexing from the outbox', () => {
  it('re-indexes a torrent when it is approved, edited and deleted, in its own tenant only', async () => {
    const tenant = await newTenant();
    const staff = await newMember(tenant, 'staff');
    const staffContext = { publisher: emitterRedis, tenantId: tenant.id, staffId: staff.id };
    const torrent = await newTorrent(tenant, staff.id, 'pending');
    const rejected = await newTorrent(tenant, staff.id, 'pending');

    await approveTorrent(staffContext, torrent.id);
    await approveTorrent(staffContext, torrent.id);
    await rejectTorrent(staffContext, rejected.id, 'no sample included');
    expect(await searchRows(tenant.id)).toEqual([{ payload: { torrentId: torrent.id } }]);
    await relayAndRun(tenant.id);
    expect(indexer.synced.filter((call) => call.tenantId === tenant.id)).toEqual([{ tenantId: tenant.id, torrentIds: [torrent.id] }]);

    await editTorrent(staffContext, torrent.id, { name: 'Harbor Lights 2160p' });
    await deleteTorrent(staffContext, torrent.id, 'duplicate upload');
    expect(await searchRows(tenant.id)).toHaveLength(3);
    await relayAndRun(tenant.id);
    expect(indexer.synced.filter((call) => call.tenantId === tenant.id)).toHaveLength(3);
    // Other test files write search rows of their own tenants at the same time: only this
    // tenant's calls are counted, and its torrent is never synced under another tenant.
    expect(indexer.synced.filter((call) => call.tenantId === tenant.id).every((call) => call.torrentIds.length === 1 && call.torrentIds[0] === torrent.id)).toBe(true);
    expect(indexer.synced.filter((call) => call.torrentIds.includes(torrent.id)).every((call) => call.tenantId === tenant.id)).toBe(true);
    expect(await systemClient().outboxEvent.count({ where: { tenantId: tenant.id, topic: OUTBOX_TOPICS.torrentSearchChanged, processedAt: null } })).toBe(0);
  });

  it('re-indexes a forum post when it is written or edited, and a whole topic when it is moved or merged', async () => {
    const tenant = await newTenant();
    const staff = await newMember(tenant, 'staff');
    const viewer = { id: staff.id, role: 'staff', groupId: null };
    const { id: categoryId } = await saveForumCategory({ tenantId: tenant.id, viewer, name: 'General' });
    const open = await saveForum({ tenantId: tenant.id, viewer, categoryId, name: 'Open', rights: [] });
    const other = await saveForum({ tenantId: tenant.id, viewer, categoryId, name: 'Other', rights: [] });
    const first = await startTopic({ tenantId: tenant.id, viewer, forumId: open.id, title: 'First', body: 'hello' });
    const second = await startTopic({ tenantId: tenant.id, viewer, forumId: open.id, title: 'Second', body: 'again' });
    const reply = await replyToTopic({ tenantId: tenant.id, viewer, topicId: first.topicId, body: 'a reply' });
    await editForumPost({ tenantId: tenant.id, viewer, postId: reply.postId, body: 'a reply, edited' });
    await moveTopic({ tenantId: tenant.id, viewer, topicId: second.topicId, forumId: other.id });
    await mergeTopic({ tenantId: tenant.id, viewer, topicId: second.topicId, intoTopicId: first.topicId });
    await relayAndRun(tenant.id, OUTBOX_TOPICS.forumSearchChanged);
    // Jobs run two at a time: the order of the calls is not the order of the rows.
    const calls = indexer.forumSynced.filter((call) => call.tenantId === tenant.id).map((call) => JSON.stringify(call.postIds ?? call.topicId));
    expect(calls.sort()).toEqual(
      [[first.postId], [second.postId], [reply.postId], [reply.postId], second.topicId, first.topicId, second.topicId].map((value) => JSON.stringify(value)).sort(),
    );
    expect(indexer.forumSynced.filter((call) => call.postIds?.includes(first.postId) || call.topicId === first.topicId).every((call) => call.tenantId === tenant.id)).toBe(true);
    expect(await systemClient().outboxEvent.count({ where: { tenantId: tenant.id, topic: OUTBOX_TOPICS.forumSearchChanged, processedAt: null } })).toBe(0);
  });

  it('refreshes the swarm counts of every active tenant, and reports a tenant that fails', async () => {
    const active = await newTenant();
    const suspended = await newTenant();
    await systemClient().tenant.update({ where: { id: suspended.id }, data: { status: 'suspended' } });
    const result = await refreshSwarmCounts({ indexer, log });
    expect(indexer.refreshed).toContain(active.id);
    expect(indexer.refreshed).not.toContain(suspended.id);
    expect(result.torrentsSent).toBe(result.tenants);

    const failing: SearchIndexer = { ...indexer, refreshSwarmCounts: async (tenantId) => (tenantId === active.id ? Promise.reject(new Error('search down')) : 0) };
    await expect(refreshSwarmCounts({ indexer: failing, log })).rejects.toThrow(/1 of \d+ tenants not refreshed/);
  });
});
