// One tracker worker: its swarms in memory (MemoryStore, sharded with the other workers),
// Redis for cache invalidation only, PostgreSQL for cache loads, persisted peers and the
// ledger flush, warm caches, the HTTP and UDP servers on top of one AnnounceService.
// The cluster worker runs it; tests run it in-process against real Redis/PostgreSQL.
import { randomBytes } from 'node:crypto';
import { MemoryStore, type DrainBatch, type SwarmSnapshot, type SwarmStore } from '@swarmhost/tracker-core';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AnnounceService } from './announce/announce-service';
import { RateLimiter } from './announce/rate-limiter';
import { ContextCache } from './cache/context-cache';
import { contextRows } from './cache/context-rows';
import { listenForInvalidations } from './cache/invalidation-listener';
import { EventCollector, FRESH_BATCH_MS, type EventWindow } from './events/live-events';
import { failureAnswer, metricsRoutes, trackerRoutes, type Health } from './http/routes';
import type { ApplyResult } from './ledger/apply-batch';
import { LedgerFlusher, type FlushStats } from './ledger/flusher';
import { loadPeers } from './ledger/peers';
import { ShardedStore } from './shard/sharded-store';
import { createHttpServer, type TrackerHttpServer } from './http/server';
import type { Logger } from './log';
import { WorkerMetrics } from './metrics/metrics';
import { startUdpServer, type UdpTracker } from './udp/udp-server';

export interface TrackerWorkerOptions {
  readonly host: string;
  readonly port: number;
  /** Undefined switches UDP off (TRACKER_UDP_ENABLED=false). */
  readonly udpPort: number | undefined;
  /** Connection-id key shared by the pool's workers (BEP 15); random when alone. */
  readonly udpSecret?: Uint8Array;
  readonly trustedProxies: readonly string[];
  readonly redisUrl: string;
  /** The ledger flush of this worker's swarms: every `flush.intervalMs` and once more when it stops. */
  readonly flush?: WorkerFlushOptions;
  /**
   * In a pool of several workers: this worker's slot and every slot's Unix-domain
   * socket; swarms of other slots are forwarded to their owner.
   */
  readonly shard?: { readonly slot: number; readonly socketPaths: readonly string[] };
  /** System role (BYPASSRLS): the caches read every tenant's rows. */
  readonly systemDatabaseUrl: string;
  /** Workers in the pool: each gets this share of a tenant's announce budget. */
  readonly workerCount: number;
  readonly log: Logger;
  /** Where /metrics (and /healthz) are served; undefined: no metrics listener. Never the public port. */
  readonly metricsHost?: string;
  readonly metricsPort?: number;
  /** Aggregated /metrics text; default: this worker's registry. */
  readonly metricsText?: (metrics: WorkerMetrics) => Promise<string>;
  /** Receives each second's live-event window (the primary merges and publishes). */
  readonly onEventWindow?: (window: EventWindow) => void;
  readonly clock?: () => number;
  readonly random?: () => number;
  readonly maxNumwant?: number;
  /** Pool-wide PostgreSQL lookups a second one client address may cause by cache misses (default 10). */
  readonly cacheMissesPerAddress?: number;
  /** Close a keep-alive connection idle this long (default 30 s). */
  readonly idleTimeoutMs?: number;
  /** Close a connection whose request head is still incomplete after this long (default 10 s). */
  readonly headTimeoutMs?: number;
}

export interface WorkerFlushOptions {
  readonly intervalMs: number;
  /** Applied batch ids are kept this long against a re-delivered batch (ms). */
  readonly batchRetentionMs?: number;
  readonly onBatch?: (batch: DrainBatch, result: ApplyResult) => void;
  readonly onReaped?: (swarms: readonly SwarmSnapshot[]) => void;
  /** After every complete flush, with when it finished (ms). */
  readonly onFlushed?: (lastSuccessMs: number) => void;
}

