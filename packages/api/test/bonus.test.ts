// The bonus router (issue 11) through tRPC as a browser calls it: signed-out callers are
// refused, input shape errors name the field, "not enough points" arrives as CONFLICT with
// its message, and a member sees only their own ledger.
import { withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { bookPoints, createMember } from '@swarmhost/domain';
import { newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { describe, expect, it } from 'vitest';
import { apiServices, callerFor, cookieJar, errorOf } from './support/api-harness';

const services = apiServices();
const PASSWORD = 'bonus router password';

async function signedInMember(tenant: { id: string; slug: string }, points: number, role: 'member' | 'staff' = 'member') {
  const name = `b${Math.random().toString(36).slice(2, 8)}`;
  const member = await createMember({ db: systemClient(), tenantSlug: tenant.slug, username: name, email: `${name}@x.org`, password: PASSWORD, role });
  if (points > 0) await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: member.id, amount: points, reason: 'staff_adjustment' }));
  const cookies = cookieJar();
  const host = `${tenant.slug}.localhost:3000`;
  await (await callerFor({ services, cookies, host, ip: '127.0.0.44' })).auth.login({ identifier: name, password: PASSWORD });
  return { member, api: await callerFor({ services, cookies, host, ip: '127.0.0.44' }) };
}

describe('bonus router', () => {
  it('buys, gifts and tips for the signed-in member and refuses what it must', async () => {
    const tenant = await newTenant('bonus');
    const anonymous = await callerFor({ services, cookies: cookieJar(), host: `${tenant.slug}.localhost:3000`, ip: '127.0.0.45' });
    expect((await errorOf(anonymous.bonus.summary())).code).toBe('UNAUTHORIZED');

    const alice = await signedInMember(tenant, 1500);
    const bob = await signedInMember(tenant, 0);
    const torrent = await newTorrent(tenant, { uploaderId: bob.member.id });

    expect(await alice.api.bonus.buy({ itemId: 'upload-10gib' })).toMatchObject({ balance: '500', gives: '10 GiB of upload credit' });
    const short = await errorOf(alice.api.bonus.buy({ itemId: 'upload-10gib' }));
    expect(short.code).toBe('CONFLICT');
    expect(short.message).toBe('not enough points: you have 500, this costs 1000');

    const zero = await errorOf(alice.api.bonus.gift({ toUsername: bob.member.username, amount: 0 }));
    expect(zero.code).toBe('BAD_REQUEST');
    expect(zero.message).toMatch(/amount/);
    expect(zero.message).toMatch(/at least 1 point/);

    await alice.api.bonus.gift({ toUsername: bob.member.username, amount: 100, note: 'hi' });
    expect(await alice.api.bonus.tip({ torrentId: torrent.id, amount: 40 })).toMatchObject({ balance: '360', tipTotal: '40' });
    expect(await bob.api.bonus.tipTotal({ torrentId: torrent.id })).toBe('40');
    expect((await errorOf(bob.api.bonus.tip({ torrentId: torrent.id, amount: 1 }))).message).toBe('you cannot tip yourself: this is your upload');

    const bobHistory = await bob.api.bonus.transactions();
    expect(bobHistory.items.map((item) => [item.amount, item.description])).toEqual([
      ['40', `Tip from ${alice.member.username} for ${torrent.name}`],
      ['100', `Gift from ${alice.member.username}`],
    ]);
    expect((await bob.api.bonus.summary()).balance).toBe('140');
    expect((await alice.api.bonus.transactions()).total).toBe(4);
  });

  it('lets staff adjust a member’s points with a reason, audited, and refuses the rest', async () => {
    const tenant = await newTenant('bonusadj');
    const moderator = await signedInMember(tenant, 0, 'staff');
    const carol = await signedInMember(tenant, 10);
    const otherStaff = await signedInMember(tenant, 0, 'staff');

    expect(await moderator.api.bonus.adjust({ memberId: carol.member.id, amount: 25, reason: 'contest prize' })).toMatchObject({ balance: '35' });
    expect(await moderator.api.bonus.adjust({ memberId: carol.member.id, amount: -5, reason: 'double credit' })).toMatchObject({ balance: '30' });
    const overdraw = await errorOf(moderator.api.bonus.adjust({ memberId: carol.member.id, amount: -31, reason: 'too much' }));
    expect(overdraw.message).toBe('amount: the member has 30 points; a debit of 31 would take the balance below zero (debit at most 30)');
    expect((await errorOf(moderator.api.bonus.adjust({ memberId: carol.member.id, amount: 5, reason: '' }))).message).toMatch(/^reason: /);
    expect((await errorOf(moderator.api.bonus.adjust({ memberId: moderator.member.id, amount: 5, reason: 'for me' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(moderator.api.bonus.adjust({ memberId: otherStaff.member.id, amount: 5, reason: 'peer' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(carol.api.bonus.adjust({ memberId: moderator.member.id, amount: 5, reason: 'hack' }))).code).toBe('FORBIDDEN');

    const history = await carol.api.bonus.transactions();
    expect(history.items.slice(0, 2).map((item) => [item.amount, item.description, item.note])).toEqual([
      ['-5', 'Adjusted by staff', 'double credit'],
      ['25', 'Adjusted by staff', 'contest prize'],
    ]);
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, action: 'member.points_adjusted' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((row) => [row.actorMemberId, row.targetId, (row.details as { amount: number }).amount])).toEqual([
      [moderator.member.id, carol.member.id, 25],
      [moderator.member.id, carol.member.id, -5],
    ]);
  });
});
