// The automation gaps of issue 15 against real PostgreSQL and Redis: RSS keys are
// rate-limited (per key, per tenant), torrents carry IMDb/TMDB ids that Torznab searches
// and returns as Prowlarr/Sonarr/Radarr read them, and staff file each category under a
// Newznab category that caps, results and cat= filters follow.
import { systemClient } from '@swarmhost/db/system';
import { createPostgresSearchIndex } from '@swarmhost/search';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/api-tokens/api-tokens';
import { uploadWithToken } from '../src/api-tokens/upload-with-token';
import { resolveApiToken } from '../src/api-tokens/api-tokens';
import { answerTorznab } from '../src/feeds/answer-torznab';
import { countRssRequest } from '../src/feeds/rss-rate-limit';
import { listCategoryNewznab, setCategoryNewznab, torznabCategories } from '../src/feeds/torznab-categories';
import { parseImdbId, parseTmdbId } from '../src/torrents/media-ids';
import { editTorrent, listCategories, registerMember, uploadTorrent } from '../src/index';
import { makeTorrent, memoryMail, newTenant, redis, TRACKER } from './helpers';

afterAll(() => redis.quit());

const searchIndex = createPostgresSearchIndex();
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'torznab:attr', 'category', 'subcat'].includes(name) });

type Attr = { '@name': string; '@value': string };
type Item = { title: string; comments: string; category: number[]; 'torznab:attr': Attr[] };

async function memberOf(tenant: { id: string; settings: unknown; name: string }, username: string, role: 'member' | 'staff' = 'member') {
  const { memberId } = await registerMember({ redis, mail: memoryMail(), tenant: { ...tenant, settings: { registrationMode: 'open' } }, siteUrl: 'http://s', username, email: `${username}@x.org`, password: 'long enough' });
  return systemClient().member.update({ where: { id: memberId }, data: { emailVerifiedAt: new Date(), role }, select: { id: true, role: true, passkey: true, rssKey: true, username: true } });
}

function attrsOf(item: Item): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const attr of item['torznab:attr']) (out[attr['@name']] ??= []).push(attr['@value']);
  return out;
}

