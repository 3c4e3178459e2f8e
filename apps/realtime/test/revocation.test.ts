// Open sockets do not outlive what ended their login: the invalidations the site
// publishes (log out everywhere, disabling, a role change, a suspended tenant) end the
// member's (or the tenant's) sockets on every gateway and make the tokens signed before
// them useless, also for recovering a parked session; staff powers are checked in the
// database when used; a socket ends when its token expires unless the page refreshed it.
import { setMemberDisabled, setTenantStatus } from '@swarmhost/domain';
import { systemClient } from '@swarmhost/db/system';
import { GATEWAY_REQUESTS, NOTIFICATION_COUNT_EVENT, publishInvalidation, type ChatMessageView } from '@swarmhost/events';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connect, connectAs, nextEvent, ok, pause, request, tokenFor, type Identity } from './support/clients';
import { newMember, newTenant } from './support/fixtures';
import { REDIS_URL, startGatewayProcess, type GatewayProcess } from './support/gateways';

let gateways: GatewayProcess[];
let redis: Redis;

beforeAll(async () => {
  gateways = await Promise.all([startGatewayProcess('revocation'), startGatewayProcess('revocation')]);
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  closeAllSockets();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  redis.disconnect();
});

const port = (index: number) => gateways[index]?.port ?? 0;
const identityOf = (member: { id: string; tenantId: string; role: 'member' | 'staff' | 'admin' }): Identity => ({ tenantId: member.tenantId, memberId: member.id, role: member.role });

