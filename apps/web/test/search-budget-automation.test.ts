// The community's search budget through the automation entry points, with the real
// route handlers, PostgreSQL and Redis: Torznab (t=search), a saved-search RSS feed and
// REST GET /api/v1/torrents?q=. With a budget of N searches a second, N+1 at once leave
// one refused with 429, Retry-After and each protocol's own error shape; the refused
// call is not counted against the token's or RSS key's own limit; caps and listings
// spend nothing; another community searches on untouched.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { createMember } from '@swarmhost/domain';
import { createApiToken } from '@swarmhost/domain/api-tokens/api-tokens';
import { tokenRateKey } from '@swarmhost/domain/api-tokens/token-rate-limit';
import { rssKeyRateKey, rssTenantRateKey } from '@swarmhost/domain/feeds/rss-rate-limit';
import { searchBudgetKey } from '@swarmhost/domain/plans/search-guard';
import { XMLParser } from 'fast-xml-parser';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { GET as torznab } from '../src/app/api/torznab/route';
import { GET as restTorrents } from '../src/app/api/v1/torrents/route';
import { GET as rssFeed } from '../src/app/rss/[rssKey]/route';
import { newTenant, REDIS_URL } from './support/site';

const BUDGET = 2;
const redis = new Redis(REDIS_URL);
const tenantIds: string[] = [];
afterAll(async () => {
  if (tenantIds.length > 0) await redis.del(...tenantIds.map(searchBudgetKey));
  await redis.quit();
});

/**
 * A community on a plan of BUDGET searches a second, with BUDGET + 1 members each holding a
 * read token (each member has a share of 1 a second: their floods take turns, so the
 * community's budget is what refuses).
 */
async function community() {
  const db = systemClient();
  const tenant = await newTenant();
  tenantIds.push(tenant.id);
  const plan = await db.plan.create({
    data: { name: `Automation budget ${tenant.slug}`, maxMembers: 100, maxTorrents: 100, announcesPerSecond: 100, searchesPerSecond: BUDGET, maxTorrentFileBytes: 1048576 },
  });
  await db.tenant.update({ where: { id: tenant.id }, data: { planId: plan.id } });
  const members: Member[] = [];
  for (let index = 0; index <= BUDGET; index++) {
    const username = `a${randomBytes(4).toString('hex')}`;
    const member = await createMember({ db, tenantSlug: tenant.slug, username, email: `${username}@web.test`, password: 'automation password' });
    const { rssKey } = await db.member.findUniqueOrThrow({ where: { id: member.id }, select: { rssKey: true } });
    const { id: tokenId, token } = await createApiToken({ tenantId: tenant.id, memberId: member.id, name: 'Prowlarr', scopes: ['read'] });
    members.push({ tenant, rssKey, tokenId, token });
  }
  return { ...members[0]!, members };
}

interface Member {
  tenant: Awaited<ReturnType<typeof newTenant>>;
  rssKey: string;
  tokenId: string;
  token: string;
}
type Community = Member;

const get = (host: string, path: string, headers: Record<string, string> = {}) => new Request(`http://${host}${path}`, { headers: { host, ...headers } });
const word = () => `w${randomBytes(3).toString('hex')}`;

const entryPoints = {
  torznab: {
    search: (c: Community) => torznab(get(c.tenant.host, `/api/torznab?t=search&q=${word()}&apikey=${c.token}`)),
    listing: (c: Community) => torznab(get(c.tenant.host, `/api/torznab?t=search&apikey=${c.token}`)),
    caps: (c: Community) => torznab(get(c.tenant.host, `/api/torznab?t=caps&apikey=${c.token}`)),
  },
  rss: {
    search: (c: Community) => rssFeed(get(c.tenant.host, `/rss/${c.rssKey}?q=${word()}`), { params: Promise.resolve({ rssKey: c.rssKey }) }),
    listing: (c: Community) => rssFeed(get(c.tenant.host, `/rss/${c.rssKey}`), { params: Promise.resolve({ rssKey: c.rssKey }) }),
  },
  rest: {
    search: (c: Community) => restTorrents(get(c.tenant.host, `/api/v1/torrents?q=${word()}`, { authorization: `Bearer ${c.token}` })),
    listing: (c: Community) => restTorrents(get(c.tenant.host, '/api/v1/torrents', { authorization: `Bearer ${c.token}` })),
  },
};

/** BUDGET + 1 searches at once, one from each member: their responses, the refused ones apart. */
async function flood(search: (c: Community) => Promise<Response>, c: { members: Member[] }) {
  const responses = await Promise.all(c.members.map((member) => search(member)));
  return { answered: responses.filter((response) => response.status === 200), refused: responses.filter((response) => response.status !== 200) };
}

