// Chat across two gateways on the real database: history (50, then paging back),
// raw text stored and relayed as text, mentions notify, the rate limit, staff delete
// and mute, the staff-only room, system messages from an emitter, and tenant isolation.
import { Emitter } from '@socket.io/redis-emitter';
import { postSystemMessage } from '@swarmhost/domain';
import { systemClient } from '@swarmhost/db/system';
import {
  CHAT_DELETED_EVENT,
  CHAT_MESSAGE_EVENT,
  GATEWAY_REQUESTS,
  NOTIFICATION_EVENT,
  type ChatDeleted,
  type ChatHistoryPage,
  type ChatMessageView,
  type NotificationPush,
} from '@swarmhost/events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connectAs, nextEvent, ok, pause, record, request } from './support/clients';
import { newMember, newTenant } from './support/fixtures';
import { redisNames, REDIS_URL, startGatewayProcess, type GatewayProcess } from './support/gateways';

let gateways: GatewayProcess[];
let redis: Redis;
let tenant: Awaited<ReturnType<typeof newTenant>>;
let other: Awaited<ReturnType<typeof newTenant>>;

beforeAll(async () => {
  gateways = await Promise.all([startGatewayProcess('chat', { REALTIME_CHAT_BURST: '3', REALTIME_CHAT_PER_MINUTE: '6' }), startGatewayProcess('chat', { REALTIME_CHAT_BURST: '3', REALTIME_CHAT_PER_MINUTE: '6' })]);
  redis = new Redis(REDIS_URL);
  [tenant, other] = await Promise.all([newTenant(), newTenant()]);
});
afterAll(async () => {
  closeAllSockets();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  redis.disconnect();
});

const port = (index: number) => gateways[index]?.port ?? 0;
const as = (index: number, member: { id: string; tenantId: string; role: 'member' | 'staff' | 'admin' }) =>
  connectAs(port(index), { tenantId: member.tenantId, memberId: member.id, role: member.role });

