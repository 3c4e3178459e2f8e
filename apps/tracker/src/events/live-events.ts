// Live figures for the real-time gateway: each worker collects a one-second window
// (latest swarm counts per torrent, announce/failure counts per tenant); one process
// (the cluster primary) merges the workers' windows and publishes, once a second, the
// torrents whose counts changed (at most one update each) as one batch, plus per-tenant stats.
import type { SwarmUpdate, TenantAnnounceStats } from '@swarmhost/events';

export interface TenantWindow {
  announces: number;
  failures: number;
  failuresByReason: Record<string, number>;
}

/** One worker's second, plain data so it can cross the cluster IPC channel. */
export interface EventWindow {
  readonly swarms: SwarmUpdate[];
  readonly tenants: Record<string, TenantWindow>;
}

export class EventCollector {
  private swarms = new Map<string, SwarmUpdate>();
  private tenants = new Map<string, TenantWindow>();

  swarm(update: SwarmUpdate): void {
    this.swarms.set(update.torrentId, update);
  }

  announce(tenantId: string): void {
    this.tenantWindow(tenantId).announces += 1;
  }

  failure(tenantId: string, reason: string): void {
    const window = this.tenantWindow(tenantId);
    window.failures += 1;
    window.failuresByReason[reason] = (window.failuresByReason[reason] ?? 0) + 1;
  }

  /** Returns the window collected so far and starts a new one. */
  take(): EventWindow {
    const window: EventWindow = { swarms: [...this.swarms.values()], tenants: Object.fromEntries(this.tenants) };
    this.swarms = new Map();
    this.tenants = new Map();
    return window;
  }

  private tenantWindow(tenantId: string): TenantWindow {
    let window = this.tenants.get(tenantId);
    if (window === undefined) {
      window = { announces: 0, failures: 0, failuresByReason: {} };
      this.tenants.set(tenantId, window);
    }
    return window;
  }
}

/** Where merged events go: the socket.io redis emitter in production, a list in tests. */
export interface EventSink {
  /** The second's changed torrents, one update each; not called when none changed. */
  swarmUpdates(updates: readonly SwarmUpdate[]): void;
  tenantStats(stats: TenantAnnounceStats): void;
}

export class EventMerger {
  private pending = new Map<string, SwarmUpdate>();
  private tenants = new Map<string, TenantWindow>();
  /** Last published "seeders/leechers/completed" per torrent, to skip unchanged ones. */
  private readonly published = new Map<string, string>();

  add(window: EventWindow): void {
    for (const update of window.swarms) {
      const current = this.pending.get(update.torrentId);
      if (current === undefined || current.at <= update.at) this.pending.set(update.torrentId, update);
    }
    for (const [tenantId, incoming] of Object.entries(window.tenants)) {
      const merged = this.tenants.get(tenantId) ?? { announces: 0, failures: 0, failuresByReason: {} };
      merged.announces += incoming.announces;
      merged.failures += incoming.failures;
      for (const [reason, count] of Object.entries(incoming.failuresByReason)) {
        merged.failuresByReason[reason] = (merged.failuresByReason[reason] ?? 0) + count;
      }
      this.tenants.set(tenantId, merged);
    }
  }

  /** Publishes the merged second; call once per second. */
  publish(sink: EventSink, windowStart: number): void {
    const changed: SwarmUpdate[] = [];
    for (const update of this.pending.values()) {
      const figures = `${update.seeders}/${update.leechers}/${update.timesCompleted}`;
      if (this.published.get(update.torrentId) === figures) continue;
      this.published.set(update.torrentId, figures);
      if (this.published.size > 1_000_000) this.published.clear();
      changed.push(update);
    }
    if (changed.length > 0) sink.swarmUpdates(changed);
    for (const [tenantId, window] of this.tenants) {
      sink.tenantStats({ tenantId, windowStart, ...window });
    }
    this.pending = new Map();
    this.tenants = new Map();
  }
}