describe('RSS rate limits', () => {
  it('refuses one RSS key past its limit with a wait, leaves other keys and downloads alone, and caps the tenant as a whole', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const limits = { feed: { requests: 3, windowSeconds: 30 }, download: { requests: 2, windowSeconds: 30 }, tenant: { requests: 8, windowSeconds: 30 } };
    const count = (rssKey: string, kind: 'feed' | 'download' = 'feed', tenantId = tenant.id) => countRssRequest({ redis, tenantId, rssKey, kind, limits });
    const keyA = 'a'.repeat(24) + tenant.id.slice(0, 8);
    const keyB = 'b'.repeat(24) + tenant.id.slice(0, 8);
    for (let call = 0; call < 3; call += 1) await count(keyA);
    const refusal = await count(keyA).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: expect.any(Number) } });
    expect((refusal as Error).message).toMatch(/this RSS key made more than 3 feed fetches in 30 seconds; wait \d+ second/);
    expect((refusal as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBeGreaterThan(0);
    expect((refusal as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBeLessThanOrEqual(30);
    // Downloads by the same key count in their own bucket; another key is not touched.
    await count(keyA, 'download');
    await count(keyB);
    // The tenant has now answered 3 + 1 (refused, still counted by the key only) ... count until the tenant cap.
    await count(keyB);
    await count(keyA, 'download');
    await expect(count(keyA, 'download')).rejects.toThrow(/more than 2 \.torrent downloads/);
    await count(keyB);
    const tenantRefusal = await count('c'.repeat(32)).catch((error: unknown) => error);
    expect(tenantRefusal).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect((tenantRefusal as Error).message).toMatch(/this community's RSS feeds are answering more than 8 requests in 30 seconds/);
    // Another tenant's keys are unaffected by this one's cap.
    await count(keyA, 'feed', other.id);
  });
});

describe('IMDb and TMDB ids', () => {
  it('validates ids with clear messages, and the database refuses a malformed one as well', async () => {
    expect(parseImdbId(' TT0111161 ')).toBe('tt0111161');
    expect(parseImdbId('https://www.imdb.com/title/tt0111161/?ref_=x')).toBe('tt0111161');
    expect(parseImdbId('')).toBeNull();
    expect(() => parseImdbId('tt123')).toThrow(/"tt" followed by 7 to 10 digits/);
    expect(() => parseImdbId('0111161')).toThrow(/"tt" followed by 7 to 10 digits/);
    expect(() => parseImdbId('tt12345678901')).toThrow(/7 to 10 digits/);
    expect(parseTmdbId('278')).toBe(278);
    expect(parseTmdbId(undefined)).toBeNull();
    expect(() => parseTmdbId('0')).toThrow(/positive whole number/);
    expect(() => parseTmdbId('-5')).toThrow(/positive whole number/);
    expect(() => parseTmdbId('12a')).toThrow(/positive whole number/);

    const tenant = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    const film = await uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('Checked 1994.mkv'), trackerBaseUrl: TRACKER });
    await expect(systemClient().torrent.update({ where: { id: film.id }, data: { imdbId: 'tt12' } })).rejects.toThrow(/torrents_imdb_id_format/);
    await expect(systemClient().torrent.update({ where: { id: film.id }, data: { tmdbId: 0 } })).rejects.toThrow(/torrents_tmdb_id_positive/);
  });

  it('are set at upload (site and API) and by staff edits, and Torznab movie/tvsearch find them and return imdb, imdbid and tmdbid attrs', async () => {
    const tenant = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    const mod = await memberOf(tenant, 'mod', 'staff');
    const categories = await listCategories(tenant.id);
    const movies = categories.find((category) => category.slug === 'movies')!;
    const tv = categories.find((category) => category.slug === 'tv')!;
    const film = await uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('The Prison Film 1994 1080p.mkv'), trackerBaseUrl: TRACKER, categoryId: movies.id, imdbId: 'tt0111161', tmdbId: '278' });
    expect(await systemClient().torrent.findUniqueOrThrow({ where: { id: film.id }, select: { imdbId: true, tmdbId: true } })).toEqual({ imdbId: 'tt0111161', tmdbId: 278 });
    const decoy = await uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('The Prison Film 1994 Remake.mkv'), trackerBaseUrl: TRACKER, categoryId: movies.id });
    await expect(uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('Bad Id.mkv'), trackerBaseUrl: TRACKER, imdbId: 'nm0000151' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Nothing was registered for the refused upload.
    expect(await systemClient().torrent.count({ where: { tenantId: tenant.id, name: 'Bad Id.mkv' } })).toBe(0);
    const { token: uploadToken } = await createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'uploader', scopes: ['upload'] });
    const show = await uploadWithToken({ token: (await resolveApiToken(tenant.id, uploadToken))!, tenant, trackerBaseUrl: TRACKER, torrentFile: makeTorrent('Some Show S02E03 720p.mkv'), category: 'tv', imdbId: 'tt0903747', tmdbId: 1396 });
    expect(await systemClient().torrent.findUniqueOrThrow({ where: { id: show.id }, select: { imdbId: true, tmdbId: true, categoryId: true } })).toEqual({ imdbId: 'tt0903747', tmdbId: 1396, categoryId: tv.id });
    // The real Redis publishes the tracker's invalidation, as on the site.
    const staff = { tenantId: tenant.id, staffId: mod.id, publisher: redis };
    await editTorrent(staff, decoy.id, { imdbId: 'tt9999999' });
    await expect(editTorrent(staff, decoy.id, { tmdbId: 'abc' })).rejects.toThrow(/TMDB id must be a positive whole number/);
    expect(await systemClient().torrent.findUniqueOrThrow({ where: { id: decoy.id }, select: { imdbId: true, tmdbId: true } })).toEqual({ imdbId: 'tt9999999', tmdbId: null });
    await editTorrent(staff, decoy.id, { imdbId: null });
    expect((await systemClient().torrent.findUniqueOrThrow({ where: { id: decoy.id }, select: { imdbId: true } })).imdbId).toBeNull();

    const { token } = await createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'Radarr', scopes: ['read'] });
    const ask = async (query: Record<string, string>) => {
      const answer = await answerTorznab({ tenant, siteUrl: 'http://t.example', params: new URLSearchParams({ apikey: token, ...query }), redis, searchIndex });
      return { status: answer.status, doc: parser.parse(answer.xml) };
    };
    const caps = (await ask({ t: 'caps' })).doc.caps.searching;
    expect(caps['movie-search']['@supportedParams']).toBe('q,imdbid,tmdbid');
    expect(caps['tv-search']['@supportedParams']).toBe('q,season,ep,imdbid,tmdbid');

    const titles = async (query: Record<string, string>) => ((await ask(query)).doc.rss.channel.item as Item[] | undefined)?.map((item) => item.title) ?? [];
    expect(await titles({ t: 'movie', imdbid: 'tt0111161' })).toEqual(['The Prison Film 1994 1080p.mkv']);
    // Digits alone (some apps strip the tt) and a q that would also match the decoy: the id decides.
    expect(await titles({ t: 'movie', imdbid: '111161', q: 'prison film' })).toEqual(['The Prison Film 1994 1080p.mkv']);
    expect(await titles({ t: 'movie', tmdbid: '278' })).toEqual(['The Prison Film 1994 1080p.mkv']);
    expect(await titles({ t: 'movie', tmdbid: '279' })).toEqual([]);
    expect(await titles({ t: 'tvsearch', imdbid: 'tt0903747', season: '2', ep: '3' })).toEqual(['Some Show S02E03 720p.mkv']);
    expect(await titles({ t: 'tvsearch', tmdbid: '1396', season: '2', ep: '4' })).toEqual([]);
    expect((await ask({ t: 'movie', imdbid: 'tt01x' })).doc.error['@code']).toBe('201');
    expect((await ask({ t: 'movie', tmdbid: '-1' })).doc.error['@code']).toBe('201');

    const item = ((await ask({ t: 'movie', imdbid: 'tt0111161' })).doc.rss.channel.item as Item[])[0]!;
    const attrs = attrsOf(item);
    // Sonarr parses "imdb" as a number, Radarr/Prowlarr "imdbid" with its tt, all "tmdbid".
    expect(attrs.imdb).toEqual(['0111161']);
    expect(attrs.imdbid).toEqual(['tt0111161']);
    expect(attrs.tmdbid).toEqual(['278']);
    const plain = ((await ask({ t: 'search', q: 'remake' })).doc.rss.channel.item as Item[])[0]!;
    expect(attrsOf(plain).imdbid).toBeUndefined();
    expect(attrsOf(plain).tmdbid).toBeUndefined();
  });
});

