// Redis down for 30 s while the pool serves (issue 10): Redis is off the announce path,
// so every announce is answered; cache invalidation and live events resume when it
// returns (an invalidation published during the outage is lost with pub/sub, so the
// worker reloads its caches after the reconnect). Redis sits behind a TCP relay the test
// switches off and on — never the shared server itself.
import { decode } from '@msgpack/msgpack';
import { SWARM_BATCH_EVENT, type SwarmUpdate } from '@swarmhost/events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, expectFailure, expectSuccess } from './support/asserts';
import { announce, peerId } from './support/client';
import { createEnvironment, hex, REDIS_URL, type TestEnvironment } from './support/environment';
import { startPool, type PoolProcess } from './support/pool';
import { startTcpRelay, type TcpRelay } from './support/tcp-relay';

/** The 30 s. */
const OUTAGE_MS = 30_000;

let env: TestEnvironment;
let pool: PoolProcess | undefined;
let relay: TcpRelay;

beforeAll(async () => {
  env = await createEnvironment();
  const target = new URL(REDIS_URL);
  relay = await startTcpRelay({ host: target.hostname, port: Number(target.port || 6379) }, { up: true });
});
afterAll(async () => {
  await pool?.stop(5000);
  await relay.close();
  await env.close();
});

/** Swarm batches the pool publishes for the gateways, read from the real Redis. */
async function listenForBatches(adapterKey: string): Promise<{ updates: SwarmUpdate[]; stop: () => void }> {
  const subscriber = new Redis(REDIS_URL);
  const updates: SwarmUpdate[] = [];
  subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
    const packet = (decode(message) as { data: { packet: unknown[] } }).data.packet;
    if (packet[0] === SWARM_BATCH_EVENT) updates.push(...(packet[1] as { updates: SwarmUpdate[] }).updates);
  });
  await subscriber.subscribe(`${adapterKey}-cluster#/#`);
  return { updates, stop: () => subscriber.disconnect() };
}

describe('Redis down while the pool runs', () => {
  it('answers every announce for 30 s, then invalidation and live events resume', async () => {
    const tenant = await env.fixtures.tenant();
    const members = await Promise.all(Array.from({ length: 8 }, () => env.fixtures.member(tenant)));
    const torrents = await Promise.all(Array.from({ length: 12 }, () => env.fixtures.torrent(tenant)));
    const disabledMeanwhile = await env.fixtures.member(tenant);
    const adapterKey = `test-redis-outage-${hex(4)}`;
    const relayUrl = `redis://127.0.0.1:${relay.port}`;
    pool = await startPool({
      DATABASE_URL: env.urls.owner,
      DATABASE_SYSTEM_URL: env.urls.system,
      REDIS_URL: relayUrl,
      REALTIME_ADAPTER_KEY: adapterKey,
      TRACKER_WORKERS: '1',
      TRACKER_UDP_ENABLED: 'false',
      FLUSH_INTERVAL: '1',
    });
    const port = pool.port;
    // Every (member, torrent) pair is a new peer: `started` is answered whatever the min interval.
    const pairs = members.flatMap((member) => torrents.map((torrent) => ({ member, torrent })));
    let next = 0;
    const announceNewPeer = () => {
      const { member, torrent } = pairs[next++]!;
      return announce(port, member.passkey, { infoHash: torrent.infoHash, peerId: peerId(), left: 1000, event: 'started' });
    };
    expectSuccess(await announceNewPeer());
    expectSuccess(await announce(port, disabledMeanwhile.passkey, { infoHash: torrents[0]!.infoHash, peerId: peerId(), left: 0, event: 'started' }));

    relay.cut();
    const outageEnds = Date.now() + OUTAGE_MS;
    // Staff disable a member meanwhile: the invalidation is published while the pool
    // cannot hear it.
    await env.db.query(`UPDATE members SET status = 'disabled', disabled_reason = 'outage test' WHERE id = $1`, [disabledMeanwhile.id]);
    await env.invalidate({ kind: 'member', tenantId: tenant.id, memberId: disabledMeanwhile.id });
    let answered = 0;
    while (Date.now() < outageEnds) {
      expectSuccess(await announceNewPeer());
      answered += 1;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(answered).toBeGreaterThan(OUTAGE_MS / 1000);

    const batches = await listenForBatches(adapterKey);
    try {
      relay.up();
      // The lost invalidation: the worker reloads its caches once Redis is back.
      await eventually(async () => {
        expectFailure(await announce(port, disabledMeanwhile.passkey, { infoHash: torrents[1]!.infoHash, peerId: peerId(), left: 0, event: 'started' }), /disabled: outage test/);
      }, 20_000);
      // A new invalidation arrives as usual.
      const member = members[0]!;
      await env.db.query(`UPDATE members SET status = 'disabled', disabled_reason = 'after the outage' WHERE id = $1`, [member.id]);
      await env.invalidate({ kind: 'member', tenantId: tenant.id, memberId: member.id });
      await eventually(async () => {
        expectFailure(await announce(port, member.passkey, { infoHash: torrents[2]!.infoHash, peerId: peerId(), left: 0, event: 'started' }), /disabled: after the outage/);
      }, 5_000);
      // Live events: a swarm change after the outage reaches the gateways' channel.
      const { torrent } = pairs[next]!;
      expectSuccess(await announceNewPeer());
      await eventually(async () => expect(batches.updates.map((update) => update.torrentId)).toContain(torrent.id), 10_000);
    } finally {
      batches.stop();
    }
    expect(await pool.stop()).toBe(0);
    pool = undefined;
  }, 120_000);
});
