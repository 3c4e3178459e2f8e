// The cluster primary: forks one worker per core (workers accept connections
// themselves: SCHED_NONE, see the profile notes in bench/README.md), restarts a dead
// worker with backoff (each worker flushes its own swarms and reports each flush here),
// merges live events and /metrics, and on SIGTERM drains the workers (each ends with a
// final flush).
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AggregatorRegistry } from 'prom-client';
import type { TrackerEnv } from '../env';
import { emitterSink } from '../events/emitter-sink';
import { EventMerger, FRESH_BATCH_MS } from '../events/live-events';
import type { Logger } from '../log';
import { PrimaryMetrics } from '../metrics/primary-metrics';
import { isWorkerMessage, type PrimaryMessage } from './messages';

// Must be set before the first fork: round-robin makes the primary accept every
// connection and pass it over IPC, which halved the new-connection rate.
cluster.schedulingPolicy = cluster.SCHED_NONE;

const MAX_BACKOFF_MS = 10_000;
/** A worker that lived this long is healthy again: its slot's backoff resets. */
const HEALTHY_UPTIME_MS = 30_000;

export async function runPrimary(env: TrackerEnv, log: Logger): Promise<void> {
  const workerCount = env.TRACKER_WORKERS > 0 ? env.TRACKER_WORKERS : availableParallelism();
  const udpSecret = env.TRACKER_UDP_SECRET ?? randomBytes(32).toString('hex');
  // Each worker serves its swarms to the others on a Unix-domain socket.
  const socketPaths = Array.from({ length: workerCount }, (_, slot) => join(tmpdir(), `swarmhost-tracker-${process.pid}-${slot}.sock`));
  // Auto-pipelining: a second's events publish thousands of updates, all issued in one
  // tick; they leave in a few writes, not one each.
  const publisher = new Redis(env.REDIS_URL, { enableAutoPipelining: true });
  publisher.on('error', (error) => log.error('Redis publisher error', { error }));
  const pool = new pg.Pool({ connectionString: env.systemDatabaseUrl, max: 2, application_name: 'tracker-flusher', connectionTimeoutMillis: 5000 });
  pool.on('error', (error) => log.error('PostgreSQL pool error', { error }));

  const aggregator = new AggregatorRegistry();
  const metrics = new PrimaryMetrics(pool);
  const merger = new EventMerger();
  const sink = emitterSink(publisher, {
    adapterKey: env.REALTIME_ADAPTER_KEY,
    onError: (error) => log.warn('live event not published', { error }),
  });
  // The swarms, their ledger and so the flusher live in the workers; each reports its
  // flushes here for the metrics.
  let workerFlushMs = Date.now();
  metrics.watchFlushLag(() => workerFlushMs);
  // Fresh windows arriving within FRESH_BATCH_MS leave as one batch.
  let publishScheduled = false;
  const schedulePublishDue = () => {
    if (publishScheduled) return;
    publishScheduled = true;
    setTimeout(() => {
      publishScheduled = false;
      merger.publishDue(sink, Date.now());
    }, FRESH_BATCH_MS);
  };

  let shuttingDown = false;
  const slots = new Map<number, { startedAt: number; backoffMs: number }>();
  const slotOf = new Map<Worker, number>();

  const fork = (slot: number) => {
    const worker = cluster.fork();
    slotOf.set(worker, slot);
    const state = slots.get(slot) ?? { startedAt: 0, backoffMs: 0 };
    state.startedAt = Date.now();
    slots.set(slot, state);
    worker.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      if (message.type === 'tracker:hello') {
        const init: PrimaryMessage = { type: 'tracker:init', udpSecret, workerCount, slot, socketPaths };
        worker.send(init);
      } else if (message.type === 'tracker:events') {
        merger.add(message.window);
        schedulePublishDue();
      } else if (message.type === 'tracker:flushed') {
        if (message.batch !== undefined) metrics.batchCounted(message.batch);
        if (message.swarms.length > 0) metrics.swarmsSeen(message.swarms);
        if (message.lastSuccessMs !== undefined) workerFlushMs = message.lastSuccessMs;
      }
      else if (message.type === 'tracker:metrics-request') {
        void clusterMetrics().then((text) => {
          const reply: PrimaryMessage = { type: 'tracker:metrics', id: message.id, text };
          if (worker.isConnected()) worker.send(reply);
        });
      }
    });
  };

  const clusterMetrics = async () => {
    const [workers, own] = await Promise.all([
      aggregator.clusterMetrics().catch((error: unknown) => `# worker metrics unavailable: ${String(error)}\n`),
      metrics.registry.metrics(),
    ]);
    return `${workers}\n${own}`;
  };

  cluster.on('exit', (worker, code, signal) => {
    const slot = slotOf.get(worker) ?? 0;
    slotOf.delete(worker);
    if (shuttingDown) return;
    const state = slots.get(slot) ?? { startedAt: 0, backoffMs: 0 };
    const uptime = Date.now() - state.startedAt;
    state.backoffMs = uptime > HEALTHY_UPTIME_MS ? 0 : Math.min(MAX_BACKOFF_MS, Math.max(100, state.backoffMs * 2));
    log.warn('worker died; restarting', { pid: worker.process.pid, code, signal, restartInMs: state.backoffMs });
    setTimeout(() => {
      if (!shuttingDown) fork(slot);
    }, state.backoffMs);
  });

  for (let slot = 0; slot < workerCount; slot += 1) fork(slot);
  log.info('tracker pool started', { workers: workerCount, port: env.TRACKER_PORT, udp: env.TRACKER_UDP_ENABLED });

  const eventTimer = setInterval(() => merger.publish(sink, Date.now() - 1000), 1000);
  // Held updates become due a second after their torrent's last publication.
  const dueTimer = setInterval(() => merger.publishDue(sink, Date.now()), 200);

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info('shutting down: draining workers (each ends with a final flush)', { signal });
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    const exited = workers.map((worker) => new Promise<void>((resolve) => {
      if (worker.isDead()) return resolve();
      worker.once('exit', () => resolve());
      const order: PrimaryMessage = { type: 'tracker:shutdown' };
      if (worker.isConnected()) worker.send(order);
      setTimeout(() => {
        if (!worker.isDead()) worker.process.kill('SIGKILL');
      }, 10_000).unref();
    }));
    await Promise.all(exited);
    clearInterval(eventTimer);
    clearInterval(dueTimer);
    merger.publishAll(sink, Date.now() - 1000);
    await Promise.all([publisher.quit(), pool.end()]).catch(() => undefined);
    for (const path of socketPaths) rmSync(path, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
