// Metrics only the cluster primary knows: how far the ledger flush lags, what it wrote,
// and the pool's active peers per tenant (from the swarm counts each drain carries).
import type { SwarmSnapshot } from '@swarmhost/tracker-core';
import type pg from 'pg';
import { Counter, Gauge, Registry } from 'prom-client';
import type { BatchSummary } from '../cluster/messages';
import type { ApplyResult } from '../ledger/apply-batch';

export function summarizeBatch(result: ApplyResult): BatchSummary {
  return { applied: result.applied, entries: result.entries, deadLetters: result.deadLetters.length, clamped: result.clamped.length };
}

export class PrimaryMetrics {
  readonly registry = new Registry();
  private readonly peersBySwarm = new Map<string, { tenantId: string; peers: number }>();
  private readonly slugs = new Map<string, string>();
  private readonly batches = new Counter({
    name: 'tracker_ledger_batches_total',
    help: 'Ledger batches drained from Redis, by whether they were new or already applied.',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private readonly entries = new Counter({
    name: 'tracker_ledger_entries_total',
    help: 'Per-(member, torrent) ledger entries written to PostgreSQL.',
    registers: [this.registry],
  });

  private readonly deadLetters = new Counter({
    name: 'tracker_ledger_dead_letters_total',
    help: 'Ledger entries PostgreSQL refused, moved to ledger_dead_letters (see `pnpm cli ledger:dead-letters`).',
    registers: [this.registry],
  });
  private readonly clamped = new Counter({
    name: 'tracker_ledger_clamped_entries_total',
    help: 'Ledger entries written with an amount clamped to what its column holds.',
    registers: [this.registry],
  });

  constructor(private readonly pool: pg.Pool) {
    const peersBySwarm = this.peersBySwarm;
    const slugs = this.slugs;
    new Gauge({
      name: 'tracker_active_peers',
      help: 'Peers in the swarms as of the latest drain, by tenant.',
      labelNames: ['tenant'],
      registers: [this.registry],
      collect() {
        this.reset();
        const totals = new Map<string, number>();
        for (const { tenantId, peers } of peersBySwarm.values()) totals.set(tenantId, (totals.get(tenantId) ?? 0) + peers);
        for (const [tenantId, peers] of totals) this.set({ tenant: slugs.get(tenantId) ?? tenantId }, peers);
      },
    });
  }

  watchFlushLag(lastSuccessMs: () => number): void {
    new Gauge({
      name: 'tracker_flush_lag_seconds',
      help: 'Seconds since the ledger was last drained completely into PostgreSQL.',
      registers: [this.registry],
      collect() {
        this.set((Date.now() - lastSuccessMs()) / 1000);
      },
    });
  }

  /** A batch a worker's flusher applied and reported. */
  batchCounted(summary: BatchSummary): void {
    this.batches.labels(summary.applied ? 'applied' : 'duplicate').inc();
    if (summary.applied) this.entries.inc(summary.entries);
    if (summary.deadLetters > 0) this.deadLetters.inc(summary.deadLetters);
    if (summary.clamped > 0) this.clamped.inc(summary.clamped);
  }

  swarmsSeen(swarms: readonly SwarmSnapshot[]): void {
    const unknown = new Set<string>();
    for (const swarm of swarms) {
      const key = `${swarm.tenantId}:${swarm.infoHash}`;
      const peers = swarm.complete + swarm.incomplete;
      if (peers === 0) this.peersBySwarm.delete(key);
      else this.peersBySwarm.set(key, { tenantId: swarm.tenantId, peers });
      if (!this.slugs.has(swarm.tenantId)) unknown.add(swarm.tenantId);
    }
    if (unknown.size > 0) {
      this.pool
        .query<{ id: string; slug: string }>('SELECT id, slug FROM tenants WHERE id = ANY($1::uuid[])', [[...unknown]])
        .then((result) => {
          for (const row of result.rows) this.slugs.set(row.id, row.slug);
        })
        .catch(() => undefined);
    }
  }
}
