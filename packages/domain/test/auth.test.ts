import { currentTotpCode } from '@swarmhost/auth/totp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  changePassword,
  completeSecondFactor,
  confirmTotpEnrolment,
  createInvite,
  createMemberSession,
  endAllMemberSessions,
  loginMemberWithPassword,
  registerMember,
  requestPasswordReset,
  resetPassword,
  resolveMemberSession,
  startTotpEnrolment,
  verifyEmail,
} from '../src/index';
import { limits, memoryMail, newTenant, redis, uniqueIp } from './helpers';

afterAll(() => redis.quit());

const SITE = 'http://x.localhost:3000';

describe('registration', () => {
  it('follows the registration mode and keeps the invite tree', async () => {
    const open = await newTenant({ registrationMode: 'open' });
    const mail = memoryMail();
    const { memberId: inviterId } = await registerMember({ redis, mail, tenant: open, siteUrl: SITE, username: 'inviter', email: 'i@x.org', password: 'long enough' });
    expect(mail.sent[0]?.text).toContain(`${SITE}/verify-email?token=`);

    const closed = await newTenant({ registrationMode: 'closed' });
    await expect(registerMember({ redis, mail, tenant: closed, siteUrl: SITE, username: 'bob', email: 'b@x.org', password: 'long enough' })).rejects.toThrow(/not taking new members/);

    const inviteOnly = await newTenant({ registrationMode: 'invite' });
    await expect(registerMember({ redis, mail, tenant: inviteOnly, siteUrl: SITE, username: 'bob', email: 'b@x.org', password: 'long enough' })).rejects.toThrow(/invite-only/);
    await expect(registerMember({ redis, mail, tenant: inviteOnly, siteUrl: SITE, username: 'bob', email: 'b@x.org', password: 'long enough', inviteCode: 'made-up' })).rejects.toThrow(/unknown, used or expired/);
    expect(inviterId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('spends an invite once and records who invited whom', async () => {
    const tenant = await newTenant({ registrationMode: 'open' });
    const mail = memoryMail();
    const { memberId: inviterId } = await registerMember({ redis, mail, tenant, siteUrl: SITE, username: 'alice', email: 'a@x.org', password: 'long enough' });
    await expect(createInvite({ tenantId: tenant.id, inviterId })).rejects.toThrow(/no invites left/);
    const { systemClient } = await import('@swarmhost/db/system');
    await systemClient().member.update({ where: { id: inviterId }, data: { inviteQuota: 1 } });
    const invite = await createInvite({ tenantId: tenant.id, inviterId });
    const inviteOnly = { ...tenant, settings: { registrationMode: 'invite' } };
    const { memberId } = await registerMember({ redis, mail, tenant: inviteOnly, siteUrl: SITE, username: 'bob', email: 'b@x.org', password: 'long enough', inviteCode: invite.code });
    const bob = await systemClient().member.findUnique({ where: { id: memberId } });
    expect(bob?.invitedById).toBe(inviterId);
    await expect(registerMember({ redis, mail, tenant: inviteOnly, siteUrl: SITE, username: 'carol', email: 'c@x.org', password: 'long enough', inviteCode: invite.code })).rejects.toThrow(/unknown, used or expired/);
  });
});

describe('login', () => {
  it('accepts username or e-mail, and throttles an account after repeated failures', async () => {
    const tenant = await newTenant({ registrationMode: 'open' });
    await registerMember({ redis, mail: memoryMail(), tenant, siteUrl: SITE, username: 'dave', email: 'dave@x.org', password: 'right password' });
    const ip = uniqueIp();
    const base = { redis, limits, tenantId: tenant.id, ip };
    expect(await loginMemberWithPassword({ ...base, identifier: 'Dave', password: 'right password' })).toMatchObject({ kind: 'signed-in' });
    expect(await loginMemberWithPassword({ ...base, identifier: 'dave@x.org', password: 'right password' })).toMatchObject({ kind: 'signed-in' });
    for (let attempt = 0; attempt < limits.perAccount; attempt++) {
      await expect(loginMemberWithPassword({ ...base, identifier: 'dave', password: 'wrong' })).rejects.toThrow(/wrong username\/e-mail or password/);
    }
    await expect(loginMemberWithPassword({ ...base, identifier: 'dave', password: 'right password' })).rejects.toThrow(/too many failed logins for this account; wait \d+ minute/);
  });

  it('asks for TOTP, refuses the same code twice, and accepts a recovery code once', async () => {
    const tenant = await newTenant({ registrationMode: 'open' });
    const { memberId } = await registerMember({ redis, mail: memoryMail(), tenant, siteUrl: SITE, username: 'erin', email: 'e@x.org', password: 'right password' });
    const subject = { scope: 'member' as const, tenantId: tenant.id, subjectId: memberId };
    const enrolment = await startTotpEnrolment({ redis, subject, issuer: 'T', account: 'erin' });
    expect(enrolment.qrSvg).toContain('<svg');
    const firstCode = await currentTotpCode(enrolment.secret);
    const { recoveryCodes } = await confirmTotpEnrolment({ redis, subject, code: firstCode });
    expect(recoveryCodes).toHaveLength(10);

    const base = { redis, limits, tenantId: tenant.id, ip: uniqueIp(), site: { scope: 'member' as const, tenantId: tenant.id } };
    const step = await loginMemberWithPassword({ ...base, identifier: 'erin', password: 'right password' });
    expect(step.kind).toBe('second-factor');
    if (step.kind !== 'second-factor') return;
    // The code used to confirm enrolment cannot be replayed to log in.
    await expect(completeSecondFactor({ ...base, pendingToken: step.pendingToken, code: firstCode })).rejects.toThrow(/already used/);
    const done = await completeSecondFactor({ ...base, pendingToken: step.pendingToken, code: recoveryCodes[0] ?? '' });
    expect(done.subjectId).toBe(memberId);

    const again = await loginMemberWithPassword({ ...base, identifier: 'erin', password: 'right password' });
    if (again.kind !== 'second-factor') throw new Error('expected a second step');
    await expect(completeSecondFactor({ ...base, pendingToken: again.pendingToken, code: recoveryCodes[0] ?? '' })).rejects.toThrow(/wrong code/);
  });
});

describe('sessions and passwords', () => {
  it("resolves a session to its member's fields in one query, and never an expired one, a disabled member's or another tenant's", async () => {
    const { systemClient } = await import('@swarmhost/db/system');
    const tenant = await newTenant({ registrationMode: 'open' });
    const other = await newTenant({ registrationMode: 'open' });
    const { memberId } = await registerMember({ redis, mail: memoryMail(), tenant, siteUrl: SITE, username: 'gil', email: 'g@x.org', password: 'a long password' });
    const db = systemClient();
    const group = await db.group.findFirst({ where: { tenantId: tenant.id }, select: { id: true } });
    await db.member.update({ where: { id: memberId }, data: { role: 'staff', emailVerifiedAt: new Date(), totpSecret: 'JBSWY3DPEHPK3PXP', groupId: group?.id ?? null } });
    const session = await createMemberSession({ tenantId: tenant.id, memberId });
    await db.member.update({ where: { id: memberId }, data: { lastSeenAt: null } });
    const resolved = await resolveMemberSession(tenant.id, session.token);
    const stored = await db.member.findUniqueOrThrow({ where: { id: memberId } });
    expect(resolved).toEqual({
      sessionId: expect.any(String),
      signedInAt: expect.any(Date),
      member: { id: memberId, username: 'gil', email: 'g@x.org', role: 'staff', status: 'active', passkey: stored.passkey, groupId: group?.id ?? null, emailVerified: true, totpEnabled: true },
    });
    // A member never seen is marked seen (in the background, never in the request's way).
    await expect.poll(async () => (await db.member.findUniqueOrThrow({ where: { id: memberId } })).lastSeenAt).not.toBeNull();
    expect(await resolveMemberSession(other.id, session.token)).toBeNull();
    expect(await resolveMemberSession(tenant.id, `${session.token}x`)).toBeNull();
    await db.member.update({ where: { id: memberId }, data: { status: 'disabled' } });
    expect(await resolveMemberSession(tenant.id, session.token)).toBeNull();
    await db.member.update({ where: { id: memberId }, data: { status: 'active' } });
    expect((await resolveMemberSession(tenant.id, session.token))?.member.status).toBe('active');
    await db.session.updateMany({ where: { memberId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resolveMemberSession(tenant.id, session.token)).toBeNull();
  });

  it('ends every session on password change and reset, and verifies e-mail', async () => {
    const tenant = await newTenant({ registrationMode: 'open' });
    const other = await newTenant({ registrationMode: 'open' });
    const mail = memoryMail();
    const { memberId } = await registerMember({ redis, mail, tenant, siteUrl: SITE, username: 'fay', email: 'f@x.org', password: 'first password' });
    const verifyToken = new URL(/http\S+/.exec(mail.sent[0]?.text ?? '')?.[0] ?? 'http://x').searchParams.get('token') ?? '';
    await expect(verifyEmail({ redis, tenantId: other.id, token: verifyToken })).rejects.toThrow(/another community/);

    const one = await createMemberSession({ tenantId: tenant.id, memberId });
    const two = await createMemberSession({ tenantId: tenant.id, memberId });
    expect((await resolveMemberSession(tenant.id, one.token))?.member.username).toBe('fay');
    expect(await resolveMemberSession(other.id, one.token)).toBeNull();

    await expect(changePassword({ tenantId: tenant.id, memberId, currentPassword: 'nope', newPassword: 'second password' })).rejects.toThrow(/current password is wrong/);
    await changePassword({ tenantId: tenant.id, memberId, currentPassword: 'first password', newPassword: 'second password' });
    expect(await resolveMemberSession(tenant.id, two.token)).toBeNull();

    const again = await createMemberSession({ tenantId: tenant.id, memberId });
    await requestPasswordReset({ redis, mail, tenantId: tenant.id, email: 'f@x.org', siteUrl: SITE });
    const resetToken = new URL(/http\S+/.exec(mail.sent.at(-1)?.text ?? '')?.[0] ?? 'http://x').searchParams.get('token') ?? '';
    await resetPassword({ redis, tenantId: tenant.id, token: resetToken, newPassword: 'third password' });
    expect(await resolveMemberSession(tenant.id, again.token)).toBeNull();
    await expect(resetPassword({ redis, tenantId: tenant.id, token: resetToken, newPassword: 'fourth password' })).rejects.toThrow(/invalid or has expired/);
    expect(await endAllMemberSessions(tenant.id, memberId)).toBe(0);
  });
});