export interface TrackerWorker {
  readonly httpPort: number;
  readonly udpPort: number | undefined;
  /** The metrics listener's port, when it listens. */
  readonly metricsPort: number | undefined;
  /** Connection-id key shared by the pool's workers (BEP 15); random when alone. */
  readonly udpSecret?: Uint8Array;
  readonly cache: ContextCache;
  readonly metrics: WorkerMetrics;
  readonly store: SwarmStore;
  /** Runs one ledger flush now. */
  readonly flush: () => Promise<FlushStats>;
  /** Stops accepting, finishes in-flight requests, closes connections, then a final flush. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startTrackerWorker(options: TrackerWorkerOptions): Promise<TrackerWorker> {
  const { log } = options;
  const subscriber = new Redis(options.redisUrl);
  // The flusher holds one connection for its transaction: cache misses keep two.
  const pool = new pg.Pool({ connectionString: options.systemDatabaseUrl, max: 3, application_name: 'tracker-worker', connectionTimeoutMillis: 5000 });
  pool.on('error', (error) => log.error('PostgreSQL pool error', { error }));
  subscriber.on('error', (error) => log.error('Redis subscriber error', { error }));

  const metrics = new WorkerMetrics();
  const cache = new ContextCache({
    rows: contextRows(pool),
    onError: (message, error) => log.warn(message, error === undefined ? {} : { error }),
    onMissLoad: () => metrics.cacheMissQuery(),
  });
  const memoryStore = new MemoryStore({ persistPeers: true });
  metrics.watchMemory(() => memoryStore.footprint());
  const flushOptions = options.flush ?? { intervalMs: 3000 };
  // A deleted tenant (its row gone when its invalidation arrives; the deletion job
  // publishes one after the purge) leaves memory at once: every worker hears the channel
  // and drops the swarms it owns, so the whole pool forgets it. The primary's per-tenant
  // peer gauge is told as if the swarms were reaped.
  const dropTenant = (tenantId: string): void => {
    const dropped = memoryStore.dropTenant(tenantId);
    if (dropped.infoHashes.length === 0) return;
    log.info('deleted tenant: its swarms dropped from memory', { tenantId, swarms: dropped.infoHashes.length, peers: dropped.peers });
    flushOptions.onReaped?.(dropped.infoHashes.map((infoHash) => ({ tenantId, infoHash, complete: 0, incomplete: 0, downloaders: 0, downloaded: 0 })));
  };
  // Subscribe before the bulk load, so a change made during the load is not missed.
  await listenForInvalidations(subscriber, cache, log, dropTenant);
  // The hot path needs PostgreSQL only for cache misses: without it at start the worker
  // serves anyway (misses fail with "retry later") and keeps trying to warm up.
  let warmUpTimer: NodeJS.Timeout | undefined;
  let cachesLoaded = false;
  const warmUp = async (delayMs: number): Promise<void> => {
    try {
      log.info('caches loaded', await cache.loadAll());
      cachesLoaded = true;
    } catch (error) {
      log.error('loading the caches failed (is PostgreSQL reachable?); serving what is known, retrying', { error, retryInMs: delayMs });
      warmUpTimer = setTimeout(() => void warmUp(Math.min(delayMs * 2, 30_000)), delayMs);
      warmUpTimer.unref();
    }
  };
  await warmUp(1000);

  const flusher = new LedgerFlusher({
    // Each worker flushes the swarms it owns.
    store: memoryStore,
    pool,
    intervalMs: flushOptions.intervalMs,
    log,
    ...(options.clock !== undefined ? { now: options.clock } : {}),
    ...(flushOptions.batchRetentionMs !== undefined ? { batchRetentionMs: flushOptions.batchRetentionMs } : {}),
    ...(flushOptions.onBatch !== undefined ? { onBatch: flushOptions.onBatch } : {}),
    ...(flushOptions.onReaped !== undefined ? { onReaped: flushOptions.onReaped } : {}),
    ...(flushOptions.onFlushed !== undefined ? { onFlushed: flushOptions.onFlushed } : {}),
  });
  const sharded =
    options.shard !== undefined && options.shard.socketPaths.length > 1
      ? new ShardedStore({ slot: options.shard.slot, socketPaths: options.shard.socketPaths, local: memoryStore, commit: () => flusher.commit(), log, onForward: (kind) => metrics.forwarded(kind) })
      : undefined;
  const store: SwarmStore = sharded ?? memoryStore;
  let peerLoadTimer: NodeJS.Timeout | undefined;
  // The swarms as of the last flush, before the first announce is served. Without
  // PostgreSQL the worker serves anyway and keeps trying: a peer that announced
  // meanwhile keeps its new state (restoring never overwrites), its delta since the
  // last flush is then not credited (never counted twice).
  const restore = async (delayMs: number): Promise<void> => {
    try {
      const startedMs = Date.now();
      const peers = await loadPeers(pool, memoryStore, sharded === undefined ? undefined : (tenantId, infoHash) => sharded.owns(tenantId, infoHash));
      log.info('peers loaded', { peers, ms: Date.now() - startedMs });
    } catch (error) {
      log.error('loading the persisted peers failed (is PostgreSQL reachable?); serving, retrying', { error, retryInMs: delayMs });
      peerLoadTimer = setTimeout(() => void restore(Math.min(delayMs * 2, 30_000)), delayMs);
      peerLoadTimer.unref();
    }
  };
  await restore(1000);
  // Not awaited: a flush that fails (PostgreSQL down) is retried; announces go on.
  void flusher.start();
  // The other workers forward this worker's swarms before it serves anything itself.
  await sharded?.listen();
  // A torrent's first change in a second goes to the primary within FRESH_BATCH_MS
  // (one IPC message for all fresh torrents of that span); the rest waits for the
  // one-second window.
  const events: EventCollector = new EventCollector({
    onFresh: () =>
      setTimeout(() => {
        const swarms = events.takeFresh();
        if (swarms.length > 0) options.onEventWindow?.({ swarms, tenants: {} });
      }, FRESH_BATCH_MS).unref(),
  });
  const service = new AnnounceService({
    cache,
    core: {
      store,
      clock: options.clock ?? Date.now,
      random: options.random ?? Math.random,
      defaultNumwant: 50,
      maxNumwant: options.maxNumwant ?? 200,
    },
    tenantLimiter: new RateLimiter(options.workerCount),
    passkeyLimiter: new RateLimiter(options.workerCount),
    missLimiter: new RateLimiter(options.workerCount),
    missesPerAddressPerSecond: options.cacheMissesPerAddress ?? 10,
    metrics,
    events,
    // A peer's last word (stopped, completed) is flushed before its answer.
    durable: sharded !== undefined ? (tenantId: string, infoHash: string) => sharded.durable(tenantId, infoHash) : flusher.commit.bind(flusher),
  });

  let draining = false;
  // Degraded while PostgreSQL cannot be reached: the ledger is not flushed (each peer's
  // next announce after the outage credits what is lost if the worker dies meanwhile)
  // or the caches never loaded (unknown passkeys and torrents are refused).
  const health = (): Health => {
    if (draining) return { state: 'draining' };
    const failingSinceMs = flusher.failingSinceMs;
    if (failingSinceMs !== undefined) {
      const seconds = Math.round(((options.clock ?? Date.now)() - flusher.lastSuccessMs) / 1000);
      return { state: 'degraded', reason: `ledger flush failing since ${new Date(failingSinceMs).toISOString()} (PostgreSQL unreachable?); last flushed ${seconds} s ago` };
    }
    if (!cachesLoaded) return { state: 'degraded', reason: 'caches not loaded yet (PostgreSQL unreachable?)' };
    return { state: 'ok' };
  };
  const metricsText = options.metricsText ?? ((own: WorkerMetrics) => own.registry.metrics());
  const http = createHttpServer({
    handler: trackerRoutes({ service, log, health }),
    failure: failureAnswer,
    trustedProxies: options.trustedProxies,
    onBadRequest: (reason, remoteAddress) => log.warn('bad HTTP request', { reason, remoteAddress }),
    onHandlerError: (error) => log.error('announce handler failed', { error }),
    onBackpressure: () => metrics.backpressure(),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    ...(options.headTimeoutMs !== undefined ? { headTimeoutMs: options.headTimeoutMs } : {}),
  });
  const httpPort = await http.listen(options.port, options.host);
  let metricsServer: TrackerHttpServer | undefined;
  let metricsPort: number | undefined;
  if (options.metricsPort !== undefined) {
    const server = createHttpServer({
      handler: metricsRoutes({ metricsText: () => metricsText(metrics), health }),
      failure: (reason) => ({ status: 404, contentType: 'text/plain', body: Buffer.from(`${reason}\n`) }),
    });
    // Without its metrics listener a worker still serves announces: log, do not die.
    try {
      metricsPort = await server.listen(options.metricsPort, options.metricsHost ?? '127.0.0.1');
      metricsServer = server;
    } catch (error) {
      log.error('metrics listener failed; serving announces without /metrics', { error, host: options.metricsHost, port: options.metricsPort });
    }
  }
  let udp: UdpTracker | undefined;
  if (options.udpPort !== undefined) {
    const secret = options.udpSecret ?? randomBytes(32);
    udp = await startUdpServer({ service, host: options.host, port: options.udpPort, secret, log, clock: options.clock ?? Date.now });
  }

  const eventTimer = setInterval(() => {
    options.onEventWindow?.(events.take());
    // Over-budget refusals are counted, not logged one by one: a line per community a second.
    for (const [tenant, refused] of service.takeOverBudgetCounts()) {
      log.warn('announces refused over the community budget in the last second', { tenant, refused });
    }
  }, 1000);
  eventTimer.unref();

  return {
    httpPort,
    udpPort: udp?.port,
    metricsPort,
    cache,
    metrics,
    store,
    flush: flusher.flush.bind(flusher),
    async stop(timeoutMs = 5000) {
      draining = true;
      clearInterval(eventTimer);
      clearTimeout(warmUpTimer);
      clearTimeout(peerLoadTimer);
      await Promise.all([http.drain(timeoutMs), udp?.close(), metricsServer?.drain(1000)]);
      options.onEventWindow?.(events.take());
      // Swarms die with this process: what they booked since the last flush goes now.
      try {
        const stats = await flusher.stop();
        log.info('final flush done', { ...stats });
      } catch (error) {
        log.error('final flush failed; the deltas since the last flush are lost with this worker', { error });
      }
      await sharded?.close();
      subscriber.disconnect();
      await pool.end();
    },
  };
}