const counted = async (key: string) => Number((await redis.get(key)) ?? '0');
/** A per-member counter summed over the community's members. */
const countedAll = async (c: { members: Member[] }, key: (member: Member) => string) => (await Promise.all(c.members.map((member) => counted(key(member))))).reduce((sum, value) => sum + value, 0);

describe('the search budget through Torznab, RSS and REST', () => {
  it('Torznab: the N+1th search is 429 with Retry-After and the error Prowlarr backs off on; caps and listings still answer', async () => {
    const noisy = await community();
    const quiet = await community();
    const { answered, refused } = await flood(entryPoints.torznab.search, noisy);
    expect(answered).toHaveLength(BUDGET);
    expect(refused).toHaveLength(1);
    const refusal = refused[0]!;
    expect(refusal.status).toBe(429);
    expect(refusal.headers.get('retry-after')).toBe('1');
    expect(refusal.headers.get('content-type')).toContain('application/xml');
    const error = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(await refusal.text()).error as Record<string, string>;
    // Prowlarr, Sonarr and Radarr recognise exactly this description as a rate limit.
    expect(error['@code']).toBe('500');
    expect(error['@description']).toBe('Request limit reached');
    expect(error['#text']).toContain(`${noisy.tenant.name} is searching more than its plan allows (2 searches a second`);
    // The refused call is not counted against its token's own 120 a minute.
    expect(await countedAll(noisy, (member) => tokenRateKey(member.tokenId))).toBe(BUDGET);
    // The budget is spent, yet caps and a listing (no q) answer: they spend nothing.
    expect((await entryPoints.torznab.caps(noisy)).status).toBe(200);
    expect((await entryPoints.torznab.listing(noisy)).status).toBe(200);
    const stillDry = await entryPoints.torznab.search(noisy);
    expect(stillDry.status).toBe(429);
    // Another community's searches go through, all of them.
    expect((await flood(entryPoints.torznab.search, quiet)).answered).toHaveLength(BUDGET);
  });

  it('RSS: a saved search past the budget is 429 with Retry-After and a plain message, not counted against the key', async () => {
    const noisy = await community();
    const quiet = await community();
    const { answered, refused } = await flood(entryPoints.rss.search, noisy);
    expect(answered).toHaveLength(BUDGET);
    expect(answered[0]!.headers.get('content-type')).toContain('application/rss+xml');
    expect(refused).toHaveLength(1);
    const refusal = refused[0]!;
    expect(refusal.status).toBe(429);
    expect(refusal.headers.get('retry-after')).toBe('1');
    expect(refusal.headers.get('content-type')).toContain('text/plain');
    expect(await refusal.text()).toMatch(new RegExp(`^Too many searches: ${noisy.tenant.name} is searching more than its plan allows \\(2 searches a second.*wait 1 second`));
    expect(await countedAll(noisy, (member) => rssKeyRateKey('feed', noisy.tenant.id, member.rssKey))).toBe(BUDGET);
    expect(await counted(rssTenantRateKey(noisy.tenant.id))).toBe(BUDGET);
    // The plain feed (no q) is a listing and answers while searches are refused.
    expect((await entryPoints.rss.listing(noisy)).status).toBe(200);
    expect((await entryPoints.rss.search(noisy)).status).toBe(429);
    expect((await flood(entryPoints.rss.search, quiet)).answered).toHaveLength(BUDGET);
  });

  it('REST: GET /api/v1/torrents?q= past the budget is a 429 JSON error with Retry-After, not counted against the token', async () => {
    const noisy = await community();
    const quiet = await community();
    const { answered, refused } = await flood(entryPoints.rest.search, noisy);
    expect(answered).toHaveLength(BUDGET);
    expect(refused).toHaveLength(1);
    const refusal = refused[0]!;
    expect(refusal.status).toBe(429);
    expect(refusal.headers.get('retry-after')).toBe('1');
    const body = (await refusal.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(body.error.message).toContain(`${noisy.tenant.name} is searching more than its plan allows (2 searches a second`);
    expect(await countedAll(noisy, (member) => tokenRateKey(member.tokenId))).toBe(BUDGET);
    expect((await entryPoints.rest.listing(noisy)).status).toBe(200);
    expect((await entryPoints.rest.search(noisy)).status).toBe(429);
    expect((await flood(entryPoints.rest.search, quiet)).answered).toHaveLength(BUDGET);
  });
});
