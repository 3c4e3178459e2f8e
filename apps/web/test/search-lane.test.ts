// The search lane (search-lane.ts) between two real HTTP servers with real PostgreSQL and
// Redis: the site process members reach ("front") runs the real search-budget gate and
// passes the searches it lets through on to the lane, which runs the same gate (taking no
// second token for a search the front paid for) in front of its handler; everything else
// is served by the front. Each handler records what reached it, so a test sees which
// process served a request, with which Host and client address, and whether its token
// was taken.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createMemberSession } from '@swarmhost/domain';
import { memberSearchBudgetKey, searchBudgetKey } from '@swarmhost/domain/plans/search-guard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestInfoFrom } from '../src/server/request-info';
import { laneProof, PAID_HEADER, searchBudgetFront, searchBudgetTaken, type FrontGate } from '../src/server/search-budget-gate';
import { isSearchRequest, LANE_HEADER, searchLane, withSearchLane } from '../src/server/search-lane';
import { rawRequest } from './support/raw-http';
import { newTenant, PASSWORD, siteServices } from './support/site';

const services = siteServices();
const proof = laneProof(randomBytes(32).toString('hex'));
const gate = searchBudgetFront(() => services, proof);
const LOOPBACK = ['127.0.0.1', '::1'];
const laneTo = (origin: string, trustedProxies = LOOPBACK) => withSearchLane(gate, searchLane({ origin, trustedProxies, proof }));

interface Reached {
  server: string;
  url: string;
  host: string;
  client: string;
  lane: string | undefined;
  paid: boolean;
  /** Whether the handler saw the paid header (it never should: the gate removes it). */
  paidHeader: boolean;
}
const reached: Reached[] = [];
const servers: http.Server[] = [];
const tenantIds: string[] = [];
const memberKeys: string[] = [];

/** A server with `front` in front of a handler that records the request and answers with two cookies. */
async function site(name: string, front: (self: () => string) => FrontGate, answer?: (response: http.ServerResponse) => void): Promise<string> {
  let origin = '';
  let gateFor: FrontGate = () => false; // set once the server listens (a lane may be this very server)
  const server = http.createServer((request, response) => {
    const behind = () => {
      const info = requestInfoFrom({ get: (header) => (request.headers[header] as string | undefined) ?? null }, { address: request.socket.remoteAddress, trustedProxies: LOOPBACK });
      reached.push({ server: name, url: request.url ?? '', host: info.host, client: info.ip, lane: request.headers[LANE_HEADER] as string | undefined, paid: searchBudgetTaken(request), paidHeader: PAID_HEADER in request.headers });
      if (answer) return answer(response);
      response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'], 'x-served-by': name });
      response.end(JSON.stringify({ result: { data: name } }));
    };
    const verdict = gateFor(request, response);
    if (verdict === false) return behind();
    void verdict.then((answered) => answered || behind());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gateFor = front(() => origin);
  return origin;
}

let lane: string;
let front: string;
const warnings: string[] = [];

beforeAll(async () => {
  lane = await site('lane', () => gate);
  front = await site('front', () => laneTo(lane));
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); })));
  if (tenantIds.length > 0) await services.redis.del(...tenantIds.map(searchBudgetKey), ...memberKeys);
  services.redis.disconnect();
});

async function community(searchesPerSecond: number) {
  const db = systemClient();
  const tenant = await newTenant();
  tenantIds.push(tenant.id);
  const plan = await db.plan.create({ data: { name: `Lane ${tenant.slug}`, maxMembers: 100, maxTorrents: 100, announcesPerSecond: 100, searchesPerSecond, maxTorrentFileBytes: 1048576 } });
  await db.tenant.update({ where: { id: tenant.id }, data: { planId: plan.id } });
  const username = `l${randomBytes(4).toString('hex')}`;
  const member = await createMember({ db, tenantSlug: tenant.slug, username, email: `${username}@web.test`, password: PASSWORD });
  memberKeys.push(memberSearchBudgetKey(tenant.id, member.id));
  const { token } = await createMemberSession({ tenantId: tenant.id, memberId: member.id });
  return { tenant, cookie: `sh_session=${encodeURIComponent(token)}` };
}

const searchPath = (text: string) => `/api/trpc/torrents.search?input=${encodeURIComponent(JSON.stringify({ text }))}`;

