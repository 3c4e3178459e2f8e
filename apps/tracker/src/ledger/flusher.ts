// The ledger flusher of a worker's swarm store. Every FLUSH_INTERVAL it finishes
// batches a crash left half-done, then drains the store's ledger batch by batch into
// PostgreSQL; after failures (PostgreSQL down) it retries with backoff. A batch leaves the store only after the transaction that
// applied it (and recorded its id) committed, so nothing is counted twice.
import type { DrainBatch, SwarmSnapshot, SwarmStore } from '@swarmhost/tracker-core';
import type pg from 'pg';
import type { Logger } from '../log';
import { applyBatch, setSwarmCounters, type ApplyResult } from './apply-batch';

export interface FlusherOptions {
  readonly store: SwarmStore;
  readonly pool: pg.Pool;
  readonly intervalMs: number;
  readonly log: Logger;
  /** Swarms per batch. */
  readonly batchLimit?: number;
  readonly now?: () => number;
  /** Called after every applied batch (metrics, swarm events). */
  readonly onBatch?: (batch: DrainBatch, result: ApplyResult) => void;
  /** Applied batch ids are kept this long (ms) against a re-delivered batch, then pruned. */
  readonly batchRetentionMs?: number;
  /** Called with the counts of swarms the reaper touched. */
  readonly onReaped?: (swarms: readonly SwarmSnapshot[]) => void;
  /** Called after every complete flush with `lastSuccessMs`. */
  readonly onFlushed?: (lastSuccessMs: number) => void;
}

export interface FlushStats {
  batches: number;
  entries: number;
  deadLetters: number;
}

/** The longest peer TTL a tenant can set (tenant settings: peerTtlSeconds ≤ 7 days). */
const MAX_PEER_TTL_MS = 7 * 86_400_000;

/** The longest wait between retries of a failing flush. */
const MAX_RETRY_DELAY_MS = 30_000;

/** Pruning ledger_batches more often than this buys nothing. */
const PRUNE_EVERY_MS = 3_600_000;

