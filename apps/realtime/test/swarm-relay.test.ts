// Swarm updates published the way the tracker publishes them (@socket.io/redis-emitter
// to rooms.torrent) reach subscribed sockets on either of two gateways, browse lists get
// the tenant-wide relay exactly once, and another tenant's sockets get nothing.
import { Emitter } from '@socket.io/redis-emitter';
import { GATEWAY_REQUESTS, rooms, SWARM_UPDATE_EVENT, type SwarmUpdate } from '@swarmhost/events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connectAs, nextEvent, ok, pause, record } from './support/clients';
import { newMember, newTenant, newTorrent } from './support/fixtures';
import { redisNames, REDIS_URL, startGatewayProcess, type GatewayProcess } from './support/gateways';

let gateways: GatewayProcess[];
let redis: Redis;
let emitter: Emitter;

beforeAll(async () => {
  gateways = await Promise.all([startGatewayProcess('swarm'), startGatewayProcess('swarm')]);
  redis = new Redis(REDIS_URL);
  emitter = new Emitter(redis, { key: redisNames('swarm').adapterKey });
});
afterAll(async () => {
  closeAllSockets();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  redis.disconnect();
});

const port = (index: number) => gateways[index]?.port ?? 0;

function swarmUpdate(torrent: { id: string; tenantId: string; infoHash: string }, seeders: number): SwarmUpdate {
  return { tenantId: torrent.tenantId, torrentId: torrent.id, infoHash: torrent.infoHash, seeders, leechers: 1, timesCompleted: 0, at: Date.now() };
}

describe('swarm relay', () => {
  it("delivers a tracker swarm update to its tenant's subscribers on both gateways and to no other tenant", async () => {
    const tenantA = await newTenant();
    const tenantB = await newTenant();
    const [alice, bob, mallory] = await Promise.all([newMember(tenantA), newMember(tenantA), newMember(tenantB)]);
    const torrentA = await newTorrent(tenantA);
    const torrentB = await newTorrent(tenantB);
    const onA = await connectAs(port(0), { tenantId: tenantA.id, memberId: alice.id, role: 'member' });
    const onB = await connectAs(port(1), { tenantId: tenantA.id, memberId: bob.id, role: 'member' });
    const other = await connectAs(port(1), { tenantId: tenantB.id, memberId: mallory.id, role: 'member' });
    await ok(onA, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrentA.id });
    await ok(onB, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrentA.id });
    await ok(other, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrentB.id });
    await ok(other, GATEWAY_REQUESTS.subscribeBrowse, {});
    const leaked = record<SwarmUpdate>(other, SWARM_UPDATE_EVENT);

    const update = swarmUpdate(torrentA, 7);
    const arrivals = [nextEvent<SwarmUpdate>(onA, SWARM_UPDATE_EVENT), nextEvent<SwarmUpdate>(onB, SWARM_UPDATE_EVENT)];
    emitter.to(rooms.torrent(tenantA.id, torrentA.id)).emit(SWARM_UPDATE_EVENT, update);
    expect(await Promise.all(arrivals)).toEqual([update, update]);
    await pause(300);
    expect(leaked).toEqual([]);
  });

  it('relays every update of the tenant to browse lists once, whichever gateway they are on', async () => {
    const tenant = await newTenant();
    const member = await newMember(tenant);
    const torrents = await Promise.all([newTorrent(tenant), newTorrent(tenant)]);
    const browsers = await Promise.all([0, 1].map((index) => connectAs(port(index), { tenantId: tenant.id, memberId: member.id, role: 'member' })));
    for (const browser of browsers) await ok(browser, GATEWAY_REQUESTS.subscribeBrowse, {});
    const seen = browsers.map((browser) => record<SwarmUpdate>(browser, SWARM_UPDATE_EVENT));
    for (const [index, torrent] of torrents.entries()) {
      emitter.to(rooms.torrent(tenant.id, torrent.id)).emit(SWARM_UPDATE_EVENT, swarmUpdate(torrent, index + 1));
    }
    await pause(500);
    for (const updates of seen) expect(updates.map((update) => update.seeders).sort()).toEqual([1, 2]);
  });
});