/** Resolves with the disconnect reason, or rejects when the socket is still connected after `timeoutMs`. */
function disconnection(socket: Socket, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

async function refusalOf(connecting: Promise<Socket>): Promise<unknown> {
  const error = await connecting.then(() => undefined, (caught: unknown) => caught);
  if (error === undefined) throw new Error('the gateway accepted the connection');
  return (error as { data?: unknown }).data;
}

/** A member on both gateways, each socket with a token signed now. */
async function onBothGateways(identity: Identity): Promise<[Socket, Socket]> {
  return [await connectAs(port(0), identity), await connectAs(port(1), identity)];
}

describe('revocation', () => {
  it("ends a member's sockets on every gateway at log out everywhere, refuses the old token, accepts a fresh one", async () => {
    const tenant = await newTenant();
    const [member, bystander] = await Promise.all([newMember(tenant), newMember(tenant)]);
    const identity = identityOf(member);
    const oldToken = tokenFor(identity);
    const sockets = await onBothGateways(identity);
    const other = await connectAs(port(0), identityOf(bystander));
    const ended = sockets.map((socket) => disconnection(socket));

    // What "log out everywhere" does in the site: end the sessions, publish the member's invalidation.
    await systemClient().session.deleteMany({ where: { memberId: member.id } });
    await publishInvalidation(redis, { kind: 'member', tenantId: tenant.id, memberId: member.id });
    expect(await Promise.all(ended)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(other.connected).toBe(true);

    for (const index of [0, 1]) {
      expect(await refusalOf(connect(port(index), { token: oldToken }))).toEqual({ code: 'UNAUTHORIZED', reason: 'revoked' });
    }
    await pause(5);
    // The site signs a new token only while a session remains (see apps/web's token route test).
    const fresh = await connect(port(1), { token: tokenFor(identity) });
    expect(fresh.connected).toBe(true);
  });

  it('ends a disabled member’s sockets everywhere (the staff tool’s own invalidation)', async () => {
    const tenant = await newTenant();
    const [admin, member] = await Promise.all([newMember(tenant, 'admin'), newMember(tenant)]);
    const sockets = await onBothGateways(identityOf(member));
    const ended = sockets.map((socket) => disconnection(socket));
    await setMemberDisabled({ publisher: redis, tenantId: tenant.id, staffId: admin.id }, member.id, true, 'spamming the forums');
    expect(await Promise.all(ended)).toEqual(['io server disconnect', 'io server disconnect']);
  });

  it('ends a demoted moderator’s sockets everywhere, and refuses their old staff token', async () => {
    const tenant = await newTenant();
    const moderator = await newMember(tenant, 'staff');
    const identity = identityOf(moderator);
    const oldToken = tokenFor(identity);
    const sockets = await onBothGateways(identity);
    const ended = sockets.map((socket) => disconnection(socket));
    await systemClient().member.update({ where: { id: moderator.id }, data: { role: 'member' } });
    await publishInvalidation(redis, { kind: 'member', tenantId: tenant.id, memberId: moderator.id });
    expect(await Promise.all(ended)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await refusalOf(connect(port(0), { token: oldToken }))).toEqual({ code: 'UNAUTHORIZED', reason: 'revoked' });
    // Even a staff token signed after the change is refused: the database says member now.
    expect(await refusalOf(connect(port(1), { token: tokenFor(identity) }))).toEqual({ code: 'UNAUTHORIZED', reason: 'standing' });
  });

  it("ends every socket of a suspended tenant on every gateway, but not for a settings change", async () => {
    const tenant = await newTenant();
    const [staff, member] = await Promise.all([newMember(tenant, 'staff'), newMember(tenant)]);
    const sockets = [...(await onBothGateways(identityOf(staff))), ...(await onBothGateways(identityOf(member)))];
    const oldToken = tokenFor(identityOf(member));

    // A tenant message that changed only settings leaves the sockets alone.
    await publishInvalidation(redis, { kind: 'tenant', tenantId: tenant.id });
    await pause(500);
    expect(sockets.map((socket) => socket.connected)).toEqual([true, true, true, true]);

    const ended = sockets.map((socket) => disconnection(socket));
    await setTenantStatus({ db: systemClient(), publisher: redis, slug: tenant.slug, status: 'suspended', reason: 'audit' });
    expect(await Promise.all(ended)).toEqual(Array(4).fill('io server disconnect'));
    expect(await refusalOf(connect(port(1), { token: oldToken }))).toEqual({ code: 'UNAUTHORIZED', reason: 'revoked' });
  });

  it('does not let a revoked member recover a parked session with the old token', async () => {
    const tenant = await newTenant();
    const [member, bystander] = await Promise.all([newMember(tenant), newMember(tenant)]);
    // Each page waits for its first packet (the unread count): from then on its session is recoverable.
    const recoverablePage = async (identity: Identity) => {
      let counted: Promise<unknown> = Promise.resolve();
      const page = await connect(port(0), { token: tokenFor(identity) }, {
        before: (socket) => {
          counted = nextEvent(socket, NOTIFICATION_COUNT_EVENT, 15_000);
        },
      });
      await counted;
      return page;
    };
    const [revokedPage, otherPage] = [await recoverablePage(identityOf(member)), await recoverablePage(identityOf(bystander))];
    // The network drops (both sessions are parked for recovery), then one member logs out everywhere.
    for (const page of [revokedPage, otherPage]) {
      const dropped = disconnection(page);
      page.io.engine.close();
      await dropped;
    }
    await pause(300);
    await publishInvalidation(redis, { kind: 'member', tenantId: tenant.id, memberId: member.id });
    await pause(300);
    const reconnect = (page: Socket) =>
      new Promise<unknown>((resolve) => {
        page.once('connect', () => resolve(page.recovered ? 'recovered' : 'fresh'));
        page.once('connect_error', (error: { data?: unknown }) => resolve(error.data));
        page.connect();
      });
    // Both come back with the tokens they held: the bystander's session is recovered, the revoked one refused.
    expect(await reconnect(otherPage)).toBe('recovered');
    expect(await reconnect(revokedPage)).toEqual({ code: 'UNAUTHORIZED', reason: 'revoked' });
  });
});

describe('staff powers are checked in the database when used', () => {
  it('refuses delete, mute and the dashboard to a moderator demoted while connected, and ends those sockets', async () => {
    const tenant = await newTenant();
    const [moderator, troll] = await Promise.all([newMember(tenant, 'staff'), newMember(tenant)]);
    // Three pages of the moderator, open before the demotion with their staff tokens.
    const [deleting, muting, watching] = [await connectAs(port(0), identityOf(moderator)), await connectAs(port(1), identityOf(moderator)), await connectAs(port(0), identityOf(moderator))];
    const trollSocket = await connectAs(port(1), identityOf(troll));
    await ok(trollSocket, GATEWAY_REQUESTS.chatJoin, { room: 'general' });
    const { message } = await ok<{ message: ChatMessageView }>(trollSocket, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'spam' });
    await ok(watching, GATEWAY_REQUESTS.dashboardHistory);

    // Demoted in the database, with no invalidation reaching the gateways.
    await systemClient().member.update({ where: { id: moderator.id }, data: { role: 'member' } });
    const ended = [deleting, muting, watching].map((socket) => disconnection(socket));
    const refusal = { ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/role changed \(now member\)/) } };
    expect(await request(deleting, GATEWAY_REQUESTS.chatDelete, { messageId: message.id })).toMatchObject(refusal);
    expect(await request(muting, GATEWAY_REQUESTS.chatMute, { memberId: troll.id, minutes: 10 })).toMatchObject(refusal);
    expect(await request(watching, GATEWAY_REQUESTS.dashboardHistory)).toMatchObject(refusal);
    expect(await Promise.all(ended)).toEqual(Array(3).fill('io server disconnect'));
    expect(await systemClient().chatMessage.count({ where: { id: message.id, deletedAt: null } })).toBe(1);
    expect(await systemClient().chatMute.count({ where: { memberId: troll.id } })).toBe(0);
  });
});

