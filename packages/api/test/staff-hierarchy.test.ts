// Member management follows the role ladder member < staff < admin: a moderator (staff)
// acts only on plain members, an admin also on staff, and nobody on an equal or higher role.
import { systemClient } from '@swarmhost/db/system';
import { createMember, type MemberRoleName } from '@swarmhost/domain';
import { newTenant } from '@swarmhost/domain/testing/fixtures';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServices, callerFor, cookieJar } from './support/api-harness';


const services = apiServices();

const PASSWORD = 'staff hierarchy password';
let tenant: { id: string; slug: string };
const host = () => `${tenant.slug}.localhost:3000`;

async function member(role: MemberRoleName) {
  return createMember({ db: systemClient(), tenantSlug: tenant.slug, username: `${role}${Math.random().toString(36).slice(2, 8)}`, email: `${role}-${Math.random().toString(36).slice(2, 8)}@x.org`, password: PASSWORD, role });
}

/** A signed-in API caller for the member (its own cookie jar). */
async function signedIn(account: { username: string }) {
  const cookies = cookieJar();
  const caller = async () => callerFor({ services, cookies, host: host(), ip: '127.0.0.31' });
  await (await caller()).auth.login({ identifier: account.username, password: PASSWORD });
  return caller();
}

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const statusOf = async (memberId: string) => (await systemClient().member.findUniqueOrThrow({ where: { id: memberId }, select: { status: true } })).status;

beforeAll(async () => {
  tenant = await newTenant('ladder');
});

describe('member management by role', () => {
  it('refuses a moderator acting on an admin or another moderator, and allows them on a member', async () => {
    const [moderator, otherModerator, admin, plain] = await Promise.all([member('staff'), member('staff'), member('admin'), member('member')]);
    const api = await signedIn(moderator);
    const group = await systemClient().group.findFirstOrThrow({ where: { tenantId: tenant.id }, select: { id: true } });

    const onAdmin = await refusal(api.staff.setMemberDisabled({ memberId: admin.id, disabled: true, reason: 'coup' }));
    expect(onAdmin.code).toBe('FORBIDDEN');
    expect(onAdmin.message).toMatch(/only an admin can change a admin member|same as or above/);
    expect(await statusOf(admin.id)).toBe('active');
    expect((await refusal(api.staff.changeMemberGroup({ memberId: admin.id, groupId: group.id }))).code).toBe('FORBIDDEN');

    const onPeer = await refusal(api.staff.setMemberDisabled({ memberId: otherModerator.id, disabled: true, reason: 'rival' }));
    expect(onPeer.code).toBe('FORBIDDEN');
    expect(onPeer.message).toMatch(/only an admin can change a staff member/);
    expect(await statusOf(otherModerator.id)).toBe('active');

    await api.staff.setMemberDisabled({ memberId: plain.id, disabled: true, reason: 'spam' });
    expect(await statusOf(plain.id)).toBe('disabled');
    await api.staff.setMemberDisabled({ memberId: plain.id, disabled: false });
    await api.staff.changeMemberGroup({ memberId: plain.id, groupId: group.id });
    expect(await statusOf(plain.id)).toBe('active');

    // The members list tells the page which rows it may offer actions on.
    const rows = new Map((await api.staff.members()).map((row) => [row.id, row.canManage]));
    expect([rows.get(admin.id), rows.get(otherModerator.id), rows.get(moderator.id), rows.get(plain.id)]).toEqual([false, false, false, true]);
  });

  it('lets an admin act on a moderator but not on another admin', async () => {
    const [admin, otherAdmin, moderator] = await Promise.all([member('admin'), member('admin'), member('staff')]);
    const api = await signedIn(admin);
    await api.staff.setMemberDisabled({ memberId: moderator.id, disabled: true, reason: 'stepping down' });
    expect(await statusOf(moderator.id)).toBe('disabled');

    const onAdmin = await refusal(api.staff.setMemberDisabled({ memberId: otherAdmin.id, disabled: true, reason: 'takeover' }));
    expect(onAdmin.code).toBe('FORBIDDEN');
    expect(onAdmin.message).toMatch(/same as or above yours/);
    expect(await statusOf(otherAdmin.id)).toBe('active');
    const rows = new Map((await api.staff.members()).map((row) => [row.id, row.canManage]));
    expect([rows.get(moderator.id), rows.get(otherAdmin.id)]).toEqual([true, false]);
  });

  it('refuses a moderator whose role was taken away since the page loaded (the role is read in the action)', async () => {
    const [moderator, plain] = await Promise.all([member('staff'), member('member')]);
    const api = await signedIn(moderator);
    await systemClient().member.update({ where: { id: moderator.id }, data: { role: 'member' } });
    expect((await refusal(api.staff.setMemberDisabled({ memberId: plain.id, disabled: true, reason: 'late' }))).code).toBe('FORBIDDEN');
    expect(await statusOf(plain.id)).toBe('active');
  });
});
