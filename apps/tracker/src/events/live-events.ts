// Live figures for the real-time gateway, at most one update per torrent per second,
// the first one at once (a leading-edge throttle): a worker hands a torrent's first
// change of a second to the cluster primary straight away (batched per event-loop
// turn) and later ones with its one-second window; the primary publishes a torrent
// when it has not published it in the last second, else holds the latest figures until
// that second is over. Per-tenant announce/failure counts go once a second.
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

/** At most one update per torrent in this many ms (the "one per second"). */
export const SWARM_UPDATE_SPACING_MS = 1000;
/**
 * Fresh (first-in-a-second) changes are gathered this long before they cross to the
 * primary and again before it publishes them: a few messages a second instead of one
 * per event-loop turn under load, for at most twice this much extra latency.
 */
export const FRESH_BATCH_MS = 20;

export interface EventCollectorOptions {
  /**
   * Called (once until takeFresh()) when a torrent changes for the first time in a
   * second; without it everything waits for the window.
   */
  readonly onFresh?: () => void;
}

export class EventCollector {
  private swarms = new Map<string, SwarmUpdate>();
  private fresh = new Map<string, SwarmUpdate>();
  private lastForwarded = new Map<string, number>();
  private tenants = new Map<string, TenantWindow>();

  constructor(private readonly options: EventCollectorOptions = {}) {}

  swarm(update: SwarmUpdate): void {
    const { onFresh } = this.options;
    if (this.fresh.has(update.torrentId)) {
      this.fresh.set(update.torrentId, update);
      return;
    }
    const last = this.lastForwarded.get(update.torrentId);
    if (onFresh !== undefined && (last === undefined || update.at - last >= SWARM_UPDATE_SPACING_MS)) {
      this.lastForwarded.set(update.torrentId, update.at);
      this.swarms.delete(update.torrentId);
      this.fresh.set(update.torrentId, update);
      if (this.fresh.size === 1) onFresh();
      return;
    }
    this.swarms.set(update.torrentId, update);
  }

  /** The first changes of torrents quiet for a second, collected since the last call. */
  takeFresh(): SwarmUpdate[] {
    const updates = [...this.fresh.values()];
    this.fresh = new Map();
    return updates;
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
    const window: EventWindow = { swarms: [...this.fresh.values(), ...this.swarms.values()], tenants: Object.fromEntries(this.tenants) };
    this.fresh = new Map();
    this.swarms = new Map();
    this.tenants = new Map();
    // Torrents forwarded over a second ago may go at once again: forget them.
    const latest = window.swarms.reduce((at, update) => Math.max(at, update.at), 0);
    for (const [torrentId, at] of this.lastForwarded) {
      if (latest - at >= SWARM_UPDATE_SPACING_MS || this.lastForwarded.size > 100_000) this.lastForwarded.delete(torrentId);
    }
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
  /** When each torrent was last published (ms), for the one-per-second spacing. */
  private readonly publishedAt = new Map<string, number>();

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

  /**
   * Publishes, as one batch, the pending torrents not published in the last second
   * (whose counts changed); the others stay pending until they are due. Call after
   * add() and a few times a second.
   */
  publishDue(sink: EventSink, nowMs: number): void {
    this.publishSwarms(sink, nowMs, false);
  }

  /** Publishes the merged second's tenant stats and what is due; call once per second. */
  publish(sink: EventSink, windowStart: number, nowMs: number = windowStart + 1000): void {
    this.publishSwarms(sink, nowMs, false);
    this.publishTenants(sink, windowStart);
  }

  /** Publishes everything pending regardless of spacing (final flush on shutdown). */
  publishAll(sink: EventSink, windowStart: number, nowMs: number = windowStart + 1000): void {
    this.publishSwarms(sink, nowMs, true);
    this.publishTenants(sink, windowStart);
  }

  private publishSwarms(sink: EventSink, nowMs: number, all: boolean): void {
    const changed: SwarmUpdate[] = [];
    for (const [torrentId, update] of this.pending) {
      const last = this.publishedAt.get(torrentId);
      if (!all && last !== undefined && nowMs - last < SWARM_UPDATE_SPACING_MS) continue;
      this.pending.delete(torrentId);
      const figures = `${update.seeders}/${update.leechers}/${update.timesCompleted}`;
      if (this.published.get(torrentId) === figures) continue;
      if (this.published.size > 1_000_000) {
        this.published.clear();
        this.publishedAt.clear();
      }
      this.published.set(torrentId, figures);
      this.publishedAt.set(torrentId, nowMs);
      changed.push(update);
    }
    if (changed.length > 0) sink.swarmUpdates(changed);
  }

  private publishTenants(sink: EventSink, windowStart: number): void {
    for (const [tenantId, window] of this.tenants) {
      sink.tenantStats({ tenantId, windowStart, ...window });
    }
    this.tenants = new Map();
  }
}
