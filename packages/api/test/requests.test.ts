// Requests with bounties (issue 12) through tRPC, against real PostgreSQL and Redis:
// the whole life of a request with every point accounted for, who may do what, two
// fills at the same moment, and an escrow invariant over a burst of votes, fills,
// unfills and deletions.
import { withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { acceptOverdueFills, bookPoints } from '@swarmhost/domain';
import { newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { describe, expect, it } from 'vitest';
import { apiServices, errorOf, newMemberOf, signedInOn } from './support/api-harness';

const services = apiServices();
const PASSWORD = 'requests router password';

async function member(tenant: { id: string; slug: string }, points: number, role: 'member' | 'staff' = 'member') {
  const account = await newMemberOf(tenant, role, PASSWORD);
  if (points > 0) await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: account.id, amount: points, reason: 'staff_adjustment' }));
  const api = await signedInOn({ services, tenant, account, password: PASSWORD, ip: '127.0.0.71' });
  return { account, api };
}

const balanceOf = async (memberId: string) =>
  (await systemClient().member.findUniqueOrThrow({ where: { id: memberId }, select: { bonusPoints: true } })).bonusPoints.toString();

/** Every balance of the tenant plus the points held in escrow by open and pending requests. */
async function pointsInTenant(tenantId: string): Promise<string> {
  const rows = await systemClient().$queryRaw<{ total: string }[]>`
    SELECT ((SELECT coalesce(sum(bonus_points), 0) FROM members WHERE tenant_id = ${tenantId}::uuid)
          + (SELECT coalesce(sum(b.amount), 0) FROM request_bounties b JOIN requests r ON r.id = b.request_id
             WHERE b.tenant_id = ${tenantId}::uuid AND b.refunded_at IS NULL AND r.status IN ('open', 'pending')))::text AS total`;
  return rows[0]!.total;
}

