// Prometheus metrics of one tracker worker, labelled by tenant slug. The hot path uses
// cached label children (prom-client hashes label sets on every `labels()` call), and
// the cluster primary sums every worker's registry for /metrics.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

type CounterChild = ReturnType<Counter<string>['labels']>;
type HistogramChild = ReturnType<Histogram<string>['labels']>;

export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly announces = new Counter({
    name: 'tracker_announces_total',
    help: 'Announces answered (including refused ones), by tenant and transport.',
    labelNames: ['tenant', 'transport'],
    registers: [this.registry],
  });
  private readonly scrapes = new Counter({
    name: 'tracker_scrapes_total',
    help: 'Scrapes answered, by tenant and transport.',
    labelNames: ['tenant', 'transport'],
    registers: [this.registry],
  });
  /**
   * Failures are counted in plain numbers (`pendingFailures`) and added to the counter
   * when it is read: a flood of refusals costs no prom-client label hashing per request.
   */
  private readonly pendingFailures = new Map<string, { tenant: string; reason: string; count: number }>();
  private readonly failures = new Counter({
    name: 'tracker_failures_total',
    help: 'Requests answered with a failure reason, by tenant and reason code.',
    labelNames: ['tenant', 'reason'],
    registers: [this.registry],
    collect: () => this.foldFailures(),
  });
  private readonly latency = new Histogram({
    name: 'tracker_announce_duration_seconds',
    help: 'Time from a parsed announce to its encoded answer, by tenant.',
    labelNames: ['tenant'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  private readonly backpressurePauses = new Counter({
    name: 'tracker_http_backpressure_pauses_total',
    help: 'Times a connection stopped reading because the client left its answers unread.',
    registers: [this.registry],
  });

  private readonly cacheMissQueries = new Counter({
    name: 'tracker_cache_miss_queries_total',
    help: 'PostgreSQL queries sent for passkeys or torrents the caches did not know.',
    registers: [this.registry],
  });

  private readonly shardForwards = new Counter({
    name: 'tracker_shard_forwards_total',
    help: 'Requests this worker forwarded to the worker owning the swarm (memory store, several workers), by kind.',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  private readonly announceChildren = new Map<string, CounterChild>();
  private readonly latencyChildren = new Map<string, HistogramChild>();

  announced(tenant: string, transport: 'http' | 'udp', seconds: number): void {
    const key = `${tenant}\0${transport}`;
    let child = this.announceChildren.get(key);
    if (child === undefined) {
      child = this.announces.labels(tenant, transport);
      this.announceChildren.set(key, child);
    }
    child.inc();
    let histogram = this.latencyChildren.get(tenant);
    if (histogram === undefined) {
      histogram = this.latency.labels(tenant);
      this.latencyChildren.set(tenant, histogram);
    }
    histogram.observe(seconds);
  }

  /** Gauges of the swarms and peers this worker's store holds (summed over the pool by the primary). */
  watchMemory(footprint: () => { swarms: number; peers: number }): void {
    new Gauge({
      name: 'tracker_memory_swarms',
      help: 'Swarms held in the workers\' memory.',
      registers: [this.registry],
      collect() {
        this.set(footprint().swarms);
      },
    });
    new Gauge({
      name: 'tracker_memory_peers',
      help: 'Peers held in the workers\' memory (within their TTL or not yet reaped).',
      registers: [this.registry],
      collect() {
        this.set(footprint().peers);
      },
    });
  }

  forwarded(kind: 'announce' | 'scrape' | 'commit'): void {
    this.shardForwards.labels(kind).inc();
  }

  cacheMissQuery(): void {
    this.cacheMissQueries.inc();
  }

  backpressure(): void {
    this.backpressurePauses.inc();
  }

  scraped(tenant: string, transport: 'http' | 'udp'): void {
    this.scrapes.labels(tenant, transport).inc();
  }

  failed(tenant: string, reason: string): void {
    const key = `${tenant}\0${reason}`;
    const pending = this.pendingFailures.get(key);
    if (pending === undefined) this.pendingFailures.set(key, { tenant, reason, count: 1 });
    else pending.count += 1;
  }

  private foldFailures(): void {
    for (const pending of this.pendingFailures.values()) {
      if (pending.count === 0) continue;
      this.failures.inc({ tenant: pending.tenant, reason: pending.reason }, pending.count);
      pending.count = 0;
    }
  }
}
