// The site server's front gate (site-server.mjs → search-budget-gate.ts) on a real HTTP
// server with real PostgreSQL and Redis: a community's searches past its plan's budget
// are answered 429 in front and never reach the handler behind it (Next.js in
// production; here a handler that records what reached it), the searches within the
// budget go on marked as paid, and nothing else is touched or spends the budget —
// other calls, batches, made-up cookies, another community.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createMemberSession } from '@swarmhost/domain';
import { memberSearchBudgetKey, searchBudgetKey } from '@swarmhost/domain/plans/search-guard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchBudgetFront, searchBudgetTaken } from '../src/server/search-budget-gate';
import { gatedServer, type GatedServer } from './support/gated-server';
import { rawRequest } from './support/raw-http';
import { newTenant, PASSWORD, siteServices } from './support/site';

const services = siteServices();
const gate = searchBudgetFront(() => services);
/** What got past the gate: the path and whether its token was taken in front. */
const reached: { url: string; paid: boolean }[] = [];
let server: GatedServer;
let port: number;
const tenantIds: string[] = [];
const memberKeys: string[] = [];

beforeAll(async () => {
  server = await gatedServer(gate, (request, response) => {
    reached.push({ url: request.url ?? '', paid: searchBudgetTaken(request) });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"result":{}}');
  });
  port = server.port;
});
afterAll(async () => {
  await server.close();
  if (tenantIds.length > 0) await services.redis.del(...tenantIds.map(searchBudgetKey), ...memberKeys);
  services.redis.disconnect();
});

/** A community on a plan of `searchesPerSecond`, with `members` signed-in members (a cookie each). */
async function community(searchesPerSecond: number, members = 1) {
  const db = systemClient();
  const tenant = await newTenant();
  tenantIds.push(tenant.id);
  const plan = await db.plan.create({ data: { name: `Front ${tenant.slug}`, maxMembers: 100, maxTorrents: 100, announcesPerSecond: 100, searchesPerSecond, maxTorrentFileBytes: 1048576 } });
  await db.tenant.update({ where: { id: tenant.id }, data: { planId: plan.id } });
  const cookies: string[] = [];
  for (let index = 0; index < members; index++) {
    const username = `f${randomBytes(4).toString('hex')}`;
    const member = await createMember({ db, tenantSlug: tenant.slug, username, email: `${username}@web.test`, password: PASSWORD });
    memberKeys.push(memberSearchBudgetKey(tenant.id, member.id));
    const { token } = await createMemberSession({ tenantId: tenant.id, memberId: member.id });
    cookies.push(`sh_session=${encodeURIComponent(token)}`);
  }
  return { tenant, cookie: cookies[0]!, cookies };
}

const searchPath = (text: string) => `/api/trpc/torrents.search?input=${encodeURIComponent(JSON.stringify({ text }))}`;

const get = (host: string, path: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(port, host, path, headers, method);

describe('the site server’s front gate for searches', () => {
  it('answers searches past the budget itself, and lets the paid ones through marked', async () => {
    // 8 members, one search each (a member's share is 1 a second): the community's 2 refuse.
    const noisy = await community(2, 8);
    reached.length = 0;
    const answers = await Promise.all(noisy.cookies.map((cookie, index) => get(noisy.tenant.host, searchPath(`flood ${index}`), { cookie })));
    const refused = answers.filter((answer) => answer.status === 429);
    const through = answers.filter((answer) => answer.status === 200);
    expect(through.length).toBeGreaterThanOrEqual(2);
    expect(through.length).toBeLessThanOrEqual(3);
    expect(refused.length).toBe(8 - through.length);
    // Only the paid searches reached the handler behind the gate.
    expect(reached).toHaveLength(through.length);
    expect(reached.every((entry) => entry.paid && entry.url.startsWith('/api/trpc/torrents.search'))).toBe(true);
    const refusal = refused[0]!;
    expect(Number(refusal.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refusal.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(refusal.body)).toMatchObject({
      error: { data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, path: 'torrents.search' }, message: expect.stringContaining(`${noisy.tenant.name} is searching more than its plan allows (2 searches a second`) },
    });
  });

  it('passes everything that is not a member’s single search straight on, spending nothing', async () => {
    const { tenant, cookie } = await community(1);
    reached.length = 0;
    const paths = [
      '/api/trpc/torrents.list?input=%7B%7D',
      `${searchPath('batched')}&batch=1`,
      '/api/trpc/torrents.search,torrents.search?batch=1',
      '/api/trpc/%E0%A4%A',
      '/torrents?q=ubuntu',
    ];
    for (const path of paths) expect((await get(tenant.host, path, { cookie })).status).toBe(200);
    // A search without a session, with a made-up session, and a POST: not the budget's business here.
    expect((await get(tenant.host, searchPath('anonymous'))).status).toBe(200);
    expect((await get(tenant.host, searchPath('forged'), { cookie: 'sh_session=not-a-session' })).status).toBe(200);
    expect((await get(tenant.host, searchPath('posted'), { cookie }, 'POST')).status).toBe(200);
    expect(reached).toHaveLength(paths.length + 3);
    expect(reached.some((entry) => entry.paid)).toBe(false);
    expect(await services.redis.exists(searchBudgetKey(tenant.id))).toBe(0);
    // The one search the budget allows is still there.
    expect((await get(tenant.host, searchPath('first'), { cookie })).status).toBe(200);
    expect(reached.at(-1)?.paid).toBe(true);
  });

  it('never refuses another community while one is refused', async () => {
    const noisy = await community(1);
    const quiet = await community(20, 2);
    await Promise.all(Array.from({ length: 6 }, (_, index) => get(noisy.tenant.host, searchPath(`noisy ${index}`), { cookie: noisy.cookie })));
    expect((await get(noisy.tenant.host, searchPath('still noisy'), { cookie: noisy.cookie })).status).toBe(429);
    const calm = await Promise.all(Array.from({ length: 10 }, (_, index) => get(quiet.tenant.host, searchPath(`calm ${index}`), { cookie: quiet.cookies[index % 2]! })));
    expect(calm.map((answer) => answer.status)).toEqual(Array(10).fill(200));
  });

  it('refuses a member past their share (a quarter of the budget) while another member of the community searches on', async () => {
    const club = await community(8, 2);
    const [greedy, other] = club.cookies;
    reached.length = 0;
    const answers = await Promise.all(Array.from({ length: 6 }, (_, index) => get(club.tenant.host, searchPath(`greedy ${index}`), { cookie: greedy! })));
    const through = answers.filter((answer) => answer.status === 200);
    expect(through.length).toBeGreaterThanOrEqual(2);
    expect(through.length).toBeLessThanOrEqual(3);
    const refusal = answers.find((answer) => answer.status === 429)!;
    expect(Number(refusal.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refusal.body)).toMatchObject({ error: { data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 }, message: expect.stringContaining(`You are searching more than your share of ${club.tenant.name}'s searches (2 a second for each member)`) } });
    expect(reached).toHaveLength(through.length);
    expect((await get(club.tenant.host, searchPath('other'), { cookie: other! })).status).toBe(200);
  });
});
