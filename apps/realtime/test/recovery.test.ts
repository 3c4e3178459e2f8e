// Connection state recovery across gateway processes: a client that drops for a moment
// (its transport closes) reconnects with its session id and stream offset and gets back
// its rooms and every broadcast it missed, from an emitter or another gateway, without
// asking for anything again, on the same gateway or another one (sessions are parked
// in Redis), including after its gateway drained on SIGTERM. A session only comes back
// to a token of the same member, and not when more broadcasts than the gateway replays
// happened meanwhile (the page then re-follows, as after a crash).
import { CHAT_MESSAGE_EVENT, GATEWAY_REQUESTS, NOTIFICATION_COUNT_EVENT, rooms, SWARM_UPDATE_EVENT, type ChatMessageView, type SwarmUpdate } from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import { MAX_MISSED_BROADCASTS } from '../src/bounded-recovery';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connect, connectAs, nextEvent, ok, pause, record, tokenFor, type Identity } from './support/clients';
import { startFailoverProxy, type FailoverProxy } from './support/failover-proxy';
import { newMember, newTenant, newTorrent } from './support/fixtures';
import { redisNames, REDIS_URL, startGatewayProcess, type GatewayProcess } from './support/gateways';

let gateways: GatewayProcess[];
let redis: Redis;
let proxy: FailoverProxy;
/** The proxy's backend order, read at every new connection: reorder it to steer a reconnect. */
const backends: number[] = [];

beforeAll(async () => {
  gateways = await Promise.all([startGatewayProcess('recovery'), startGatewayProcess('recovery'), startGatewayProcess('recovery')]);
  redis = new Redis(REDIS_URL);
  proxy = await startFailoverProxy(backends);
});
afterAll(async () => {
  closeAllSockets();
  await proxy.close();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  redis.disconnect();
});

const port = (index: number) => gateways[index]?.port ?? 0;
const emitter = () => createEmitter(redis, { key: redisNames('recovery').adapterKey });
const steer = (...indexes: number[]) => backends.splice(0, backends.length, ...indexes.map(port));

async function connections(index: number): Promise<number> {
  return ((await (await fetch(`http://127.0.0.1:${port(index)}/healthz`)).json()) as { connections: number }).connections;
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await condition()) return;
    await pause(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A page's socket through the proxy, with a fresh token on every (re)connect and no automatic reconnection. */
async function page(identity: Identity): Promise<Socket> {
  // A new session's first packet (the unread count) carries a stream offset: recoverable from
  // the start. Listened for before connecting: it may arrive in the same read as the connect.
  let counted: Promise<unknown> = Promise.resolve();
  const socket = await connect(proxy.port, { token: tokenFor(identity) }, {
    before: (opening) => {
      counted = nextEvent(opening, NOTIFICATION_COUNT_EVENT, 15_000);
    },
  });
  socket.auth = (callback) => callback({ token: tokenFor(identity) });
  await counted;
  return socket;
}

/** Closes the socket's transport (as a network drop would) and waits until gateway `index` has let it go. */
async function drop(socket: Socket, index: number): Promise<void> {
  const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
  socket.io.engine.close();
  await gone;
  await until(async () => (await connections(index)) === 0, `gateway ${index} to notice the drop`);
}

async function reconnect(socket: Socket): Promise<void> {
  const back = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  socket.connect();
  await back;
}

function swarmUpdate(torrent: { id: string; tenantId: string; infoHash: string }, seeders: number): SwarmUpdate {
  return { tenantId: torrent.tenantId, torrentId: torrent.id, infoHash: torrent.infoHash, seeders, leechers: 0, timesCompleted: 0, at: Date.now() };
}

/** A member's page that follows a new torrent, reaching the gateways in `order` (see steer). */
async function followerOfNewTorrent(...order: number[]) {
  const tenant = await newTenant();
  const member = await newMember(tenant);
  const torrent = await newTorrent(tenant);
  steer(...order);
  const socket = await page({ tenantId: tenant.id, memberId: member.id, role: 'member' });
  await ok(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrent.id });
  return { tenant, torrent, socket };
}

