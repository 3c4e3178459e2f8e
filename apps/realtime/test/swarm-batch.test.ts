// The tracker's batched swarm figures: one server-side emit carries many updates, every
// gateway process relays each update to its own sockets following that torrent or the
// tenant's browse list (once per socket), as the unchanged swarm:update pages listen to;
// another tenant's sockets get nothing. Works from createEmitter and, during the switch,
// from a @socket.io/redis-emitter's serverSideEmit.
import { Emitter } from '@socket.io/redis-emitter';
import { GATEWAY_REQUESTS, publishSwarmBatch, SWARM_UPDATE_EVENT, type SwarmUpdate } from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connectAs, ok, pause, record } from './support/clients';
import { newMember, newTenant, newTorrent } from './support/fixtures';
import { redisNames, REDIS_URL, startGatewayProcess, type GatewayProcess } from './support/gateways';

let gateways: GatewayProcess[];
let redis: Redis;

beforeAll(async () => {
  gateways = await Promise.all([startGatewayProcess('batch'), startGatewayProcess('batch')]);
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  closeAllSockets();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  redis.disconnect();
});

const port = (index: number) => gateways[index]?.port ?? 0;

function swarmUpdate(torrent: { id: string; tenantId: string; infoHash: string }, seeders: number): SwarmUpdate {
  return { tenantId: torrent.tenantId, torrentId: torrent.id, infoHash: torrent.infoHash, seeders, leechers: 2, timesCompleted: 1, at: Date.now() };
}

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 60 && !condition(); attempt += 1) await pause(50);
}

describe('swarm batches', () => {
  it("relays one batch to each torrent's followers and browse lists on both gateways, and to no other tenant", async () => {
    const [tenant, other] = await Promise.all([newTenant(), newTenant()]);
    const [alice, bob, carol, mallory] = await Promise.all([newMember(tenant), newMember(tenant), newMember(tenant), newMember(other)]);
    const [first, second] = await Promise.all([newTorrent(tenant), newTorrent(tenant)]);
    const otherTorrent = await newTorrent(other);
    const aliceOnA = await connectAs(port(0), { tenantId: tenant.id, memberId: alice.id, role: 'member' });
    const bobOnB = await connectAs(port(1), { tenantId: tenant.id, memberId: bob.id, role: 'member' });
    const carolOnB = await connectAs(port(1), { tenantId: tenant.id, memberId: carol.id, role: 'member' });
    const malloryOnA = await connectAs(port(0), { tenantId: other.id, memberId: mallory.id, role: 'member' });
    await ok(aliceOnA, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: first.id });
    await ok(bobOnB, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: second.id });
    // Carol's browse list follows every torrent of the tenant, and the first torrent's page as well.
    await ok(carolOnB, GATEWAY_REQUESTS.subscribeBrowse, {});
    await ok(carolOnB, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: first.id });
    await ok(malloryOnA, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: otherTorrent.id });
    await ok(malloryOnA, GATEWAY_REQUESTS.subscribeBrowse, {});
    const seenByAlice = record<SwarmUpdate>(aliceOnA, SWARM_UPDATE_EVENT);
    const seenByBob = record<SwarmUpdate>(bobOnB, SWARM_UPDATE_EVENT);
    const seenByCarol = record<SwarmUpdate>(carolOnB, SWARM_UPDATE_EVENT);
    const seenByMallory = record<SwarmUpdate>(malloryOnA, SWARM_UPDATE_EVENT);

    const updates = [swarmUpdate(first, 5), swarmUpdate(second, 6)];
    publishSwarmBatch(createEmitter(redis, { key: redisNames('batch').adapterKey }), updates);
    await until(() => seenByAlice.length + seenByBob.length + seenByCarol.length >= 4);
    await pause(300);
    expect(seenByAlice).toEqual([updates[0]]);
    expect(seenByBob).toEqual([updates[1]]);
    expect(seenByCarol).toEqual(updates);
    expect(seenByMallory).toEqual([]);
  });

  it('takes a batch from a @socket.io/redis-emitter serverSideEmit as well, once per socket', async () => {
    const tenant = await newTenant();
    const member = await newMember(tenant);
    const torrent = await newTorrent(tenant);
    const sockets = await Promise.all([0, 1].map((index) => connectAs(port(index), { tenantId: tenant.id, memberId: member.id, role: 'member' })));
    for (const socket of sockets) await ok(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrent.id });
    const seen = sockets.map((socket) => record<SwarmUpdate>(socket, SWARM_UPDATE_EVENT));
    const update = swarmUpdate(torrent, 8);
    publishSwarmBatch(new Emitter(redis, { key: redisNames('batch').adapterKey }), [update]);
    await until(() => seen.every((updates) => updates.length > 0));
    await pause(300);
    expect(seen).toEqual([[update], [update]]);
  });
});
