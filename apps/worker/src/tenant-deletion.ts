// Runs the deletion pass on a schedule, with what only the worker has: BullMQ's own
// removal of the tenant's jobs (their hashes name the tenant in their data, not in their
// key), on top of the domain's rows, Redis keys and invalidations.
import { Queue, type ConnectionOptions } from 'bullmq';
import { systemClient } from '@swarmhost/db/system';
import { runTenantDeletions } from '@swarmhost/domain/tenants/deletion/index';
import type { Logger } from '@swarmhost/log';
import type { SearchIndexer } from '@swarmhost/search';
import type { Redis } from 'ioredis';
import { startScheduledJob, type ScheduledJob } from './scheduled-job';
import { TENANT_DELETION_EVERY_MS, TENANT_DELETION_SCHEDULER_ID, tenantDeletionJob } from './tenant-deletion-job';

/**
 * Removes every job under `prefix` whose data names the tenant, from every queue and
 * state (waiting, delayed, completed, failed), through BullMQ so its lists stay right.
 * A job running at this moment is locked and stays; it fails on the missing rows.
 */
export async function removeTenantJobs(options: { redis: Redis; prefix: string; tenantId: string }): Promise<number> {
  const queues = new Map<string, Queue>();
  const needle = `"tenantId":"${options.tenantId}"`;
  let removed = 0;
  let cursor = '0';
  try {
    do {
      const [next, keys] = await options.redis.scan(cursor, 'MATCH', `${options.prefix}:*`, 'COUNT', 1000, 'TYPE', 'hash');
      cursor = next;
      for (const key of keys) {
        // A job hash is <prefix>:<queue>:<job id>; queues' own hashes (meta, …) hold no data field.
        const [queueName, jobId, ...rest] = key.slice(options.prefix.length + 1).split(':');
        if (!queueName || !jobId || rest.length > 0) continue;
        const data = await options.redis.hget(key, 'data');
        if (!data?.includes(needle)) continue;
        let queue = queues.get(queueName);
        if (!queue) {
          queue = new Queue(queueName, { connection: options.redis, prefix: options.prefix });
          queues.set(queueName, queue);
        }
        removed += await queue.remove(jobId);
      }
    } while (cursor !== '0');
  } finally {
    await Promise.all([...queues.values()].map((queue) => queue.close()));
  }
  return removed;
}

export interface TenantDeletionContext {
  /** Plain commands (SCAN, UNLINK, PUBLISH): not BullMQ's blocking connection. */
  redis: Redis;
  prefix: string;
  now: () => Date;
  log: Logger;
  /** A search engine outside PostgreSQL (Meilisearch) drops the tenant's documents; PostgreSQL's index goes with the rows. */
  searchIndexer?: Pick<SearchIndexer, 'removeTenant'>;
}

export function runTenantDeletionPass(context: TenantDeletionContext) {
  return runTenantDeletions({
    db: systemClient(),
    redis: context.redis,
    publisher: context.redis,
    now: context.now,
    log: context.log,
    removeQueuedJobs: (tenantId) => removeTenantJobs({ redis: context.redis, prefix: context.prefix, tenantId }),
    searchIndexer: context.searchIndexer,
  });
}

export function startTenantDeletions(options: { connection: ConnectionOptions; context: TenantDeletionContext }): Promise<ScheduledJob> {
  return startScheduledJob({
    definition: tenantDeletionJob,
    schedulerId: TENANT_DELETION_SCHEDULER_ID,
    everyMs: TENANT_DELETION_EVERY_MS,
    connection: options.connection,
    prefix: options.context.prefix,
    log: options.context.log,
    now: options.context.now,
    run: () => runTenantDeletionPass(options.context),
  });
}