const get = (origin: string, host: string, path: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(new URL(origin).port, host, path, headers, method);

describe('which requests are searches', () => {
  it('knows the search procedures, the pages that search with text, and nothing else', () => {
    const searches = [
      searchPath('ubuntu'),
      '/api/trpc/forums.search?input=%7B%22text%22%3A%22rules%22%7D',
      `/api/trpc/torrents.categories,torrents.search?batch=1&input=${encodeURIComponent('{"0":{},"1":{"text":"x"}}')}`,
      `/api/trpc/requests.list?input=${encodeURIComponent('{"query":"flac"}')}`,
      `/api/trpc/torrents.categories,requests.list?batch=1&input=${encodeURIComponent('{"0":{},"1":{"query":"flac"}}')}`,
      '/torrents?q=ubuntu&page=2',
      '/torrents/?q=ubuntu',
      '/torrents?q=ubuntu&_rsc=1x2y3',
      '/forums/search?q=rules',
      '/requests?q=flac&status=all',
      '/api/v1/torrents?q=ubuntu',
      '/api/torznab?t=search&q=ubuntu&apikey=k',
    ];
    for (const url of searches) expect(isSearchRequest('GET', url), url).toBe(true);
    expect(isSearchRequest('HEAD', '/torrents?q=ubuntu')).toBe(true);
    const others: [string, string][] = [
      ['GET', '/api/trpc/torrents.list?input=%7B%7D'],
      ['GET', `/api/trpc/requests.list?input=${encodeURIComponent('{"query":"  "}')}`],
      ['GET', `/api/trpc/requests.list?input=${encodeURIComponent('{"status":"open"}')}`],
      ['GET', '/api/trpc/requests.list?input=not-json'],
      ['GET', '/api/trpc/%E0%A4%A?input=1'],
      ['GET', '/torrents'],
      ['GET', '/torrents?q=&sort=size'],
      ['GET', '/torrents?q=%20%20'],
      ['GET', '/torrents/42?q=ubuntu'],
      ['GET', '/api/torznab?t=caps'],
      ['GET', '/api/v1/torrents'],
      ['POST', searchPath('posted')],
      ['POST', '/torrents?q=ubuntu'],
      ['GET', '/'],
    ];
    for (const [method, url] of others) expect(isSearchRequest(method, url), `${method} ${url}`).toBe(false);
  });
});

describe('the search lane', () => {
  it('serves a member’s search on the lane: same Host, the client’s address, one token taken in front, the answer passed back whole', async () => {
    // A plan of 2 a second gives a member a share of 1: a second token taken on the lane
    // for the same search would refuse it.
    const { tenant, cookie } = await community(2);
    reached.length = 0;
    const answer = await get(front, tenant.host, searchPath('lane'), { cookie, 'x-forwarded-for': '198.51.100.7' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ result: { data: 'lane' } });
    expect(answer.headers['x-served-by']).toBe('lane');
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    // The test's client connects over loopback, which the front trusts: its X-Forwarded-For
    // hop is the client, and the lane sees that same client.
    expect(reached).toEqual([{ server: 'lane', url: searchPath('lane'), host: tenant.host, client: '198.51.100.7', lane: 'search', paid: true, paidHeader: false }]);
    expect(Number(await services.redis.exists(searchBudgetKey(tenant.id)))).toBe(1);
  });

  it('serves everything that is not a search in the front process, spending nothing', async () => {
    const { tenant, cookie } = await community(1);
    reached.length = 0;
    const paths = ['/api/trpc/torrents.list?input=%7B%7D', '/torrents', '/torrents?sort=size', '/requests?status=all', '/'];
    for (const path of paths) expect((await get(front, tenant.host, path, { cookie })).status).toBe(200);
    expect((await get(front, tenant.host, searchPath('posted'), { cookie }, 'POST')).status).toBe(200);
    expect(reached.map((entry) => entry.server)).toEqual(Array(paths.length + 1).fill('front'));
    expect(await services.redis.exists(searchBudgetKey(tenant.id))).toBe(0);
  });

  it('refuses searches past the budget in front: the lane sees only those paid for', async () => {
    const { tenant, cookie } = await community(1);
    reached.length = 0;
    const answers = await Promise.all(Array.from({ length: 5 }, (_, index) => get(front, tenant.host, searchPath(`flood ${index}`), { cookie })));
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused[0]!.body)).toMatchObject({ error: { data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 } } });
    expect(reached.every((entry) => entry.server === 'lane' && entry.paid)).toBe(true);
    expect(reached).toHaveLength(answers.length - refused.length);
  });

  it('takes the token itself on the lane when a member sends the paid header straight to it', async () => {
    const { tenant, cookie } = await community(1);
    reached.length = 0;
    const forged = { cookie, [PAID_HEADER]: randomBytes(32).toString('hex') };
    const answers = await Promise.all(Array.from({ length: 4 }, (_, index) => get(lane, tenant.host, searchPath(`forged ${index}`), forged)));
    expect(answers.filter((answer) => answer.status === 429).length).toBeGreaterThanOrEqual(2);
    expect(reached.length).toBe(answers.filter((answer) => answer.status === 200).length);
    expect(reached.every((entry) => entry.server === 'lane' && entry.paid && !entry.paidHeader)).toBe(true);
    // A proof under another secret is no better.
    const other = laneProof('another secret entirely, 32 chars long').toString('hex');
    expect((await get(lane, tenant.host, searchPath('other secret'), { cookie, [PAID_HEADER]: other })).status).toBe(429);
  });

  it('takes the client from the connection when the front does not trust its peer, so a forged X-Forwarded-For reaches the lane as nothing', async () => {
    const strict = await site('strict', () => laneTo(lane, []));
    const { tenant, cookie } = await community(20);
    reached.length = 0;
    expect((await get(strict, tenant.host, searchPath('forged'), { cookie, 'x-forwarded-for': '203.0.113.9' })).status).toBe(200);
    expect(reached).toMatchObject([{ server: 'lane', client: '127.0.0.1' }]);
  });

  it('never passes a request on twice: a lane pointed at itself serves it', async () => {
    const looping = await site('looping', (self) => laneTo(self()));
    const { tenant, cookie } = await community(20);
    reached.length = 0;
    expect((await get(looping, tenant.host, searchPath('loop'), { cookie })).status).toBe(200);
    expect(reached).toMatchObject([{ server: 'looping', lane: 'search', paid: true, paidHeader: false }]);
    // A member's own lane header only means the front serves it.
    reached.length = 0;
    expect((await get(front, tenant.host, searchPath('claimed'), { cookie, [LANE_HEADER]: 'search' })).status).toBe(200);
    expect(reached).toMatchObject([{ server: 'front', paid: true }]);
  });

  it('serves searches in the front process, through its own gate, while the lane cannot be reached, and says so once', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const orphan = await site('orphan', () => withSearchLane(gate, searchLane({ origin: gone, trustedProxies: LOOPBACK, proof, warn: (message) => warnings.push(message) })));
    const { tenant, cookie } = await community(1);
    reached.length = 0;
    const answers = await Promise.all(Array.from({ length: 4 }, (_, index) => get(orphan, tenant.host, searchPath(`orphan ${index}`), { cookie })));
    // The budget still holds: the front's gate refused as it always does.
    expect(answers.filter((answer) => answer.status === 429).length).toBeGreaterThanOrEqual(2);
    expect(reached.length).toBeGreaterThanOrEqual(1);
    expect(reached.every((entry) => entry.server === 'orphan' && entry.paid && entry.lane === undefined)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`search lane ${gone} cannot be reached \\(ECONNREFUSED\\); serving searches in this process`));
  });

  it('answers 504 when the lane takes too long to start answering', async () => {
    const stuck = await site('stuck', () => gate, () => undefined); // never answers
    const impatient = await site('impatient', () => withSearchLane(gate, searchLane({ origin: stuck, trustedProxies: LOOPBACK, proof, answerTimeoutMs: 300 })));
    const { tenant, cookie } = await community(20);
    const answer = await get(impatient, tenant.host, searchPath('slow'), { cookie });
    expect(answer.status).toBe(504);
    expect(answer.headers['retry-after']).toBe('5');
    expect(answer.body).toMatch(/took too long/);
  });

  it('keeps its connections to the lane alive across searches', async () => {
    const { tenant, cookie } = await community(50);
    const before = new Set<unknown>();
    const laneServer = servers[0]!;
    const seen = (socket: unknown) => before.add(socket);
    laneServer.on('connection', seen);
    for (let index = 0; index < 5; index++) expect((await get(front, tenant.host, searchPath(`alive ${index}`), { cookie })).status).toBe(200);
    laneServer.off('connection', seen);
    expect(before.size).toBeLessThanOrEqual(1);
  });
});
