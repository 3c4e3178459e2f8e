// Gateways come and go: a killed gateway's clients reconnect (through a load balancer)
// to the other one, re-follow their rooms and get live updates again (a killed process
// parked no session, so there is nothing to recover); SIGTERM closes the sockets so that
// their clients reconnect elsewhere, and the process exits 0. Swarm figures are sent as
// the tracker sends them (publishSwarmBatch).
import { GATEWAY_REQUESTS, publishSwarmBatch, SWARM_UPDATE_EVENT, type SwarmUpdate } from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connect, nextEvent, ok, tokenFor } from './support/clients';
import { startFailoverProxy, type FailoverProxy } from './support/failover-proxy';
import { newMember, newTenant, newTorrent } from './support/fixtures';
import { redisNames, REDIS_URL, startGatewayProcess, type GatewayProcess } from './support/gateways';

let first: GatewayProcess;
let second: GatewayProcess;
let proxy: FailoverProxy;
let redis: Redis;

beforeAll(async () => {
  [first, second] = await Promise.all([startGatewayProcess('failover'), startGatewayProcess('failover')]);
  proxy = await startFailoverProxy([first.port, second.port]);
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  closeAllSockets();
  await proxy.close();
  await Promise.all([first.stop('SIGKILL'), second.stop()]);
  redis.disconnect();
});

describe('failover', () => {
  it('reconnects the clients of a killed gateway to the other one, where they follow their torrent again', async () => {
    const tenant = await newTenant();
    const member = await newMember(tenant);
    const torrent = await newTorrent(tenant);
    const emitter = createEmitter(redis, { key: redisNames('failover').adapterKey });
    const update = (seeders: number): SwarmUpdate => ({ tenantId: tenant.id, torrentId: torrent.id, infoHash: torrent.infoHash, seeders, leechers: 0, timesCompleted: 0, at: Date.now() });
    const identity = { tenantId: tenant.id, memberId: member.id, role: 'member' as const };
    // A real page asks the web app for a fresh token on every (re)connect: auth as a callback.
    const socket = await connect(proxy.port, { token: tokenFor(identity) }, { reconnection: true });
    socket.auth = (callback) => callback({ token: tokenFor(identity) });
    const gatewayBefore = await (await fetch(`http://127.0.0.1:${proxy.port}/healthz`)).json();
    expect(gatewayBefore).toMatchObject({ connections: 1 });
    // What the web client helper does after every connect that did not recover its session.
    const follow = () => ok(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrent.id });
    // The test awaits its own follow() after the reconnect; this background one may still wait
    // for its answer when the socket is closed at the end, which rejects it: not a failure.
    socket.on('connect', () => void follow().catch(() => undefined));
    await follow();
    const beforeKill = nextEvent<SwarmUpdate>(socket, SWARM_UPDATE_EVENT);
    publishSwarmBatch(emitter, [update(1)]);
    expect((await beforeKill).seeders).toBe(1);

    const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
    expect(await first.stop('SIGKILL')).toBeNull();
    await reconnected;
    expect(socket.recovered).toBe(false);
    await follow();
    const afterKill = nextEvent<SwarmUpdate>(socket, SWARM_UPDATE_EVENT);
    publishSwarmBatch(emitter, [update(2)]);
    expect((await afterKill).seeders).toBe(2);
    const health = (await (await fetch(`http://127.0.0.1:${proxy.port}/healthz`)).json()) as { gateway: string };
    expect(health.gateway.startsWith(`${second.child.pid}-`)).toBe(true);
    socket.disconnect();
  });

  it('drains on SIGTERM and exits 0', async () => {
    const tenant = await newTenant();
    const member = await newMember(tenant);
    const socket = await connect(second.port, { token: tokenFor({ tenantId: tenant.id, memberId: member.id, role: 'member' }) });
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    expect(await second.stop('SIGTERM')).toBe(0);
    // A transport close (not "io server disconnect") makes socket.io-client reconnect by itself, elsewhere.
    expect(await dropped).toBe('transport close');
  });
});
