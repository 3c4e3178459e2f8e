// The background worker's settings (apps/worker): BullMQ queues in Redis, the outbox
// relay's pace, and the Socket.io emitter key it publishes live events with.
import { z } from 'zod';
import { parseEnv, type Environment } from './env';
import { databaseShape, logShape, port, redisShape } from './schemas';
import { checkSearchConfig, searchShape } from './search';

const positiveInt = (what: string) => z.coerce.number().int(`must be a whole number of ${what}`).min(1, `must be at least 1 ${what}`);

export const workerShape = {
  ...databaseShape,
  ...redisShape,
  ...logShape,
  ...searchShape,
  /** Socket.io emitter key; the gateways' REALTIME_ADAPTER_KEY. */
  REALTIME_ADAPTER_KEY: z.string().min(1).default('socket.io'),
  /** Prefix of BullMQ's Redis keys; every worker process of one platform uses the same. */
  WORKER_QUEUE_PREFIX: z.string().min(1).default('swarmhost:bull'),
  /**
   * Port of the worker's /healthz (container and orchestrator health checks; it serves
   * no other HTTP). 0 (default) turns it off, so several workers share a host; the
   * container image sets 3300.
   */
  WORKER_HEALTH_PORT: port.default(0),
  /** Address /healthz listens on: loopback by default (a container's check runs inside it). */
  WORKER_HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  /** Jobs of one queue a worker process runs at once. */
  WORKER_CONCURRENCY: positiveInt('jobs').max(100, 'must be at most 100 jobs').default(5),
  /** Milliseconds between outbox polls while there is nothing to relay. */
  WORKER_OUTBOX_POLL_MS: positiveInt('milliseconds').min(10, 'must be at least 10 milliseconds').default(500),
  /** Outbox rows claimed (and turned into jobs) per transaction. */
  WORKER_OUTBOX_BATCH: positiveInt('rows').max(1000, 'must be at most 1000 rows').default(100),
  /**
   * Length of one seeding-accrual period (issue 11): the job runs once per period and books
   * each member's bonus points for the period that just ended. A divisor of a day keeps
   * periods aligned to midnight UTC.
   */
  WORKER_ACCRUAL_PERIOD_SECONDS: positiveInt('seconds')
    .min(60, 'must be at least 60 seconds')
    .max(86_400, 'must be at most 86400 seconds (one day)')
    .refine((seconds) => 86_400 % seconds === 0, 'must divide a day (86400) evenly, e.g. 900, 1800, 3600')
    .default(3600),
  /**
   * Seconds between hit-and-run passes (issue 11): pre-warnings, warnings and expiry are
   * found this often, so each is at most this late.
   */
  WORKER_HIT_AND_RUN_INTERVAL_SECONDS: positiveInt('seconds')
    .min(60, 'must be at least 60 seconds')
    .max(86_400, 'must be at most 86400 seconds (one day)')
    .default(900),
  /**
   * Seconds between passes that accept the request fills whose requester did not answer in
   * time (issue 12; the days are per community, tenants.settings.requests.acceptDays).
   */
  WORKER_REQUEST_FILLS_INTERVAL_SECONDS: positiveInt('seconds')
    .min(60, 'must be at least 60 seconds')
    .max(86_400, 'must be at most 86400 seconds (one day)')
    .default(600),
  /**
   * Seconds between refreshes of the swarm counts (seeders, leechers, completions) in the
   * Meilisearch index (issue 13), sent in batches of changed torrents; unused with PostgreSQL search.
   */
  WORKER_SEARCH_SWARM_REFRESH_SECONDS: positiveInt('seconds')
    .min(10, 'must be at least 10 seconds')
    .max(86_400, 'must be at most 86400 seconds (one day)')
    .default(60),
};

export type WorkerConfig = z.infer<z.ZodObject<typeof workerShape>>;

export function loadWorkerConfig(source?: Environment): WorkerConfig {
  return checkSearchConfig(parseEnv(workerShape, source));
}
