// A deleted tenant leaves the pool's memory at once (issue 14), not when its peers age
// out: the deletion job suspends the tenant, later purges its rows and publishes a
// tenant invalidation; every worker then finds the row gone and drops the swarms it owns
// (MemoryStore.dropTenant). A real pool of two workers (swarms sharded between them) in a
// database of its own, so the pool's memory holds only this file's peers.
import { createTestDatabase, type TestDatabase } from '@swarmhost/db/testing';
import { publishInvalidation } from '@swarmhost/events';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailure, expectSuccess } from './support/asserts';
import { announce, getBencoded, scrapeTarget } from './support/client';
import { Fixtures, REDIS_URL, type TenantFixture, type TorrentFixture } from './support/environment';
import { startPool, type PoolProcess } from './support/pool';

let database: TestDatabase;
let db: pg.Pool;
let redis: Redis;
let pool: PoolProcess;
let fixtures: Fixtures;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'swarmhost_tracker_deletion' });
  db = new pg.Pool({ connectionString: database.urls.system, max: 2 });
  redis = new Redis(REDIS_URL);
  fixtures = new Fixtures(db);
  pool = await startPool({
    DATABASE_URL: database.urls.owner,
    DATABASE_SYSTEM_URL: database.urls.system,
    REDIS_URL,
    TRACKER_WORKERS: '2',
    TRACKER_UDP_ENABLED: 'false',
    FLUSH_INTERVAL: '1',
    LOG_LEVEL: 'info',
  });
});
afterAll(async () => {
  await pool?.stop(5000);
  redis?.disconnect();
  await db?.end();
  await database?.drop();
});

/** The pool's gauges (summed over its workers by the primary). */
async function memory(): Promise<{ swarms: number; peers: number }> {
  const text = await (await fetch(`http://127.0.0.1:${pool.metricsPort}/metrics`)).text();
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { swarms: gauge('tracker_memory_swarms'), peers: gauge('tracker_memory_peers') };
}

async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `peers` members announce on each of `torrents` new torrents of `tenant`; returns one passkey and the torrents. */
async function busyTenant(torrents: number, peers: number): Promise<{ tenant: TenantFixture; passkey: string; torrents: TorrentFixture[] }> {
  const tenant = await fixtures.tenant();
  const members = await Promise.all(Array.from({ length: peers }, () => fixtures.member(tenant)));
  const made = await Promise.all(Array.from({ length: torrents }, () => fixtures.torrent(tenant)));
  for (const torrent of made) {
    for (const [index, member] of members.entries()) {
      expectSuccess(await announce(pool.port, member.passkey, { infoHash: torrent.infoHash, left: index === 0 ? 0 : 1000, event: 'started', port: 6881 + index }));
    }
  }
  return { tenant, passkey: members[0]!.passkey, torrents: made };
}

describe('deleting a tenant', () => {
  it('drops its swarms from every worker at once; another tenant keeps its peers', async () => {
    // Ten swarms of the doomed tenant (over both workers, by the shard hash), one of the other.
    const doomed = await busyTenant(10, 2);
    const other = await busyTenant(1, 2);
    await until(memory, (now) => now.peers === 10 * 2 + 2, 'peers in memory before');
    expect(await memory()).toEqual({ swarms: 11, peers: 22 });

    // The deletion job's first step: suspended, refused, but still in memory (a suspension can be lifted).
    await db.query(`UPDATE tenants SET status = 'suspended', suspended_reason = 'being deleted' WHERE id = $1`, [doomed.tenant.id]);
    await publishInvalidation(redis, { kind: 'tenant', tenantId: doomed.tenant.id });
    await until(
      () => announce(pool.port, doomed.passkey, { infoHash: doomed.torrents[0]!.infoHash, left: 0 }),
      (answer) => answer['failure reason'] !== undefined,
      'suspended tenant refused',
    );
    // (An announce accepted before the suspension arrived may have added a peer.)
    expect((await memory()).peers).toBeGreaterThanOrEqual(22);

    // The purge: its rows go (cascading from the tenant row), then the invalidation.
    await db.query('DELETE FROM tenants WHERE id = $1', [doomed.tenant.id]);
    const published = Date.now();
    await publishInvalidation(redis, { kind: 'tenant', tenantId: doomed.tenant.id });
    const after = await until(memory, (now) => now.peers === 2, 'peers in memory after the deletion', 3000);
    expect(after).toEqual({ swarms: 1, peers: 2 });
    expect(Date.now() - published).toBeLessThan(3000);

    // The other tenant is untouched: its scrape still counts its seeder and leecher. A scrape
    // answers from the receiving worker's torrent cache alone, and a torrent made after the
    // pool started is cached only by the worker that first looked it up, so the torrent's
    // invalidation (what the site publishes on approval) is sent first and the scrape asked
    // until every worker has applied it.
    const otherHash = other.torrents[0]!.infoHash;
    await publishInvalidation(redis, { kind: 'torrent', tenantId: other.tenant.id, infoHash: otherHash });
    const scrapeCounts = async () => {
      const scrape = await getBencoded(pool.port, scrapeTarget(other.passkey, [otherHash]));
      const counts = Object.values(scrape.files as unknown as Record<string, { complete: number; incomplete: number }>)[0];
      return [counts?.complete, counts?.incomplete];
    };
    // Several scrapes, so that both workers (connections are spread over them) answer one.
    for (let round = 0; round < 4; round += 1) {
      expect(await until(scrapeCounts, (counts) => counts[0] === 1 && counts[1] === 1, 'the other tenant scraped', 3000)).toEqual([1, 1]);
    }
    // The deleted tenant's passkeys are unknown now, and no later flush writes its peers back.
    expectFailure(await announce(pool.port, doomed.passkey, { infoHash: doomed.torrents[0]!.infoHash, left: 0 }), /unknown passkey/);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM peers WHERE tenant_id = $1', [doomed.tenant.id]);
    expect(rows[0]!.count).toBe('0');
    expect(pool.output()).toMatch(/deleted tenant: its swarms dropped from memory/);
  });
});
