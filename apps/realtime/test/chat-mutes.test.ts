// Staff mutes are stored in PostgreSQL (chat_mutes): a muted member's messages are
// refused with the time left and the reason, the mute outlasts a restart of every
// gateway, ends by itself when it expires, can be lifted, is audited, and stays inside
// its tenant (row-level security).
import { forTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { GATEWAY_REQUESTS } from '@swarmhost/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connectAs, ok, request } from './support/clients';
import { newMember, newTenant } from './support/fixtures';
import { startGatewayProcess, type GatewayProcess } from './support/gateways';

let gateways: GatewayProcess[] = [];

const startGateways = async () => {
  gateways = await Promise.all([startGatewayProcess('mutes'), startGatewayProcess('mutes')]);
};
beforeAll(startGateways);
afterAll(async () => {
  closeAllSockets();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
});

const port = (index: number) => gateways[index]?.port ?? 0;
const as = (index: number, member: { id: string; tenantId: string; role: 'member' | 'staff' | 'admin' }) =>
  connectAs(port(index), { tenantId: member.tenantId, memberId: member.id, role: member.role });

describe('chat mutes', () => {
  it('stores a mute with its reason, refuses the member until it expires, across gateway restarts, and audits it', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const [staff, troll] = await Promise.all([newMember(tenant, 'staff'), newMember(tenant)]);
    const staffSocket = await as(0, staff);
    const answer = await ok<{ mutedUntil: string }>(staffSocket, GATEWAY_REQUESTS.chatMute, { memberId: troll.id, minutes: 30, reason: 'flooding the general room' });
    expect(Date.parse(answer.mutedUntil) - Date.now()).toBeGreaterThan(29 * 60_000);

    const rows = await systemClient().chatMute.findMany({ where: { memberId: troll.id } });
    expect(rows).toEqual([
      expect.objectContaining({ tenantId: tenant.id, mutedById: staff.id, reason: 'flooding the general room', expiresAt: new Date(answer.mutedUntil) }),
    ]);
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, targetId: troll.id }, select: { action: true, actorMemberId: true, details: true } });
    expect(audit).toEqual([{ action: 'chat.mute', actorMemberId: staff.id, details: expect.objectContaining({ minutes: 30, reason: 'flooding the general room', muteId: rows[0]?.id }) }]);
    // Row-level security: the mute exists only in its own tenant.
    expect(await forTenant(tenant.id).chatMute.count({ where: { memberId: troll.id } })).toBe(1);
    expect(await forTenant(other.id).chatMute.count()).toBe(0);

    const refusal = { ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/muted you in chat \(flooding the general room\); you can write again in 30 minute/) } };
    const trollSocket = await as(1, troll);
    expect(await request(trollSocket, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'hello?' })).toMatchObject(refusal);

    // Every gateway restarts: the mute is still there (it never was gateway or Redis state).
    closeAllSockets();
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await startGateways();
    const afterRestart = await as(0, troll);
    expect(await request(afterRestart, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'hello?' })).toMatchObject(refusal);

    // Thirty minutes later (moved in the database): it has expired by itself.
    await systemClient().$executeRaw`UPDATE chat_mutes SET created_at = now() - interval '31 minutes', expires_at = now() - interval '1 minute' WHERE member_id = ${troll.id}::uuid`;
    await ok(afterRestart, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'back again' });
  }, 120_000); // it restarts every gateway: slow on a loaded machine

  it('lifts a mute early (audited) and refuses bad lengths and reasons with what to send', async () => {
    const tenant = await newTenant();
    const [staff, member] = await Promise.all([newMember(tenant, 'admin'), newMember(tenant)]);
    const staffSocket = await as(0, staff);
    const memberSocket = await as(1, member);
    await ok(staffSocket, GATEWAY_REQUESTS.chatMute, { memberId: member.id, minutes: 5 });
    expect(await request(memberSocket, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'hi' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^a staff member muted you in chat; you can write again in 5 minute/) },
    });
    expect(await ok<{ mutedUntil: null }>(staffSocket, GATEWAY_REQUESTS.chatMute, { memberId: member.id, minutes: 0 })).toMatchObject({ mutedUntil: null });
    await ok(memberSocket, GATEWAY_REQUESTS.chatSend, { room: 'general', body: 'hi' });
    const mute = await systemClient().chatMute.findFirstOrThrow({ where: { memberId: member.id } });
    expect(mute.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
    const actions = await systemClient().auditLog.findMany({ where: { targetId: member.id }, orderBy: { createdAt: 'asc' }, select: { action: true, details: true } });
    expect(actions).toEqual([expect.objectContaining({ action: 'chat.mute' }), { action: 'chat.unmute', details: { lifted: 1 } }]);

    expect(await request(staffSocket, GATEWAY_REQUESTS.chatMute, { memberId: member.id, minutes: 1.5 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/whole minutes/) } });
    expect(await request(staffSocket, GATEWAY_REQUESTS.chatMute, { memberId: member.id, minutes: 5, reason: 'x'.repeat(501) })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/under 500 characters/) },
    });
    expect(await systemClient().chatMute.count({ where: { memberId: member.id } })).toBe(1);
  });
});
