// A cluster worker: waits for the primary's init (shared UDP secret, pool size), runs
// one tracker worker, forwards each second's live events, /metrics requests and (with
// the memory store, whose flusher runs here) what each flush wrote to the primary, and
// drains on SIGTERM or the primary's shutdown order.
import { AggregatorRegistry } from 'prom-client';
import type { TrackerEnv } from '../env';
import type { EventWindow } from '../events/live-events';
import type { Logger } from '../log';
import { summarizeBatch } from '../metrics/primary-metrics';
import { startTrackerWorker, type TrackerWorker } from '../tracker';
import { isPrimaryMessage, type PrimaryMessage, type WorkerMessage } from './messages';

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message);
}

export async function runWorker(env: TrackerEnv, log: Logger): Promise<void> {
  const init = await new Promise<Extract<PrimaryMessage, { type: 'tracker:init' }>>((resolve) => {
    const onMessage = (message: unknown) => {
      if (isPrimaryMessage(message) && message.type === 'tracker:init') {
        process.off('message', onMessage);
        resolve(message);
      }
    };
    process.on('message', onMessage);
    // Ask only now: a message sent before this listener existed would be lost.
    send({ type: 'tracker:hello' });
  });

  let nextRequest = 0;
  const pendingMetrics = new Map<number, (text: string) => void>();
  const metricsText = () =>
    new Promise<string>((resolve) => {
      nextRequest += 1;
      const id = nextRequest;
      pendingMetrics.set(id, resolve);
      setTimeout(() => {
        if (pendingMetrics.delete(id)) resolve('# metrics aggregation timed out\n');
      }, 6000).unref();
      send({ type: 'tracker:metrics-request', id });
    });

  const running: { tracker?: TrackerWorker } = {};
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info('worker draining');
    await running.tracker?.stop(5000);
    process.exit(0);
  };

  process.on('message', (message: unknown) => {
    if (!isPrimaryMessage(message)) return;
    if (message.type === 'tracker:metrics') {
      pendingMetrics.get(message.id)?.(message.text);
      pendingMetrics.delete(message.id);
    } else if (message.type === 'tracker:shutdown') {
      void stop();
    }
  });
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The primary died: nobody would restart us or flush, so leave too.
  process.on('disconnect', () => void stop());

  const tracker = await startTrackerWorker({
    host: env.TRACKER_HOST,
    port: env.TRACKER_PORT,
    udpPort: env.TRACKER_UDP_ENABLED ? env.TRACKER_UDP_PORT : undefined,
    udpSecret: Buffer.from(init.udpSecret, 'hex'),
    trustedProxies: env.TRACKER_TRUSTED_PROXIES,
    metricsHost: env.TRACKER_METRICS_HOST,
    metricsPort: env.TRACKER_METRICS_PORT,
    cacheMissesPerAddress: env.TRACKER_CACHE_MISSES_PER_ADDRESS,
    redisUrl: env.REDIS_URL,
    shard: { slot: init.slot, socketPaths: init.socketPaths },
    flush: {
      intervalMs: env.FLUSH_INTERVAL * 1000,
      batchRetentionMs: env.TRACKER_LEDGER_BATCH_RETENTION_HOURS * 3_600_000,
      onBatch: (batch, result) => send({ type: 'tracker:flushed', batch: summarizeBatch(result), swarms: batch.swarms }),
      onReaped: (swarms) => send({ type: 'tracker:flushed', swarms }),
      onFlushed: (lastSuccessMs) => send({ type: 'tracker:flushed', swarms: [], lastSuccessMs }),
    },
    systemDatabaseUrl: env.systemDatabaseUrl,
    workerCount: init.workerCount,
    log,
    metricsText: metricsText,
    onEventWindow: (window: EventWindow) => {
      if (window.swarms.length > 0 || Object.keys(window.tenants).length > 0) send({ type: 'tracker:events', window });
    },
  });
  running.tracker = tracker;
  // prom-client answers the primary's AggregatorRegistry from these registries; the
  // worker-side listener is installed by constructing one.
  AggregatorRegistry.setRegistries([tracker.metrics.registry]);
  new AggregatorRegistry();
  send({ type: 'tracker:ready', httpPort: tracker.httpPort });
}