describe('connection state recovery', () => {
  it('gives a briefly dropped client its rooms and what it missed, on the same gateway and on another one', async () => {
    const tenant = await newTenant();
    const [alice, bob] = await Promise.all([newMember(tenant), newMember(tenant)]);
    const torrent = await newTorrent(tenant);
    const identity = { tenantId: tenant.id, memberId: alice.id, role: 'member' as const };
    steer(0, 1);
    const socket = await page(identity);
    await ok(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrent.id });
    await ok(socket, GATEWAY_REQUESTS.chatJoin, { room: 'general' });
    const swarm = record<SwarmUpdate>(socket, SWARM_UPDATE_EVENT);
    const chat = record<ChatMessageView>(socket, CHAT_MESSAGE_EVENT);
    const bobOnOther = await connectAs(port(1), { tenantId: tenant.id, memberId: bob.id, role: 'member' });
    await ok(bobOnOther, GATEWAY_REQUESTS.chatJoin, { room: 'general' });
    const sentRequests: string[] = [];
    socket.onAnyOutgoing((event: string) => sentRequests.push(event));

    // Away from gateway 0: an emitter updates its torrent, bob (on gateway 1) chats.
    await drop(socket, 0);
    await emitter().to(rooms.torrent(tenant.id, torrent.id)).emit(SWARM_UPDATE_EVENT, swarmUpdate(torrent, 3));
    await ok(bobOnOther, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'while you were away' });
    await pause(200);
    expect(swarm).toEqual([]);
    await reconnect(socket);
    expect(socket.recovered).toBe(true);
    await until(async () => swarm.length === 1 && chat.length === 1, 'the missed events');
    expect(swarm[0]?.seeders).toBe(3);
    expect(chat[0]?.body).toBe('while you were away');

    // Away again, and back through gateway 1 this time: the session was parked in Redis.
    steer(1, 0);
    await drop(socket, 0);
    await emitter().to(rooms.torrent(tenant.id, torrent.id)).emit(SWARM_UPDATE_EVENT, swarmUpdate(torrent, 4));
    await reconnect(socket);
    expect(socket.recovered).toBe(true);
    expect(await connections(1)).toBe(2);
    await until(async () => swarm.length === 2, 'the update missed before moving gateway');
    expect(swarm[1]?.seeders).toBe(4);

    // The rooms came along: live updates and chat keep arriving on the new gateway, once each.
    const live = nextEvent<SwarmUpdate>(socket, SWARM_UPDATE_EVENT);
    await emitter().to(rooms.torrent(tenant.id, torrent.id)).emit(SWARM_UPDATE_EVENT, swarmUpdate(torrent, 5));
    expect((await live).seeders).toBe(5);
    await ok(bobOnOther, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'welcome back' });
    await until(async () => chat.length === 2, 'live chat after recovery');
    await pause(200);
    expect(swarm.map((update) => update.seeders)).toEqual([3, 4, 5]);
    expect(sentRequests).toEqual([]);
    // Its followed rooms are known again, so following the same torrent once more is not refused nor doubled.
    await ok(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrent.id });
    socket.disconnect();
    bobOnOther.disconnect();
  });

  it('recovers the clients of a gateway drained with SIGTERM on another gateway', async () => {
    const { tenant, torrent, socket } = await followerOfNewTorrent(2, 1);
    const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    expect(await gateways[2]?.stop('SIGTERM')).toBe(0);
    await gone;
    const missed = nextEvent<SwarmUpdate>(socket, SWARM_UPDATE_EVENT);
    await emitter().to(rooms.torrent(tenant.id, torrent.id)).emit(SWARM_UPDATE_EVENT, swarmUpdate(torrent, 9));
    await reconnect(socket);
    expect(socket.recovered).toBe(true);
    expect((await missed).seeders).toBe(9);
    socket.disconnect();
  });

  it("does not hand a session to another member's token, and starts a fresh one when there is nothing to recover", async () => {
    const tenant = await newTenant();
    const [alice, mallory] = await Promise.all([newMember(tenant), newMember(tenant)]);
    steer(0, 1);
    const socket = await page({ tenantId: tenant.id, memberId: alice.id, role: 'member' });
    await drop(socket, 0);
    socket.auth = { token: tokenFor({ tenantId: tenant.id, memberId: mallory.id, role: 'member' }) };
    await expect(reconnect(socket)).rejects.toThrow(/another login/);
    // The refused attempt used the parked session up: the next connect is a fresh session.
    await reconnect(socket);
    expect(socket.recovered).toBe(false);
    socket.disconnect();
  });

  it('starts a fresh session when more broadcasts than it replays went by meanwhile', async () => {
    const { tenant, torrent, socket } = await followerOfNewTorrent(0, 1);
    await drop(socket, 0);
    const busy = emitter();
    await Promise.all(Array.from({ length: MAX_MISSED_BROADCASTS + 1 }, (_, index) => busy.to(`tenant:elsewhere:chat:${index}`).emit('chat:message', { index })));
    await reconnect(socket);
    expect(socket.recovered).toBe(false);
    // A fresh session follows nothing until the page asks again.
    await ok(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrent.id });
    const live = nextEvent<SwarmUpdate>(socket, SWARM_UPDATE_EVENT);
    await busy.to(rooms.torrent(tenant.id, torrent.id)).emit(SWARM_UPDATE_EVENT, swarmUpdate(torrent, 1));
    expect((await live).seeders).toBe(1);
    socket.disconnect();
  });
});
