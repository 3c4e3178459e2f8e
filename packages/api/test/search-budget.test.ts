// A community's search budget through the API with real PostgreSQL and Redis: its
// plan's searches a second, then TOO_MANY_REQUESTS with a retry time, while another
// community searches and lists on untouched; a per-tenant exception raises the budget;
// each member has a share of it (a quarter), so the community floods here come from
// several members and one member's flood is refused on its own.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { createTenant } from '@swarmhost/domain';
import { createSearchGuard, memberSearchBudgetKey, searchBudgetKey } from '@swarmhost/domain/plans/search-guard';
import type { TRPCError } from '@trpc/server';
import { afterAll, describe, expect, it } from 'vitest';
import { apiServices, newMemberOf, redis, signedInOn } from './support/api-harness';

const services = { ...apiServices({ perAccount: 50, perIp: 1000, windowSeconds: 60 }), searchGuard: createSearchGuard({ redis }) };
const tenantIds: string[] = [];
const memberKeys: string[] = [];
afterAll(async () => {
  if (tenantIds.length > 0) await redis.del(...tenantIds.map(searchBudgetKey), ...memberKeys);
});

/** A community with `members` signed-in members (each a caller). */
async function community(searchesPerSecond?: number, exception?: { searchesPerSecond: number }, members = 1) {
  const db = systemClient();
  const slug = `sb${randomBytes(3).toString('hex')}`;
  const tenant = await createTenant({ db, slug, name: `Search ${slug}` });
  tenantIds.push(tenant.id);
  if (searchesPerSecond !== undefined) {
    const plan = await db.plan.create({ data: { name: `Search budget ${slug}`, maxMembers: 100, maxTorrents: 100, announcesPerSecond: 100, searchesPerSecond, maxTorrentFileBytes: 1048576 } });
    await db.tenant.update({ where: { id: tenant.id }, data: { planId: plan.id, ...(exception ? { planLimits: exception } : {}) } });
  }
  const callers = [];
  for (let index = 0; index < members; index++) {
    const member = await newMemberOf(tenant, 'member', 'search budget password');
    memberKeys.push(memberSearchBudgetKey(tenant.id, member.id));
    callers.push(await signedInOn({ services, tenant, account: member, password: 'search budget password', ip: '127.0.0.61' }));
  }
  return { tenant, caller: callers[0]!, callers };
}

type Caller = Awaited<ReturnType<typeof community>>['caller'];

/** `count` searches at once (new texts: no page cache), taking turns among `callers`; how many answered, and the first refusal. */
async function searches(callers: Caller[], count: number) {
  const results = await Promise.allSettled(Array.from({ length: count }, (_, index) => callers[index % callers.length]!.torrents.search({ text: `word ${randomBytes(3).toString('hex')}` })));
  const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as TRPCError] : []));
  return { answered: count - refusals.length, refusal: refusals[0] };
}

describe('search budget per community', () => {
  it('refuses a community past its plan’s searches a second and never the other community', async () => {
    // 12 members, one search each: their shares (1 a second) leave the community's 3 to bind.
    const noisy = await community(3, undefined, 12);
    const quiet = await community(undefined, undefined, 3);
    const flood = await searches(noisy.callers, 12);
    expect(flood.answered).toBeGreaterThanOrEqual(3);
    expect(flood.answered).toBeLessThanOrEqual(4);
    expect(flood.refusal?.code).toBe('TOO_MANY_REQUESTS');
    expect(flood.refusal?.message).toContain(`${noisy.tenant.name} is searching more than its plan allows (3 searches a second`);
    // The default plan's 20 a second: all of these go through while Noisy is refused.
    const calm = await searches(quiet.callers, 12);
    expect(calm).toEqual({ answered: 12, refusal: undefined });
    await expect(quiet.caller.torrents.list({})).resolves.toMatchObject({ items: [] });
    // Browsing is not a search: Noisy's list still answers.
    await expect(noisy.caller.torrents.list({})).resolves.toMatchObject({ items: [] });
  });

  it('follows a per-community exception stored by a platform admin (tenants.plan_limits)', async () => {
    const plain = await community(2, undefined, 6);
    const raised = await community(2, { searchesPerSecond: 40 }, 2);
    expect((await searches(plain.callers, 12)).answered).toBeLessThanOrEqual(3);
    expect(await searches(raised.callers, 12)).toEqual({ answered: 12, refusal: undefined });
  });

  it('spends the same budget on forum searches and request searches, never on a plain request list', async () => {
    const noisy = await community(3, undefined, 12);
    const kinds = [
      (caller: Caller) => caller.forums.search({ text: `topic ${randomBytes(3).toString('hex')}` }),
      (caller: Caller) => caller.requests.list({ query: `wanted ${randomBytes(3).toString('hex')}` }),
    ];
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, index) => kinds[index % 2]!(noisy.callers[index]!)));
    const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as TRPCError] : []));
    expect(12 - refusals.length).toBeGreaterThanOrEqual(3);
    expect(12 - refusals.length).toBeLessThanOrEqual(4);
    expect(refusals.every((refusal) => refusal.code === 'TOO_MANY_REQUESTS')).toBe(true);
    // Both kinds were refused: neither escapes the budget.
    expect(results.filter((result, index) => index % 2 === 0 && result.status === 'rejected').length).toBeGreaterThan(0);
    expect(results.filter((result, index) => index % 2 === 1 && result.status === 'rejected').length).toBeGreaterThan(0);
    // Listing requests without search text is browsing: it answers while the budget is spent.
    await expect(noisy.caller.requests.list({})).resolves.toBeDefined();
    await expect(noisy.caller.requests.list({ query: '   ' })).resolves.toBeDefined();
  });

  it('gives each member a quarter of the budget: one member past it is refused alone, and the refusals take nothing from the community', async () => {
    // 8 a second: a share of 2. Had the greedy member's 10 refusals taken the community's
    // tokens, its 8 would be gone and the other member refused too.
    const club = await community(8, undefined, 2);
    const [greedy, other] = club.callers;
    const flood = await searches([greedy!], 12);
    expect(flood.answered).toBeGreaterThanOrEqual(2);
    expect(flood.answered).toBeLessThanOrEqual(3);
    expect(flood.refusal?.code).toBe('TOO_MANY_REQUESTS');
    expect(flood.refusal?.message).toContain(`You are searching more than your share of ${club.tenant.name}'s searches (2 a second for each member)`);
    expect(await searches([other!], 2)).toEqual({ answered: 2, refusal: undefined });
    // The greedy member's list still answers: browsing is not a search.
    await expect(greedy!.torrents.list({})).resolves.toMatchObject({ items: [] });
  });
});