describe('requests', () => {
  it('lives from creation to payout: bounty into escrow, votes, a fill, a rejection, a fill, acceptance', async () => {
    const tenant = await newTenant('req');
    const alice = await member(tenant, 1000); // requester
    const bob = await member(tenant, 500); // voter
    const carol = await member(tenant, 0); // filler
    const torrent = await newTorrent(tenant);
    const wrong = await newTorrent(tenant);

    const tooSmall = await errorOf(alice.api.requests.create({ title: 'Sintel 4K', bounty: 50 }));
    expect([tooSmall.code, tooSmall.message]).toEqual(['BAD_REQUEST', 'bounty: a request starts with at least 100 points']);
    const { id } = await alice.api.requests.create({ title: '  Sintel   4K  ', description: 'The **open** movie', bounty: 300 });
    expect(await balanceOf(alice.account.id)).toBe('700');

    expect(await bob.api.requests.vote({ id, amount: 200 })).toEqual({ totalBounty: '500', balance: '300' });
    await bob.api.requests.vote({ id, amount: 100 });
    const short = await errorOf(bob.api.requests.vote({ id, amount: 400 }));
    expect([short.code, short.message]).toEqual(['CONFLICT', 'not enough points: you have 200, this costs 400']);

    const list = await carol.api.requests.list({ status: 'open' });
    expect(list.items).toEqual([expect.objectContaining({ id, title: 'Sintel 4K', bounty: '600', voters: 2, state: 'open', requester: alice.account.username })]);
    expect((await carol.api.requests.list({ query: 'sintle' })).items.map((item) => item.id)).toEqual([id]);
    expect((await bob.api.requests.list({ voted: true })).total).toBe(1);
    expect((await carol.api.requests.list({ voted: true })).total).toBe(0);
    expect((await alice.api.requests.list({ mine: true })).total).toBe(1);

    expect((await errorOf(alice.api.requests.fill({ id, torrent: torrent.id }))).message).toBe('you cannot fill your own request');
    expect((await errorOf(carol.api.requests.fill({ id, torrent: 'https://elsewhere.test/x' }))).message).toMatch(/must be a torrent page address of this site/);

    await carol.api.requests.fill({ id, torrent: `http://${tenant.slug}.localhost:3000/torrents/${wrong.id}` });
    expect((await errorOf(bob.api.requests.fill({ id, torrent: torrent.id }))).message).toBe('someone filled this request a moment ago; it is waiting for the requester');
    expect((await errorOf(bob.api.requests.accept({ id }))).code).toBe('FORBIDDEN');
    expect((await errorOf(alice.api.requests.reject({ id, reason: '' }))).message).toMatch(/^reason: say why/);
    await alice.api.requests.reject({ id, reason: 'that is the 1080p release' });

    await carol.api.requests.fill({ id, torrent: torrent.id });
    expect((await alice.api.requests.get({ id })).state).toBe('pending');
    expect(await alice.api.requests.accept({ id })).toEqual({ reward: '600' });
    expect(await balanceOf(carol.account.id)).toBe('600');
    expect((await errorOf(bob.api.requests.vote({ id, amount: 100 }))).message).toBe('this request is filled: it takes no more bounty');

    const page = await bob.api.requests.get({ id });
    expect(page).toMatchObject({ state: 'filled', bounty: '600', description: 'The **open** movie', fill: { torrent: { id: torrent.id }, by: carol.account.username } });
    expect(page.voters).toEqual(
      [
        { username: alice.account.username, amount: '300' },
        { username: bob.account.username, amount: '300' },
      ].sort((a, b) => a.username.localeCompare(b.username)),
    );
    expect(page.history.map((event) => event.kind)).toEqual(['created', 'voted', 'voted', 'filled', 'rejected', 'filled', 'accepted']);
    expect(page.history[4]).toMatchObject({ actor: alice.account.username, details: { reason: 'that is the 1080p release' } });

    const kinds = async (memberId: string) =>
      (await systemClient().notification.findMany({ where: { memberId }, orderBy: { createdAt: 'asc' }, select: { kind: true } })).map((row) => row.kind);
    expect(await kinds(alice.account.id)).toEqual(['request.filled', 'request.filled']);
    expect(await kinds(bob.account.id)).toEqual(['request.filled', 'request.filled']);
    expect(await kinds(carol.account.id)).toEqual(['request.rejected', 'request.accepted']);
    const ledger = await systemClient().bonusTransaction.findMany({ where: { tenantId: tenant.id, referenceType: 'request', referenceId: id }, select: { reason: true, amount: true } });
    expect(ledger.map((row) => `${row.reason} ${row.amount.toString()}`).sort()).toEqual(['request_bounty -100', 'request_bounty -200', 'request_bounty -300', 'request_reward 600']);
  });

  it('claims hold off other fillers until they lapse; comments tell the requester', async () => {
    const tenant = await newTenant('reqclaim');
    await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings: { requests: { minBounty: 10 } } } });
    const alice = await member(tenant, 100);
    const bob = await member(tenant, 0);
    const carol = await member(tenant, 0);
    const torrent = await newTorrent(tenant);
    const { id } = await alice.api.requests.create({ title: 'Big Buck Bunny', bounty: 10 });

    expect((await errorOf(alice.api.requests.claim({ id }))).message).toBe('you cannot claim your own request');
    await bob.api.requests.claim({ id });
    expect((await carol.api.requests.list({ status: 'claimed' })).items.map((item) => item.id)).toEqual([id]);
    expect((await errorOf(carol.api.requests.fill({ id, torrent: torrent.id }))).message).toMatch(/^another member claimed this request until /);
    expect((await errorOf(carol.api.requests.unclaim({ id }))).code).toBe('FORBIDDEN');
    await systemClient().torrentRequest.update({ where: { id }, data: { claimExpiresAt: new Date(Date.now() - 1000) } });
    await carol.api.requests.fill({ id, torrent: torrent.id });

    await bob.api.requests.comment({ id, body: 'the remux is better' });
    const notes = await systemClient().notification.findMany({ where: { memberId: alice.account.id }, select: { kind: true, payload: true } });
    expect(notes.map((row) => row.kind).sort()).toEqual(['request.comment', 'request.filled']);
    expect((await alice.api.requests.get({ id })).comments).toEqual([expect.objectContaining({ body: 'the remux is better', author: bob.account.username })]);
  });

  it('accepts an unanswered fill after acceptDays through the job, once', async () => {
    const tenant = await newTenant('reqauto');
    const alice = await member(tenant, 200);
    const carol = await member(tenant, 0);
    const torrent = await newTorrent(tenant);
    const { id } = await alice.api.requests.create({ title: 'Tears of Steel', bounty: 150 });
    const { fillAcceptBy } = await carol.api.requests.fill({ id, torrent: torrent.id });
    const due = new Date(fillAcceptBy);
    expect(await acceptOverdueFills({ tenantId: tenant.id, now: new Date(due.getTime() - 1000) })).toBe(0);
    const results = await Promise.all([1, 2, 3].map(() => acceptOverdueFills({ tenantId: tenant.id, now: due })));
    expect(results.reduce((sum, value) => sum + value, 0)).toBe(1);
    expect(await balanceOf(carol.account.id)).toBe('150');
    expect((await alice.api.requests.get({ id })).history.at(-1)).toMatchObject({ kind: 'accepted', actor: null, details: { automatic: true } });
  });

  it('lets staff unfill (taking the reward back) and delete (refunding every voter); the requester deletes only alone', async () => {
    const tenant = await newTenant('reqstaff');
    const staff = await member(tenant, 0, 'staff');
    const alice = await member(tenant, 300);
    const bob = await member(tenant, 300);
    const carol = await member(tenant, 0);
    const torrent = await newTorrent(tenant);

    const lonely = await alice.api.requests.create({ title: 'Cosmos Laundromat', bounty: 100 });
    await alice.api.requests.delete({ id: lonely.id, reason: 'found it myself' });
    expect(await balanceOf(alice.account.id)).toBe('300');
    expect((await errorOf(alice.api.requests.get({ id: lonely.id }))).code).toBe('NOT_FOUND');

    const { id } = await alice.api.requests.create({ title: 'Elephants Dream', bounty: 100 });
    await bob.api.requests.vote({ id, amount: 150 });
    expect((await errorOf(alice.api.requests.delete({ id, reason: 'changed my mind' }))).message).toBe('other members have put points on this request: ask staff to delete it');
    await carol.api.requests.fill({ id, torrent: torrent.id });
    await alice.api.requests.accept({ id });
    expect(await balanceOf(carol.account.id)).toBe('250');
    expect((await errorOf(carol.api.requests.unfill({ id, reason: 'fake' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(staff.api.requests.delete({ id, reason: 'duplicate' }))).message).toBe('this request is filled: unfill it first, then delete it');

    // The filler spent part of the reward: the unfill is refused, naming the shortfall.
    await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: carol.account.id, amount: -100, reason: 'store_purchase' }));
    expect((await errorOf(staff.api.requests.unfill({ id, reason: 'wrong resolution' }))).message).toBe(
      'the filler has 150 points left of the 250 reward: the reward cannot be taken back in full, so the request stays filled',
    );
    await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: carol.account.id, amount: 100, reason: 'staff_adjustment' }));
    await staff.api.requests.unfill({ id, reason: 'wrong resolution' });
    expect(await balanceOf(carol.account.id)).toBe('0');
    expect((await alice.api.requests.get({ id })).state).toBe('open');

    await staff.api.requests.delete({ id, reason: 'duplicate of another request' });
    expect([await balanceOf(alice.account.id), await balanceOf(bob.account.id)]).toEqual(['300', '300']);
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, targetId: id }, orderBy: { createdAt: 'asc' }, select: { action: true } });
    expect(audit.map((row) => row.action)).toEqual(['request.unfill', 'request.delete']);
    expect((await staff.api.requests.get({ id })).state).toBe('deleted');
  });

  it('two fills at the same moment: exactly one wins', async () => {
    const tenant = await newTenant('reqrace');
    const alice = await member(tenant, 100);
    const fillers = await Promise.all([1, 2, 3, 4].map(() => member(tenant, 0)));
    const torrent = await newTorrent(tenant);
    const { id } = await alice.api.requests.create({ title: 'Spring', bounty: 100 });
    const results = await Promise.allSettled(fillers.map((filler) => filler.api.requests.fill({ id, torrent: torrent.id })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(String(result.reason)).toMatch(/someone filled this request a moment ago/);
    }
    const request = await systemClient().torrentRequest.findUniqueOrThrow({ where: { id } });
    expect(fillers.map((filler) => filler.account.id)).toContain(request.filledById);
  });

  it('keeps balances plus escrow constant across a burst of votes, fills, accepts, unfills and deletions', async () => {
    const tenant = await newTenant('reqburst');
    await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings: { requests: { minBounty: 5 } } } });
    const staff = await member(tenant, 0, 'staff');
    const members = await Promise.all([1, 2, 3, 4, 5].map(() => member(tenant, 200)));
    const torrents = await Promise.all([1, 2].map(() => newTorrent(tenant)));
    const requests = await Promise.all(members.map((m, index) => m.api.requests.create({ title: `Wanted ${index}`, bounty: 20 })));
    const before = await pointsInTenant(tenant.id);

    const pick = <T>(list: readonly T[], index: number) => list[index % list.length]!;
    const operations: Promise<unknown>[] = [];
    for (let round = 0; round < 6; round += 1) {
      members.forEach((m, index) => {
        const request = pick(requests, index + round + 1);
        const own = pick(requests, index);
        operations.push(
          m.api.requests.vote({ id: request.id, amount: 5 + round }),
          m.api.requests.fill({ id: request.id, torrent: pick(torrents, round).id }),
          m.api.requests.accept({ id: own.id }),
          m.api.requests.reject({ id: own.id, reason: 'not this one' }),
        );
      });
      operations.push(
        staff.api.requests.unfill({ id: pick(requests, round).id, reason: 'burst unfill' }),
        staff.api.requests.delete({ id: pick(requests, round + 3).id, reason: 'burst delete' }),
      );
    }
    const outcomes = await Promise.allSettled(operations);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(String(outcome.reason)).toMatch(/not enough points|this request is|someone filled|no fill waiting|no fill to take back|does not exist|cannot fill your own|unfill it first|reward cannot be taken back/);
      }
    }
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBeGreaterThan(10);
    expect(await pointsInTenant(tenant.id)).toBe(before);
    const mismatched = await systemClient().$queryRaw<{ id: string }[]>`
      SELECT m.id FROM members m WHERE m.tenant_id = ${tenant.id}::uuid
        AND m.bonus_points <> coalesce((SELECT sum(amount) FROM bonus_transactions b WHERE b.member_id = m.id), 0)`;
    expect(mismatched).toEqual([]);
    const negative = await systemClient().member.count({ where: { tenantId: tenant.id, bonusPoints: { lt: 0 } } });
    expect(negative).toBe(0);
    // Every request's stored total equals its live bounty rows.
    const drift = await systemClient().$queryRaw<{ id: string }[]>`
      SELECT r.id FROM requests r WHERE r.tenant_id = ${tenant.id}::uuid
        AND r.total_bounty <> coalesce((SELECT sum(amount) FROM request_bounties b WHERE b.request_id = r.id AND b.refunded_at IS NULL), 0)`;
    expect(drift).toEqual([]);
  });
});
