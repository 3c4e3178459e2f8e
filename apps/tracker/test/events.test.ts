// Live events reach the gateways' server-side channel (@swarmhost/events emitter):
// per second one batch holding each changed torrent once, and one stats message per tenant.
import { decode } from '@msgpack/msgpack';
import { SWARM_BATCH_EVENT, TENANT_STATS_EVENT, type SwarmUpdate, type TenantAnnounceStats } from '@swarmhost/events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitterSink } from '../src/events/emitter-sink';
import { EventMerger, type EventWindow } from '../src/events/live-events';
import type { TrackerWorker } from '../src/tracker';
import { announce } from './support/client';
import { createEnvironment, REDIS_URL, type TestEnvironment } from './support/environment';

let env: TestEnvironment;
let tracker: TrackerWorker;
const windows: EventWindow[] = [];

beforeAll(async () => {
  env = await createEnvironment();
  tracker = await env.startTracker({ onEventWindow: (window) => windows.push(window) });
});
afterAll(async () => env.close());

/** Server-side emits as every gateway receives them: [event, ...args]. */
async function listen(adapterKey: string): Promise<{ packets: unknown[][]; stop: () => void }> {
  const subscriber = new Redis(REDIS_URL);
  const packets: unknown[][] = [];
  subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
    const decoded = decode(message) as { data: { packet: unknown[] } };
    packets.push(decoded.data.packet);
  });
  await subscriber.subscribe(`${adapterKey}-cluster#/#`);
  return { packets, stop: () => subscriber.disconnect() };
}

describe('live events', () => {
  it('publishes one swarm batch per second with each changed torrent once, and tenant stats', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    const other = await env.fixtures.torrent(tenant);
    const adapterKey = `test-${env.keyPrefix.replace(/[^a-z0-9]/gi, '')}`;
    const channel = await listen(adapterKey);
    try {
      for (let index = 0; index < 2; index += 1) {
        await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' });
      }
      await announce(tracker.httpPort, member.passkey, { infoHash: other.infoHash, event: 'started' });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const merger = new EventMerger();
      for (const window of windows.splice(0)) merger.add(window);
      merger.publish(emitterSink(env.redis, { adapterKey }), Date.now() - 1000);
      await new Promise((resolve) => setTimeout(resolve, 200));

      const batches = channel.packets.filter((packet) => packet[0] === SWARM_BATCH_EVENT);
      expect(batches).toHaveLength(1);
      const updates = (batches[0]?.[1] as { updates: SwarmUpdate[] }).updates;
      expect(updates.map((update) => update.torrentId).sort()).toEqual([torrent.id, other.id].sort());
      expect(updates.find((update) => update.torrentId === torrent.id)).toMatchObject({ tenantId: tenant.id, leechers: 2 });
      const stats = channel.packets.filter((packet) => packet[0] === TENANT_STATS_EVENT).map((packet) => packet[1] as TenantAnnounceStats);
      expect(stats.find((entry) => entry.tenantId === tenant.id)).toMatchObject({ announces: 3, failures: 0 });
    } finally {
      channel.stop();
    }
  });

  it('hands a torrent\'s first change to the primary at once, in a window of its own', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    windows.splice(0);
    await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' });
    // Within FRESH_BATCH_MS of the answer, apart from the one-second windows.
    let fresh: EventWindow[] = [];
    for (let attempt = 0; attempt < 50 && fresh.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      fresh = windows.filter((window) => Object.keys(window.tenants).length === 0);
    }
    expect(fresh.flatMap((window) => window.swarms).map((update) => [update.torrentId, update.leechers])).toEqual([[torrent.id, 1]]);
  });
});
