// A PostgreSQL outage at start (issue 17): announces need only Redis and the caches, so
// the pool starts anyway, answers what it can ("retry later" for what it cannot know),
// and warms its caches up in the background once PostgreSQL is back. PostgreSQL sits
// behind a TCP relay the test switches off and on.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailure, expectSuccess } from './support/asserts';
import { announce, peerId } from './support/client';
import { createEnvironment, REDIS_URL, type TestEnvironment } from './support/environment';
import { startPool, type PoolProcess } from './support/pool';

let env: TestEnvironment;
let pool: PoolProcess | undefined;
let relay: Server;
let relayUp = false;
const sockets = new Set<Socket>();

beforeAll(async () => {
  env = await createEnvironment();
  const target = new URL(env.urls.system);
  relay = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (!relayUp) return void client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await pool?.stop(5000);
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => relay.close(resolve));
  await env.close();
});

function throughRelay(url: string): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String((relay.address() as { port: number }).port);
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

    relayUp = true;
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
