// tRPC answered by the site server's front gate (server/trpc-http.ts: site-server.mjs
// runs it in front of Next.js) on a real HTTP server with real PostgreSQL and Redis:
// every /api/trpc call is answered there, with the site's security headers, the
// cross-site refusal, the batch rules, session cookies and the search budget (charged
// once, in front); everything else goes on to the handler behind (Next.js in production,
// here one that records what reached it).
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createMemberSession } from '@swarmhost/domain';
import { memberSearchBudgetKey, searchBudgetKey } from '@swarmhost/domain/plans/search-guard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchBudgetFront } from '../src/server/search-budget-gate';
import { trpcFront } from '../src/server/trpc-http';
import { isBatchCall, trpcPath } from '../src/server/trpc-path';
import { gatedServer, type GatedServer } from './support/gated-server';
import { newTenant, PASSWORD, siteServices } from './support/site';

const services = siteServices();
const gate = trpcFront(searchBudgetFront(() => services), () => ({ services, trustedProxies: ['127.0.0.1'] }));
const reached: string[] = [];
let server: GatedServer;
let port: number;
const redisKeys: string[] = [];

beforeAll(async () => {
  server = await gatedServer(gate, (request, response) => {
    reached.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'text/plain' }).end('next');
  });
  port = server.port;
});
afterAll(async () => {
  await server.close();
  if (redisKeys.length > 0) await services.redis.del(...redisKeys);
  services.redis.disconnect();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function call(host: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const headers = { host, ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers };
    const request = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    request.on('error', reject).end(body);
  });
}

/** A page of the same site, as a browser's fetch from it says. */
const sameSite = (host: string) => ({ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });

async function community(searchesPerSecond = 20) {
  const db = systemClient();
  const tenant = await newTenant();
  redisKeys.push(searchBudgetKey(tenant.id));
  const plan = await db.plan.create({ data: { name: `tRPC ${tenant.slug}`, maxMembers: 100, maxTorrents: 100, announcesPerSecond: 100, searchesPerSecond, maxTorrentFileBytes: 1048576 } });
  await db.tenant.update({ where: { id: tenant.id }, data: { planId: plan.id } });
  const username = `t${randomBytes(4).toString('hex')}`;
  const member = await createMember({ db, tenantSlug: tenant.slug, username, email: `${username}@web.test`, password: PASSWORD });
  redisKeys.push(memberSearchBudgetKey(tenant.id, member.id));
  return { tenant, username, member };
}

describe('tRPC in front of Next', () => {
  it('reads the procedure of /api/trpc/<procedure> only, as the route [trpc].ts matches', () => {
    expect(trpcPath('/api/trpc/torrents.list?input=%7B%7D')).toBe('torrents.list');
    expect(trpcPath('/api/trpc/site.look,site.pages?batch=1')).toBe('site.look,site.pages');
    expect(trpcPath('/api/trpc/a%2Cb')).toBe('a,b');
    for (const url of ['/api/trpc/', '/api/trpc/a/b', '/api/trpc/%E0%A4%A', '/api/trpcx/site.look', '/torrents', '/api/realtime/token']) expect(trpcPath(url)).toBeUndefined();
    expect(isBatchCall('/api/trpc/site.look,site.pages?batch=1&input=%7B%7D')).toBe(true);
    expect(isBatchCall('/api/trpc/site.look?batch=0')).toBe(false);
    expect(isBatchCall('/api/trpc/site.look')).toBe(false);
  });

  it('answers every tRPC call itself with the security headers; pages and other routes go on to Next', async () => {
    const { tenant } = await community();
    reached.length = 0;
    const look = await call(tenant.host, '/api/trpc/site.look');
    expect(look.status).toBe(200);
    expect(JSON.parse(look.body)).toMatchObject({ result: { data: expect.any(Object) } });
    expect(look.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' });
    expect(look.headers['permissions-policy']).toContain('camera=()');
    expect(look.headers['strict-transport-security']).toBeUndefined();
    const behindTls = await call(tenant.host, '/api/trpc/site.look', { headers: { 'x-forwarded-proto': 'https' } });
    expect(behindTls.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    // An unknown procedure is tRPC's own 404, still answered here.
    const unknown = await call(tenant.host, '/api/trpc/site.nothingHere');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { data: { code: 'NOT_FOUND' } } });
    expect(reached).toEqual([]);
    for (const path of ['/torrents', '/api/trpc/site/look', '/api/realtime/token', '/']) expect((await call(tenant.host, path)).body).toBe('next');
    expect(reached).toEqual(['/torrents', '/api/trpc/site/look', '/api/realtime/token', '/']);
  });

  it('signs a member in (the session cookie on the answer) and refuses a mutation from another site', async () => {
    const { tenant, username } = await community();
    const foreign = await call(tenant.host, '/api/trpc/auth.login', {
      method: 'POST',
      headers: { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
      body: { identifier: username, password: PASSWORD },
    });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toEqual({ error: { message: 'cross-site requests are refused; use the site itself' } });
    expect(foreign.headers['set-cookie']).toBeUndefined();

    const login = await call(tenant.host, '/api/trpc/auth.login', { method: 'POST', headers: sameSite(tenant.host), body: { identifier: username, password: PASSWORD } });
    expect(login.status).toBe(200);
    const cookie = (login.headers['set-cookie'] ?? []).find((line) => line.startsWith('sh_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    const session = cookie!.split(';')[0]!;
    const me = await call(tenant.host, `/api/trpc/torrents.list?input=${encodeURIComponent('{}')}`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ result: { data: { items: [] } } });
    // The wrong password: tRPC's error, with nothing set.
    const wrong = await call(tenant.host, '/api/trpc/auth.login', { method: 'POST', headers: sameSite(tenant.host), body: { identifier: username, password: 'not the password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a batch past the cap and a batched sign-in, saying why', async () => {
    const { tenant, username } = await community();
    const eleven = Array.from({ length: 11 }, () => 'site.look').join(',');
    const big = await call(tenant.host, `/api/trpc/${eleven}?batch=1`);
    expect(big.status).toBe(400);
    expect(JSON.parse(big.body).error.message).toMatch(/at most 10 calls \(this one has 11\)/);
    const two = await call(tenant.host, '/api/trpc/site.look,site.pages?batch=1');
    expect(two.status).toBe(200);
    expect(JSON.parse(two.body)).toHaveLength(2);
    const batchedLogin = await call(tenant.host, '/api/trpc/auth.login?batch=1', {
      method: 'POST',
      headers: sameSite(tenant.host),
      body: { 0: { identifier: username, password: PASSWORD } },
    });
    expect(batchedLogin.status).toBe(400);
    expect(JSON.parse(batchedLogin.body).error.message).toBe('auth.login cannot be batched; send it as a request of its own');
  });

  it('charges a search to the budget once, in front: a plan of 1 a second answers one and refuses the next', async () => {
    const { tenant, member } = await community(1);
    const { token } = await createMemberSession({ tenantId: tenant.id, memberId: member.id });
    const cookie = `sh_session=${encodeURIComponent(token)}`;
    const search = (text: string) => call(tenant.host, `/api/trpc/torrents.search?input=${encodeURIComponent(JSON.stringify({ text }))}`, { headers: { cookie } });
    const first = await search('ubuntu');
    // Charged twice (in front and again in the handler), a budget of one would refuse this.
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ result: { data: { items: [] } } });
    const second = await search('debian');
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(reached.some((url) => url.includes('torrents.search'))).toBe(false);
  });
});
