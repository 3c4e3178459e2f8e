// PostgreSQL outages. At start (issue 17): announces need only the caches, so the pool
// starts anyway, answers what it can ("retry later" for what it cannot know), and warms
// its caches up in the background once PostgreSQL is back. While running (issue 10):
// announces are answered, a peer's last word (stopped, completed) gets "announce again"
// rather than an answer that could be lost, /healthz says degraded, the flush retries
// with backoff, and the totals are exact once PostgreSQL is back. PostgreSQL sits behind
// a TCP relay the test switches off and on (never the shared server itself).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, expectFailure, expectSuccess } from './support/asserts';
import { announce, get, peerId, type AnnounceQuery } from './support/client';
import { createEnvironment, REDIS_URL, type TestEnvironment } from './support/environment';
import { startPool, type PoolProcess } from './support/pool';
import { startTcpRelay, type TcpRelay } from './support/tcp-relay';

let env: TestEnvironment;
let pool: PoolProcess | undefined;
let relay: TcpRelay;

beforeAll(async () => {
  env = await createEnvironment();
  const target = new URL(env.urls.system);
  relay = await startTcpRelay({ host: target.hostname, port: Number(target.port || 5432) }, { up: false });
});
afterAll(async () => {
  await pool?.stop(5000);
  await relay.close();
  await env.close();
});

async function health(port: number): Promise<string> {
  return (await get(port, '/healthz')).body.toString();
}

function throughRelay(url: string): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(relay.port);
  return parsed.toString();
}

describe('PostgreSQL down at start', () => {
  it('starts the pool, answers "retry later" for what it cannot know, and serves fully once PostgreSQL is back', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    pool = await startPool({
      DATABASE_URL: throughRelay(env.urls.owner),
      DATABASE_SYSTEM_URL: throughRelay(env.urls.system),
      REDIS_URL,
      TRACKER_WORKERS: '1',
      TRACKER_UDP_ENABLED: 'false',
      FLUSH_INTERVAL: '1',
      LOG_LEVEL: 'info',
    });
    expectFailure(await announce(pool.port, member.passkey, { infoHash: torrent.infoHash, event: 'started' }), /retry later/);
    expect(pool.output()).toMatch(/loading the caches failed/);
    expect(pool.output()).not.toMatch(/worker died/);

    relay.up();
    const deadline = Date.now() + 15_000;
    for (;;) {
      const answer = await announce(pool.port, member.passkey, { infoHash: torrent.infoHash, peerId: peerId(), event: 'started' });
      if (answer['failure reason'] === undefined) {
        expectSuccess(answer);
        break;
      }
      if (Date.now() > deadline) throw new Error(`still refused: ${String(answer['failure reason'])}\n${pool.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The background warm-up gets through too (retries back off from one second).
    for (let waited = 0; !/caches loaded/.test(pool.output()) && waited < 10_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(pool.output()).toMatch(/caches loaded/);
    expect(await pool.stop()).toBe(0);
    pool = undefined;
  });
});

/** How long PostgreSQL stays away in the running pool (the 30 s). */
const OUTAGE_MS = 30_000;

describe('PostgreSQL down while the pool runs', () => {
  it('answers announces, refuses last words with "announce again", reports degraded, and books exact totals after', async () => {
    relay.up();
    const tenant = await env.fixtures.tenant();
    const seeder = await env.fixtures.member(tenant);
    const leecher = await env.fixtures.member(tenant);
    const newcomer = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant, { size: 100_000 });
    pool = await startPool({
      DATABASE_URL: throughRelay(env.urls.owner),
      DATABASE_SYSTEM_URL: throughRelay(env.urls.system),
      REDIS_URL,
      TRACKER_WORKERS: '1',
      TRACKER_UDP_ENABLED: 'false',
      FLUSH_INTERVAL: '1',
      LOG_LEVEL: 'error',
    });
    const port = pool.port;
    const seederPeer = peerId();
    const leecherPeer = peerId();
    const ask = (passkey: string, query: Omit<AnnounceQuery, 'infoHash'>) => announce(port, passkey, { ...query, infoHash: torrent.infoHash });
    expectSuccess(await ask(seeder.passkey, { peerId: seederPeer, left: 0, uploaded: 0, event: 'started' }));
    expectSuccess(await ask(leecher.passkey, { peerId: leecherPeer, left: 100_000, downloaded: 0, event: 'started' }));
    await eventually(async () => expect(await health(port)).toBe('ok\n'), 10_000);

    relay.cut();
    const outageEnds = Date.now() + OUTAGE_MS;
    await eventually(async () => expect(await health(port)).toMatch(/^degraded: ledger flush failing since .* \(PostgreSQL unreachable\?\)/), 15_000);
    // A new peer is answered, with the swarm's peers.
    expectSuccess(await ask(newcomer.passkey, { peerId: peerId(), left: 100_000, event: 'started' }));
    // Last words are refused with a reason that says to come back.
    expectFailure(await ask(leecher.passkey, { peerId: leecherPeer, left: 0, downloaded: 100_000, event: 'completed' }), /cannot record this right now: announce again/);
    expectFailure(await ask(seeder.passkey, { peerId: seederPeer, left: 0, uploaded: 70_000, event: 'stopped' }), /cannot record this right now: announce again/);
    expect(await health(port)).toMatch(/^degraded/);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageEnds - Date.now())));
    expect(await health(port)).toMatch(/^degraded/);
    // Backoff: at a 1 s interval, far fewer scheduled retries than seconds of outage.
    const failedFlushes = (pool.output().match(/ledger flush failed; will retry/g) ?? []).length;
    expect(failedFlushes).toBeGreaterThan(1);
    expect(failedFlushes).toBeLessThan(OUTAGE_MS / 1000 / 2);

    relay.up();
    // The clients announce again, as told: now answered, and counted once.
    await eventually(async () => expectSuccess(await ask(leecher.passkey, { peerId: leecherPeer, left: 0, downloaded: 100_000, event: 'completed' })), 30_000);
    expectSuccess(await ask(seeder.passkey, { peerId: seederPeer, left: 0, uploaded: 70_000, event: 'stopped' }));
    await eventually(async () => expect(await health(port)).toBe('ok\n'), 30_000);
    const { rows } = await env.db.query<{ id: string; uploaded_bytes: string; downloaded_bytes: string }>(
      'SELECT id, uploaded_bytes, downloaded_bytes FROM members WHERE id = ANY($1::uuid[])',
      [[seeder.id, leecher.id]],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(Number(byId.get(seeder.id)?.uploaded_bytes)).toBe(70_000);
    expect(Number(byId.get(leecher.id)?.downloaded_bytes)).toBe(100_000);
    const snatches = await env.db.query('SELECT member_id FROM snatches WHERE torrent_id = $1', [torrent.id]);
    expect(snatches.rows).toEqual([{ member_id: leecher.id }]);
    expect(await pool.stop()).toBe(0);
    pool = undefined;
  }, 120_000);
});