export class LedgerFlusher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<FlushStats> | undefined;
  private queued: Promise<FlushStats> | undefined;
  private stopped = false;
  private sequence = 0;
  private lastPruneMs: number | undefined;
  /** When the ledger was last fully drained (ms), for the flush-lag gauge. */
  lastSuccessMs: number;
  /** Flushes failed in a row (0 after a success). */
  private failures = 0;
  /** Since when flushes fail (ms), undefined while they succeed: what /healthz reports. */
  failingSinceMs: number | undefined;

  constructor(private readonly options: FlusherOptions) {
    this.lastSuccessMs = this.now();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * Starts flushing: finishes pending drains first, then every interval until stop().
   * Never fails: a flush that fails (PostgreSQL down) is logged and retried with
   * backoff (the interval doubled per failure, at most 30 s), and the pool serves
   * meanwhile, since announces need neither PostgreSQL nor Redis.
   */
  start(): Promise<void> {
    return this.flush()
      .then(
        () => undefined,
        (error: unknown) => this.options.log.error('ledger flush failed; will retry', { error }),
      )
      .finally(() => this.schedule());
  }

  private schedule(): void {
    if (this.stopped) return;
    const { intervalMs } = this.options;
    const delayMs = this.failures === 0 ? intervalMs : Math.min(intervalMs * 2 ** this.failures, Math.max(MAX_RETRY_DELAY_MS, intervalMs));
    this.timer = setTimeout(() => {
      this.flush()
        .catch((error: unknown) => this.options.log.error('ledger flush failed; will retry', { error }))
        .finally(() => this.schedule());
    }, delayMs);
  }

  /** One full flush; concurrent callers share the run in progress. */
  flush(): Promise<FlushStats> {
    this.running ??= this.flushOnce()
      .then(
        (stats) => {
          this.failures = 0;
          this.failingSinceMs = undefined;
          return stats;
        },
        (error: unknown) => {
          this.failures += 1;
          this.failingSinceMs ??= this.now();
          throw error;
        },
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /**
   * Group commit: a flush that starts after this event-loop turn and after the flush in
   * progress, so everything booked before the call is in it (or in a failure). Every
   * caller of one turn shares it; flushes stay serial, so a peer's older state never
   * lands after a newer one.
   */
  commit(): Promise<FlushStats> {
    this.queued ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.running?.catch(() => undefined))
      .then(() => {
        this.queued = undefined;
        return this.flush();
      });
    return this.queued;
  }

  /** Stops the timer and runs a final flush (SIGTERM). */
  async stop(): Promise<FlushStats> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    return this.flush();
  }

  /**
   * Forgets applied batch ids older than the retention, at most once an hour. A batch
   * is re-delivered only when a flush committed but could not tell Redis (then the next
   * flush re-applies it at once), so days of ids are plenty.
   */
  private async pruneBatches(): Promise<void> {
    const retentionMs = this.options.batchRetentionMs;
    if (retentionMs === undefined) return;
    const nowMs = this.now();
    if (this.lastPruneMs !== undefined && nowMs - this.lastPruneMs < PRUNE_EVERY_MS) return;
    const pruned = await this.options.pool.query('DELETE FROM ledger_batches WHERE applied_at < to_timestamp($1 / 1000.0)', [nowMs - retentionMs]);
    // Persisted peers silent for longer than any tenant's peer TTL can allow (7 days) are
    // in no worker's memory (e.g. a load that failed): nobody else would delete them.
    const stale = await this.options.pool.query('DELETE FROM peers WHERE updated_at < to_timestamp($1 / 1000.0)', [nowMs - MAX_PEER_TTL_MS]);
    this.lastPruneMs = nowMs;
    if ((pruned.rowCount ?? 0) > 0) this.options.log.info('pruned applied ledger batch ids', { batches: pruned.rowCount, retentionMs });
    if ((stale.rowCount ?? 0) > 0) this.options.log.info('pruned persisted peers silent for longer than any peer TTL', { peers: stale.rowCount });
  }

  private nextBatchId(): string {
    this.sequence += 1;
    return `${this.now()}-${process.pid}-${this.sequence}`;
  }

  private async applyAndComplete(batch: DrainBatch, stats: FlushStats): Promise<void> {
    const result = await applyBatch(this.options.pool, batch);
    await this.options.store.completeDrain(batch.batchId);
    const { log } = this.options;
    if (!result.applied) log.info('ledger batch was already applied; dropped it', { batchId: batch.batchId });
    for (const { entry, fields } of result.clamped) {
      log.warn('ledger entry clamped to what PostgreSQL holds', { batchId: batch.batchId, tenantId: entry.tenantId, memberId: entry.memberId, infoHash: entry.infoHash, fields });
    }
    for (const { entry, error } of result.deadLetters) {
      log.error('ledger entry refused by PostgreSQL; moved to ledger_dead_letters', { batchId: batch.batchId, tenantId: entry.tenantId, memberId: entry.memberId, infoHash: entry.infoHash, error });
    }
    if (result.swarmCountersSkipped !== undefined) {
      log.error('swarm counters refused by PostgreSQL; skipped until the next drain', { batchId: batch.batchId, error: result.swarmCountersSkipped });
    }
    stats.batches += 1;
    stats.entries += result.applied ? result.entries : 0;
    stats.deadLetters += result.deadLetters.length;
    this.options.onBatch?.(batch, result);
  }

  private async flushOnce(): Promise<FlushStats> {
    const { store } = this.options;
    const limit = this.options.batchLimit ?? 1000;
    const stats: FlushStats = { batches: 0, entries: 0, deadLetters: 0 };
    for (const pending of await store.pendingDrains(this.now())) {
      this.options.log.info('finishing an interrupted ledger batch', { batchId: pending.batchId });
      await this.applyAndComplete(pending, stats);
    }
    for (;;) {
      const batch = await store.beginDrain({ batchId: this.nextBatchId(), limit, nowMs: this.now() });
      if (batch.entries.length === 0 && batch.swarms.length === 0) {
        await store.completeDrain(batch.batchId);
        break;
      }
      await this.applyAndComplete(batch, stats);
      if (batch.swarms.length < limit) break;
    }
    const reaped = await store.reapStale({ nowMs: this.now() });
    if (reaped.swarms.length > 0) {
      await setSwarmCounters(this.options.pool, reaped.swarms);
      this.options.onReaped?.(reaped.swarms);
    }
    await this.pruneBatches();
    this.lastSuccessMs = this.now();
    this.options.onFlushed?.(this.lastSuccessMs);
    return stats;
  }
}
