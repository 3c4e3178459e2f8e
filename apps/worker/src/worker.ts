// One worker process: the outbox relay, a BullMQ worker per queue, the scheduled
// seeding accrual, hit-and-run pass and request-fill acceptance, on two Redis
// connections (BullMQ's, and the live emitter's). Any number of processes may run.
import { systemClient } from '@swarmhost/db/system';
import type { Logger } from '@swarmhost/log';
import { createSearchIndexer } from '@swarmhost/search';
import { Redis } from 'ioredis';
import type { WorkerEnv } from './env';
import { startJobWorkers } from './job-workers';
import { createLiveEmitter } from './live-emitter';
import { OutboxRelay } from './outbox/relay';
import { createQueues } from './queues';
import { outboxJobs } from './registry';
import { startHitAndRun } from './hit-and-run';
import { REQUEST_FILLS_SCHEDULER_ID, requestFillsJob } from './jobs/request-fills';
import { processRequestFills } from './processors/request-fills';
import { startScheduledJob } from './scheduled-job';
import { preparedIndexer } from './search/prepared-indexer';
import { startSearchIndexing } from './search/start-search-indexing';
import { startSeedingAccrual } from './seeding-accrual';
import { startTenantDeletions } from './tenant-deletion';
import { startTenantExports } from './tenant-export';

export interface RunningWorker {
  relay: OutboxRelay;
  /** Stops relaying, lets running jobs finish, closes queues and Redis connections. */
  close(): Promise<void>;
}

type Settings = Pick<WorkerEnv, 'REDIS_URL' | 'REALTIME_ADAPTER_KEY' | 'WORKER_QUEUE_PREFIX' | 'WORKER_CONCURRENCY' | 'WORKER_OUTBOX_POLL_MS' | 'WORKER_OUTBOX_BATCH' | 'WORKER_ACCRUAL_PERIOD_SECONDS' | 'WORKER_HIT_AND_RUN_INTERVAL_SECONDS' | 'WORKER_REQUEST_FILLS_INTERVAL_SECONDS'> &
  Partial<Pick<WorkerEnv, 'SEARCH_BACKEND' | 'MEILISEARCH_URL' | 'MEILISEARCH_KEY' | 'MEILISEARCH_INDEX_PREFIX' | 'WORKER_SEARCH_SWARM_REFRESH_SECONDS'>>;

export function startWorker(env: Settings, log: Logger): RunningWorker {
  // BullMQ's workers block on this connection's duplicates, which needs no retry limit.
  const bullRedis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  const emitterRedis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
  const liveEmitter = createLiveEmitter(emitterRedis, env.REALTIME_ADAPTER_KEY);
  // Search: PostgreSQL unless SEARCH_BACKEND=meilisearch (then the outbox's search jobs write its index).
  const searchIndexer =
    env.SEARCH_BACKEND === 'meilisearch'
      ? preparedIndexer(
          createSearchIndexer({
            SEARCH_BACKEND: 'meilisearch',
            MEILISEARCH_URL: env.MEILISEARCH_URL,
            MEILISEARCH_KEY: env.MEILISEARCH_KEY,
            MEILISEARCH_INDEX_PREFIX: env.MEILISEARCH_INDEX_PREFIX ?? 'swarmhost',
          }),
        )
      : undefined;
  const context = { emitter: liveEmitter, log, searchIndexer };
  const queues = createQueues({ jobs: outboxJobs, connection: bullRedis, prefix: env.WORKER_QUEUE_PREFIX });
  const workers = startJobWorkers({ jobs: outboxJobs, connection: bullRedis, prefix: env.WORKER_QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY, context });
  const relay = new OutboxRelay({ db: systemClient(), queues, batchSize: env.WORKER_OUTBOX_BATCH, pollIntervalMs: env.WORKER_OUTBOX_POLL_MS, log });
  relay.start();
  const accrual = startSeedingAccrual({
    connection: bullRedis,
    prefix: env.WORKER_QUEUE_PREFIX,
    context: { periodSeconds: env.WORKER_ACCRUAL_PERIOD_SECONDS, now: () => new Date(), log, emitter: liveEmitter },
  });
  accrual.catch((error: unknown) => log.error('seeding accrual did not start', { error }));
  // Member invalidations for the trackers go out on the emitter's connection (a plain publish).
  const hitAndRun = startHitAndRun({
    connection: bullRedis,
    prefix: env.WORKER_QUEUE_PREFIX,
    intervalSeconds: env.WORKER_HIT_AND_RUN_INTERVAL_SECONDS,
    context: { now: () => new Date(), publisher: emitterRedis, emitter: liveEmitter, log },
  });
  hitAndRun.catch((error: unknown) => log.error('hit-and-run schedule did not start', { error }));
  const now = () => new Date();
  const requestFills = startScheduledJob({
    definition: requestFillsJob,
    schedulerId: REQUEST_FILLS_SCHEDULER_ID,
    everyMs: env.WORKER_REQUEST_FILLS_INTERVAL_SECONDS * 1000,
    connection: bullRedis,
    prefix: env.WORKER_QUEUE_PREFIX,
    log,
    now,
    run: async () => ({ tenants: (await processRequestFills({ now, emitter: liveEmitter, log })).length }),
  });
  requestFills.catch((error: unknown) => log.error('request-fills schedule did not start', { error }));
  // Tenant export and deletion (issue 14); SCAN, UNLINK and the invalidations use the emitter's plain connection.
  const tenantExports = startTenantExports({ connection: bullRedis, prefix: env.WORKER_QUEUE_PREFIX, now, log });
  tenantExports.catch((error: unknown) => log.error('tenant-export schedule did not start', { error }));
  const tenantDeletions = startTenantDeletions({ connection: bullRedis, context: { redis: emitterRedis, prefix: env.WORKER_QUEUE_PREFIX, now, log, searchIndexer } });
  tenantDeletions.catch((error: unknown) => log.error('tenant-deletion schedule did not start', { error }));
  const searchIndexing = searchIndexer
    ? startSearchIndexing({ indexer: searchIndexer, connection: bullRedis, prefix: env.WORKER_QUEUE_PREFIX, everyMs: (env.WORKER_SEARCH_SWARM_REFRESH_SECONDS ?? 60) * 1000, log, now })
    : Promise.resolve(undefined);
  searchIndexing.catch((error: unknown) => log.error('search indexing did not start', { error }));
  return {
    relay,
    async close() {
      await relay.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      await accrual.then((started) => started.close()).catch(() => undefined);
      await hitAndRun.then((started) => started.close()).catch(() => undefined);
      await requestFills.then((started) => started.close()).catch(() => undefined);
      await tenantExports.then((started) => started.close()).catch(() => undefined);
      await tenantDeletions.then((started) => started.close()).catch(() => undefined);
      await searchIndexing.then((started) => started?.close()).catch(() => undefined);
      await Promise.all([...queues.values()].map(({ queue }) => queue.close()));
      bullRedis.disconnect();
      emitterRedis.disconnect();
    },
  };
}
