// Once per second one gateway (the holder of a Redis lease, so several gateways never
// double-count) turns the tracker's per-tenant announce stats and the slower figures
// into a DashboardPoint per tenant, appends it to a 15-minute list in Redis, and pushes
// it to the tenant's staff dashboard and (all tenants at once) to the operators, through
// every gateway (dashboard-relay.ts).
import {
  DASHBOARD_HISTORY_SECONDS,
  PLATFORM_SERIES_ID,
  type DashboardPoint,
  type DashboardTick,
  type TenantAnnounceStats,
} from '@swarmhost/events';
import type { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { GatewayServer } from '../socket-types';
import type { TenantStatsListener } from '../server-events';
import { publishDashboardTick } from './dashboard-relay';
import { readFlushLag, readTenantFigures, type TenantFigures } from './tenant-figures';

const LEASE_MS = 3000;
const FIGURES_EVERY_MS = 5000;
/** Stats older than this are from a silent tracker: the tenant had no announces. */
const STATS_FRESH_MS = 2500;

const HOLD_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

export interface DashboardRecorderOptions {
  redis: Redis;
  keyPrefix: string;
  gatewayId: string;
  io: GatewayServer;
  trackerMetricsUrl: string | undefined;
  log: Logger;
}

export class DashboardRecorder implements TenantStatsListener {
  private readonly stats = new Map<string, { stats: TenantAnnounceStats; receivedAt: number }>();
  private figures = new Map<string, TenantFigures>();
  private flushLagSeconds: number | null = null;
  private figuresReadAt = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The step in progress, so close() can wait for it before the gateway's Redis clients go. */
  private ticking: Promise<unknown> | undefined;

  constructor(private readonly options: DashboardRecorderOptions) {}

  historyKey(tenantId: string): string {
    return `${this.options.keyPrefix}dashboard:${tenantId}`;
  }

  private get leaseKey(): string {
    return `${this.options.keyPrefix}dashboard:leader`;
  }

  tenantStats(stats: TenantAnnounceStats): void {
    this.stats.set(stats.tenantId, { stats, receivedAt: Date.now() });
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch((error: unknown) => this.options.log.warn('dashboard tick failed', { error }))
        .finally(() => {
          this.ticking = undefined;
        });
    }, 1000);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.options.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, this.leaseKey, this.options.gatewayId);
  }

  /** The last 15 minutes of one tenant's (or the platform's) points, oldest first. */
  async history(tenantId: string): Promise<DashboardPoint[]> {
    const raw = await this.options.redis.lrange(this.historyKey(tenantId), 0, -1);
    return raw.map((entry) => JSON.parse(entry) as DashboardPoint);
  }

  /** One recording step; public so tests can drive it without waiting. */
  async tick(now = Date.now()): Promise<DashboardPoint[]> {
    const leader = (await this.options.redis.eval(HOLD_LEASE, 1, this.leaseKey, this.options.gatewayId, LEASE_MS)) === 1;
    if (!leader) return [];
    if (now - this.figuresReadAt >= FIGURES_EVERY_MS) {
      this.figuresReadAt = now;
      [this.figures, this.flushLagSeconds] = await Promise.all([readTenantFigures(), readFlushLag(this.options.trackerMetricsUrl, this.options.log)]);
    }
    const at = Math.floor(now / 1000) * 1000;
    const points = [...new Set([...this.figures.keys(), ...this.stats.keys()])].map((tenantId) => this.point(tenantId, at, now));
    const platform = this.platformPoint(points, at);
    const pipeline = this.options.redis.pipeline();
    for (const point of [...points, platform]) {
      const key = this.historyKey(point.tenantId);
      pipeline.rpush(key, JSON.stringify(point)).ltrim(key, -DASHBOARD_HISTORY_SECONDS, -1).pexpire(key, 2 * DASHBOARD_HISTORY_SECONDS * 1000);
    }
    await pipeline.exec();
    const tick: DashboardTick = { at, points: [platform, ...points] };
    publishDashboardTick(this.options.io, tick);
    return points;
  }

  private point(tenantId: string, at: number, now: number): DashboardPoint {
    const figures = this.figures.get(tenantId) ?? { seeders: 0, leechers: 0, newMembers24h: 0 };
    const latest = this.stats.get(tenantId);
    const fresh = latest !== undefined && now - latest.receivedAt <= STATS_FRESH_MS;
    if (latest && !fresh && now - latest.receivedAt > 60_000) this.stats.delete(tenantId);
    return {
      tenantId,
      at,
      announcesPerSecond: fresh ? latest.stats.announces : 0,
      failuresPerSecond: fresh ? latest.stats.failures : 0,
      seeders: figures.seeders,
      leechers: figures.leechers,
      activePeers: figures.seeders + figures.leechers,
      newMembers24h: figures.newMembers24h,
      flushLagSeconds: this.flushLagSeconds,
    };
  }

  private platformPoint(points: DashboardPoint[], at: number): DashboardPoint {
    const sum = (pick: (point: DashboardPoint) => number) => points.reduce((total, point) => total + pick(point), 0);
    return {
      tenantId: PLATFORM_SERIES_ID,
      at,
      announcesPerSecond: sum((point) => point.announcesPerSecond),
      failuresPerSecond: sum((point) => point.failuresPerSecond),
      seeders: sum((point) => point.seeders),
      leechers: sum((point) => point.leechers),
      activePeers: sum((point) => point.activePeers),
      newMembers24h: sum((point) => point.newMembers24h),
      flushLagSeconds: this.flushLagSeconds,
    };
  }
}