describe('Newznab mapping set by staff', () => {
  it('defaults to the guess, follows what staff set in caps, results and cat=, refuses unknown ids, audits, and resets to the guess', async () => {
    const tenant = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    const mod = await memberOf(tenant, 'mod', 'staff');
    const categories = await listCategories(tenant.id);
    const movies = categories.find((category) => category.slug === 'movies')!;
    const tv = categories.find((category) => category.slug === 'tv')!;
    const before = await listCategoryNewznab(tenant.id);
    expect(before.find((row) => row.slug === 'movies')).toMatchObject({ newznabId: 2000, parentId: 2000, guessed: true, newznabName: 'Movies' });
    expect(before.find((row) => row.slug === 'tv')).toMatchObject({ newznabId: 5000, guessed: true });

    const film = await uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('HD Film 2021 1080p.mkv'), trackerBaseUrl: TRACKER, categoryId: movies.id });
    const show = await uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('A Show S01E01.mkv'), trackerBaseUrl: TRACKER, categoryId: tv.id });

    await setCategoryNewznab({ tenantId: tenant.id, staffId: mod.id, categoryId: movies.id, newznabId: 2040 });
    // Staff file the "TV" category under Audio/Video: the mapping, not the name, decides.
    await setCategoryNewznab({ tenantId: tenant.id, staffId: mod.id, categoryId: tv.id, newznabId: 3020 });
    await expect(setCategoryNewznab({ tenantId: tenant.id, staffId: mod.id, categoryId: tv.id, newznabId: 1234 })).rejects.toThrow(/1234 is not a Newznab category this site offers/);
    await expect(setCategoryNewznab({ tenantId: tenant.id, staffId: mod.id, categoryId: tenant.id, newznabId: 2000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(systemClient().category.update({ where: { id: tv.id }, data: { newznabId: 99 } })).rejects.toThrow(/categories_newznab_id_range/);
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, action: 'category.newznab' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((entry) => [entry.targetId, (entry.details as { to: number }).to])).toEqual([[movies.id, 2040], [tv.id, 3020]]);

    const mapped = await torznabCategories(tenant.id);
    const moviesCustom = mapped.find((row) => row.slug === 'movies')!;
    expect(moviesCustom).toMatchObject({ newznabId: 2040, parentId: 2000, guessed: false });

    const { token } = await createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'Prowlarr', scopes: ['read'] });
    const ask = async (query: Record<string, string>) => parser.parse((await answerTorznab({ tenant, siteUrl: 'http://t.example', params: new URLSearchParams({ apikey: token, ...query }), redis, searchIndex })).xml);
    const parents = (await ask({ t: 'caps' })).caps.categories.category as { '@id': string; subcat?: { '@id': string; '@name': string }[] }[];
    const moviesParent = parents.find((parent) => parent['@id'] === '2000')!;
    expect(moviesParent.subcat!.map((subcat) => [subcat['@id'], subcat['@name']])).toEqual([['2040', 'Movies/HD'], [String(moviesCustom.id), 'Movies']]);
    const audioParent = parents.find((parent) => parent['@id'] === '3000')!;
    expect(audioParent.subcat!.map((subcat) => subcat['@id'])).toContain('3020');
    expect(parents.find((parent) => parent['@id'] === '5000')!.subcat).toBeUndefined();

    const items = (await ask({ t: 'search' })).rss.channel.item as Item[];
    const filmItem = items.find((item) => item.title === 'HD Film 2021 1080p.mkv')!;
    expect(filmItem.category).toEqual([2000, 2040, moviesCustom.id]);
    expect(attrsOf(filmItem).category).toEqual(['2000', '2040', String(moviesCustom.id)]);
    const titles = async (cat: string) => ((await ask({ t: 'search', cat })).rss.channel.item as Item[] | undefined)?.map((item) => item.comments) ?? [];
    expect(await titles('2040')).toEqual([`http://t.example/torrents/${film.id}`]);
    expect(await titles('2000')).toEqual([`http://t.example/torrents/${film.id}`]);
    expect(await titles('2030')).toEqual([]);
    expect(await titles('3000')).toEqual([`http://t.example/torrents/${show.id}`]);
    expect(await titles('5000')).toEqual([]);

    await setCategoryNewznab({ tenantId: tenant.id, staffId: mod.id, categoryId: tv.id, newznabId: null });
    expect((await listCategoryNewznab(tenant.id)).find((row) => row.slug === 'tv')).toMatchObject({ newznabId: 5000, guessed: true });
    expect(await titles('5000')).toEqual([`http://t.example/torrents/${show.id}`]);
  });
});