describe('chat', () => {
  it('gives the latest 50 on join and pages back to the start', async () => {
    const author = await newMember(tenant);
    const room = await systemClient().chatRoom.create({ data: { tenantId: tenant.id, slug: 'history', name: 'History' } });
    const base = Date.now() - 120_000;
    await systemClient().chatMessage.createMany({
      data: Array.from({ length: 120 }, (_, index) => ({ tenantId: tenant.id, roomId: room.id, authorId: author.id, body: `message ${index}`, createdAt: new Date(base + index * 10) })),
    });
    const socket = await as(0, author);
    const joined = await ok<ChatHistoryPage>(socket, GATEWAY_REQUESTS.chatJoin, { room: 'history' });
    expect(joined.messages.map((message) => message.body)).toEqual(Array.from({ length: 50 }, (_, index) => `message ${index + 70}`));
    const second = await ok<ChatHistoryPage>(socket, GATEWAY_REQUESTS.chatHistory, { room: 'history', before: joined.nextCursor });
    expect(second.messages[0]?.body).toBe('message 20');
    const third = await ok<ChatHistoryPage>(socket, GATEWAY_REQUESTS.chatHistory, { room: 'history', before: second.nextCursor });
    expect(third.messages.map((message) => message.body)).toEqual(Array.from({ length: 20 }, (_, index) => `message ${index}`));
    expect(third.nextCursor).toBeNull();
    const caughtUp = await ok<ChatHistoryPage>(socket, GATEWAY_REQUESTS.chatJoin, { room: 'history', after: second.messages.at(-1)?.id });
    expect(caughtUp.messages).toHaveLength(50);
    expect(caughtUp.messages[0]?.body).toBe('message 70');
  });

  it('relays a message across gateways as raw text, notifies the mentioned member, and leaks nothing to another tenant', async () => {
    const alice = await newMember(tenant, 'member', `alice${Date.now() % 100000}`);
    const bob = await newMember(tenant);
    const outsider = await newMember(other, 'member', alice.username);
    const aliceSocket = await as(0, alice);
    const bobSocket = await as(1, bob);
    const outsiderSocket = await as(1, outsider);
    await ok(aliceSocket, GATEWAY_REQUESTS.chatJoin, { room: 'general' });
    await ok(outsiderSocket, GATEWAY_REQUESTS.chatJoin, { room: 'general' });
    const leakedMessages = record<ChatMessageView>(outsiderSocket, CHAT_MESSAGE_EVENT);
    const leakedNotifications = record<NotificationPush>(outsiderSocket, NOTIFICATION_EVENT);

    const body = `hi @${alice.username} <img src=x onerror=alert(1)>\u0000`;
    const relayed = nextEvent<ChatMessageView>(aliceSocket, CHAT_MESSAGE_EVENT);
    const notified = nextEvent<NotificationPush>(aliceSocket, NOTIFICATION_EVENT);
    const sent = await ok<{ message: ChatMessageView }>(bobSocket, GATEWAY_REQUESTS.chatSend, { room: 'general', body });
    expect(sent.message.body).toBe(`hi @${alice.username} <img src=x onerror=alert(1)>`);
    expect(await relayed).toEqual(sent.message);
    const push = await notified;
    expect(push).toMatchObject({ unread: 1, notification: { kind: 'chat.mention', payload: { roomSlug: 'general', byUsername: bob.username } } });
    const stored = await ok<{ notifications: unknown[]; unread: number }>(aliceSocket, GATEWAY_REQUESTS.notificationsList);
    expect(stored.unread).toBe(1);
    expect(await ok(aliceSocket, GATEWAY_REQUESTS.notificationsRead, {})).toMatchObject({ unread: 0 });

    await pause(300);
    expect(leakedMessages).toEqual([]);
    expect(leakedNotifications).toEqual([]);
    const outsiderRoom = await ok<ChatHistoryPage>(outsiderSocket, GATEWAY_REQUESTS.chatHistory, { room: 'general', before: sent.message.id });
    expect(outsiderRoom.messages).toEqual([]);
  });

  it('rate limits a member with a clear error and the wait', async () => {
    const chatty = await newMember(tenant);
    const socket = await as(0, chatty);
    for (let index = 0; index < 3; index += 1) await ok(socket, GATEWAY_REQUESTS.chatSend, { room: 'general', body: `burst ${index}` });
    const refused = await request(socket, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'one too many' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/too fast; wait \d+ second/) } });
    expect(refused.ok === false && refused.error.retryAfterMs).toBeGreaterThan(0);
  });

  it('lets staff delete messages and mute members, and refuses both to members', async () => {
    const staff = await newMember(tenant, 'staff');
    const troll = await newMember(tenant);
    const staffSocket = await as(0, staff);
    const trollSocket = await as(1, troll);
    await ok(trollSocket, GATEWAY_REQUESTS.chatJoin, { room: 'general' });
    const { message } = await ok<{ message: ChatMessageView }>(trollSocket, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'spam' });
    expect(await request(trollSocket, GATEWAY_REQUESTS.chatDelete, { messageId: message.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const removed = nextEvent<ChatDeleted>(trollSocket, CHAT_DELETED_EVENT);
    await ok(staffSocket, GATEWAY_REQUESTS.chatDelete, { messageId: message.id });
    expect(await removed).toEqual({ roomId: message.roomId, messageId: message.id });
    const history = await ok<ChatHistoryPage>(staffSocket, GATEWAY_REQUESTS.chatJoin, { room: 'general' });
    expect(history.messages.map((entry) => entry.id)).not.toContain(message.id);

    await ok(staffSocket, GATEWAY_REQUESTS.chatMute, { memberId: troll.id, minutes: 10 });
    const muted = await request(trollSocket, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'still here' });
    expect(muted).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/muted you.*10 minute/) } });
    expect(await request(trollSocket, GATEWAY_REQUESTS.chatMute, { memberId: staff.id, minutes: 10 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok(staffSocket, GATEWAY_REQUESTS.chatMute, { memberId: troll.id, minutes: 0 });
    await ok(trollSocket, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'sorry' });
  });

  it('keeps the staff room from members', async () => {
    const member = await newMember(tenant);
    const staff = await newMember(tenant, 'admin');
    const memberSocket = await as(0, member);
    const staffSocket = await as(1, staff);
    const memberRooms = await ok<{ rooms: { slug: string }[] }>(memberSocket, GATEWAY_REQUESTS.chatRooms);
    expect(memberRooms.rooms.map((room) => room.slug)).not.toContain('staff');
    expect(await request(memberSocket, GATEWAY_REQUESTS.chatJoin, { room: 'staff' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/staff only/) } });
    expect(await request(memberSocket, GATEWAY_REQUESTS.chatSend, { room: 'staff', body: 'let me in' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok(staffSocket, GATEWAY_REQUESTS.chatJoin, { room: 'staff' });
  });

  it('posts system messages from outside the gateway through the redis emitter', async () => {
    const member = await newMember(tenant);
    const socket = await as(1, member);
    await ok(socket, GATEWAY_REQUESTS.chatJoin, { room: 'general' });
    const arrived = nextEvent<ChatMessageView>(socket, CHAT_MESSAGE_EVENT, 5000, (message) => message.author === null);
    const emitter = new Emitter(redis, { key: redisNames('chat').adapterKey });
    await postSystemMessage({ tenantId: tenant.id, body: 'torrent "Big Buck Bunny" approved', emitter });
    expect(await arrived).toMatchObject({ author: null, body: 'torrent "Big Buck Bunny" approved', roomSlug: 'general' });
  });
});