describe('token lifetime', () => {
  it('ends a socket when its token expires without a refresh, and keeps one that refreshed', async () => {
    const tenant = await newTenant();
    const member = await newMember(tenant);
    const identity = identityOf(member);
    const lapsing = await connect(port(0), { token: tokenFor(identity, { ttlSeconds: 2 }) });
    const refreshed = await connect(port(1), { token: tokenFor(identity, { ttlSeconds: 2 }) });
    const lapsed = disconnection(lapsing, 4000);

    // Refused refreshes: another member's token, an expired one; then the page's fresh token.
    const stranger = await newMember(tenant);
    expect(await request(refreshed, GATEWAY_REQUESTS.authRefresh, { token: tokenFor(identityOf(stranger)) })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/another login/) } });
    expect(await request(refreshed, GATEWAY_REQUESTS.authRefresh, { token: tokenFor(identity, { ttlSeconds: 1, nowMs: Date.now() - 5000 }) })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/expired/) } });
    const answer = await ok<{ expiresAt: number }>(refreshed, GATEWAY_REQUESTS.authRefresh, { token: tokenFor(identity, { ttlSeconds: 60 }) });
    expect(answer.expiresAt).toBeGreaterThan(Date.now() + 50_000);

    expect(await lapsed).toBe('io server disconnect');
    await pause(1500);
    expect(refreshed.connected).toBe(true);
    await ok(refreshed, GATEWAY_REQUESTS.chatRooms);
  });

  it('refuses a refresh with a token signed before the member was revoked', async () => {
    const tenant = await newTenant();
    const member = await newMember(tenant);
    const identity = identityOf(member);
    const spare = tokenFor(identity, { ttlSeconds: 120 });
    await pause(5);
    await publishInvalidation(redis, { kind: 'member', tenantId: tenant.id, memberId: member.id });
    await pause(300);
    const socket = await connect(port(0), { token: tokenFor(identity) });
    expect(await request(socket, GATEWAY_REQUESTS.authRefresh, { token: spare })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/login was ended or changed/) } });
  });
});
