// Test environment: the run's migrated database (system role for fixtures, as the site
// and CLI write), real Redis under a key prefix of our own (cleaned by SCAN, never
// FLUSHALL), and a tracker worker started in-process on ephemeral ports.
import { randomBytes } from 'node:crypto';
import type { DatabaseUrls } from '@swarmhost/config';
import { publishInvalidation, type Invalidation } from '@swarmhost/events';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';
import { createLogger } from '../../src/log';
import { startTrackerWorker, type TrackerWorker, type TrackerWorkerOptions } from '../../src/tracker';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export interface TenantFixture {
  id: string;
  slug: string;
}
export interface MemberFixture {
  id: string;
  passkey: string;
  tenantId: string;
}
export interface TorrentFixture {
  id: string;
  infoHash: string;
  tenantId: string;
}

export class Fixtures {
  constructor(readonly db: pg.Pool) {}

  async tenant(options: { settings?: object; planLimits?: object; status?: string; reason?: string } = {}) {
    const slug = `t-${hex(5)}`;
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO tenants (slug, name, settings, plan_limits, status, suspended_reason)
       VALUES ($1, $1, $2, $3, $4::tenant_status, $5) RETURNING id`,
      // Tests announce far faster than any client; the per-passkey limit has its own test.
      [slug, JSON.stringify({ announceRateLimitPerSecond: 10_000, ...options.settings }), JSON.stringify(options.planLimits ?? {}), options.status ?? 'active', options.reason ?? null],
    );
    return { id: rows[0]!.id, slug } satisfies TenantFixture;
  }

  async member(tenant: TenantFixture, options: { status?: string; reason?: string; freeleechUntil?: Date } = {}) {
    const name = `m-${hex(5)}`;
    const passkey = hex(16);
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO members (tenant_id, username, email, password_hash, passkey, rss_key, status, disabled_reason, personal_freeleech_until)
       VALUES ($1, $2, $3, 'x', $4, $5, $6::member_status, $7, $8) RETURNING id`,
      [tenant.id, name, `${name}@example.test`, passkey, hex(16), options.status ?? 'active', options.reason ?? null, options.freeleechUntil ?? null],
    );
    return { id: rows[0]!.id, passkey, tenantId: tenant.id } satisfies MemberFixture;
  }

  async torrent(
    tenant: TenantFixture,
    options: { status?: string; reason?: string; freeleechPercent?: number; doubleUpload?: boolean; infoHash?: string; size?: number; file?: Buffer } = {},
  ) {
    const infoHash = options.infoHash ?? hex(20);
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO torrents (tenant_id, info_hash, name, size, file_count, piece_length, torrent_file, status, status_reason, freeleech_percent, double_upload)
       VALUES ($1, $2, $3, $4, 1, 16384, $5, $6::torrent_status, $7, $8, $9) RETURNING id`,
      [
        tenant.id,
        infoHash,
        `torrent ${infoHash.slice(0, 8)}`,
        options.size ?? 1024,
        options.file ?? Buffer.from('d4:infod4:name1:xee'),
        options.status ?? 'approved',
        options.reason ?? null,
        options.freeleechPercent ?? 0,
        options.doubleUpload ?? false,
      ],
    );
    return { id: rows[0]!.id, infoHash, tenantId: tenant.id } satisfies TorrentFixture;
  }
}

export interface TestEnvironment {
  readonly urls: DatabaseUrls;
  readonly db: pg.Pool;
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly fixtures: Fixtures;
  /** Publishes an invalidation the way the site and the CLI do. */
  invalidate(message: Invalidation): Promise<void>;
  startTracker(overrides?: Partial<TrackerWorkerOptions>): Promise<TrackerWorker>;
  close(): Promise<void>;
}

export async function createEnvironment(): Promise<TestEnvironment> {
  const urls = inject('databaseUrls');
  const db = new pg.Pool({ connectionString: urls.system, max: 4 });
  const redis = new Redis(REDIS_URL);
  const keyPrefix = `test-tracker-${hex(4)}:`;
  const trackers: TrackerWorker[] = [];
  return {
    urls,
    db,
    redis,
    keyPrefix,
    fixtures: new Fixtures(db),
    invalidate: (message) => publishInvalidation(redis, message),
    async startTracker(overrides = {}) {
      const tracker = await startTrackerWorker({
        host: '127.0.0.1',
        port: 0,
        udpPort: undefined,
        trustedProxies: [],
        redisUrl: REDIS_URL,
        systemDatabaseUrl: urls.system,
        workerCount: 1,
        // Fixtures made after start are cache misses; the per-address limit has its own test.
        cacheMissesPerAddress: 10_000,
        flush: { intervalMs: 500 },
        log: createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent'),
        ...overrides,
      });
      trackers.push(tracker);
      return tracker;
    },
    async close() {
      await Promise.all(trackers.map((tracker) => tracker.stop(1000)));
      await deleteKeys(redis, `${keyPrefix}*`);
      redis.disconnect();
      await db.end();
    },
  };
}

/** Deletes only our own keys (SCAN + UNLINK); other sessions share this Redis. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
