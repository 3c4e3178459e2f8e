// Live events reach Redis through @socket.io/redis-emitter on the rooms of
// @swarmhost/events: one swarm update per torrent per window, tenant stats per second.
import { rooms } from '@swarmhost/events';
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

describe('live events', () => {
  it('publishes coalesced swarm updates and tenant stats to the rooms', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    const subscriber = new Redis(REDIS_URL);
    const channels: string[] = [];
    subscriber.on('pmessage', (_pattern: string, channel: string) => channels.push(channel));
    await subscriber.psubscribe('socket.io#/#*');
    try {
      for (let index = 0; index < 3; index += 1) {
        await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' });
      }
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const merger = new EventMerger();
      for (const window of windows.splice(0)) merger.add(window);
      merger.publish(emitterSink(env.redis), Date.now() - 1000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const torrentRoom = channels.filter((channel) => channel.includes(rooms.torrent(tenant.id, torrent.id)));
      expect(torrentRoom).toHaveLength(1);
      expect(channels.some((channel) => channel.includes(rooms.tenantDashboard(tenant.id)) || channel === 'socket.io#/#')).toBe(true);
    } finally {
      subscriber.disconnect();
    }
  });
});
