// API tokens, RSS keys, personal feeds and Torznab against real PostgreSQL and Redis:
// hashes only at rest, revocation and rotation at once, nothing crosses tenants, and the
// XML parses into the shape RSS readers and Prowlarr/Sonarr/Radarr read.
import { hashToken } from '@swarmhost/auth/tokens';
import { systemClient } from '@swarmhost/db/system';
import { createPostgresSearchIndex } from '@swarmhost/search';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiToken, listApiTokens, requireScope, resolveApiToken, revokeApiToken } from '../src/api-tokens/api-tokens';
import { countTokenRequest } from '../src/api-tokens/token-rate-limit';
import { uploadWithToken } from '../src/api-tokens/upload-with-token';
import { answerTorznab } from '../src/feeds/answer-torznab';
import { listFeedTorrents } from '../src/feeds/feed-torrents';
import { renderRssFeed } from '../src/feeds/rss-feed';
import { resolveRssKey } from '../src/feeds/rss-member';
import { listCategories, registerMember, rotateOwnRssKey, setBookmark, uploadTorrent } from '../src/index';
import { makeTorrent, memoryMail, newTenant, redis, TRACKER } from './helpers';

afterAll(() => redis.quit());

const searchIndex = createPostgresSearchIndex();
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'torznab:attr', 'category', 'subcat'].includes(name) });

async function memberOf(tenant: { id: string; settings: unknown; name: string }, username: string) {
  const { memberId } = await registerMember({ redis, mail: memoryMail(), tenant: { ...tenant, settings: { registrationMode: 'open' } }, siteUrl: 'http://s', username, email: `${username}@x.org`, password: 'long enough' });
  return systemClient().member.update({ where: { id: memberId }, data: { emailVerifiedAt: new Date() }, select: { id: true, role: true, passkey: true, rssKey: true, username: true } });
}

describe('API tokens', () => {
  it('stores only a hash, shows the secret once, revokes at once, and means nothing on another tenant', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    const created = await createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'Prowlarr', scopes: ['read'] });
    expect(created.token).toMatch(/^shk_[\w-]{43}$/);
    const row = await systemClient().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4));
    expect((await listApiTokens({ tenantId: tenant.id, memberId: alice.id })).map((token) => token.name)).toEqual(['Prowlarr']);

    const resolved = await resolveApiToken(tenant.id, created.token);
    expect(resolved?.member.id).toBe(alice.id);
    expect(resolved?.scopes).toEqual(['read']);
    expect(() => requireScope(resolved!, 'upload')).toThrow(/lacks the "upload" scope/);
    // The same secret on another tenant's host: row-level security hides the row.
    expect(await resolveApiToken(other.id, created.token)).toBeNull();
    expect(await resolveApiToken(tenant.id, `${created.token}x`)).toBeNull();

    await expect(createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'Prowlarr', scopes: ['read'] })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'x', scopes: [] })).rejects.toThrow(/at least one scope/);
    await expect(createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'x', scopes: ['admin'] })).rejects.toThrow(/unknown scope "admin"/);
    await expect(createApiToken({ tenantId: tenant.id, memberId: alice.id, name: '<script>', scopes: ['read'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    // Another member of the same community cannot revoke (or see) it.
    const bob = await memberOf(tenant, 'bob');
    await expect(revokeApiToken({ tenantId: tenant.id, memberId: bob.id, tokenId: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listApiTokens({ tenantId: tenant.id, memberId: bob.id })).toEqual([]);
    expect(await resolveApiToken(tenant.id, created.token)).not.toBeNull();

    await revokeApiToken({ tenantId: tenant.id, memberId: alice.id, tokenId: created.id });
    expect(await resolveApiToken(tenant.id, created.token)).toBeNull();
    expect(await listApiTokens({ tenantId: tenant.id, memberId: alice.id })).toEqual([]);
    await expect(revokeApiToken({ tenantId: tenant.id, memberId: alice.id, tokenId: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, targetId: created.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((entry) => entry.action)).toEqual(['api_token.create', 'api_token.revoke']);
  });

  it('refuses a token past its rate limit and says how long to wait', async () => {
    const tenant = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    const created = await createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'script', scopes: ['read', 'upload'] });
    const limit = { requests: 3, windowSeconds: 30 };
    for (let call = 0; call < 3; call += 1) await countTokenRequest({ redis, tokenId: created.id, limit });
    await expect(countTokenRequest({ redis, tokenId: created.id, limit })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: expect.any(Number) } });
  });
});

describe('uploads through the API', () => {
  it('needs the upload scope, applies the site upload rules and audits the upload with the token', async () => {
    const tenant = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    const reader = (await resolveApiToken(tenant.id, (await createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'reader', scopes: ['read'] })).token))!;
    const uploader = (await resolveApiToken(tenant.id, (await createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'uploader', scopes: ['upload'] })).token))!;
    const torrentFile = makeTorrent('api upload.iso');
    await expect(uploadWithToken({ token: reader, tenant, trackerBaseUrl: TRACKER, torrentFile })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(uploadWithToken({ token: uploader, tenant, trackerBaseUrl: TRACKER, torrentFile, category: 'nope' })).rejects.toThrow(/category "nope" does not exist/);
    await expect(uploadWithToken({ token: uploader, tenant, trackerBaseUrl: TRACKER, torrentFile: new Uint8Array([1, 2, 3]) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const uploaded = await uploadWithToken({ token: uploader, tenant, trackerBaseUrl: TRACKER, torrentFile, category: 'software', tags: ['linux'] });
    expect(uploaded.status).toBe('approved');
    await expect(uploadWithToken({ token: uploader, tenant, trackerBaseUrl: TRACKER, torrentFile })).rejects.toMatchObject({ code: 'CONFLICT' });
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, action: 'api.torrent.upload' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetId: uploaded.id, actorMemberId: alice.id, details: { apiTokenId: uploader.tokenId } });
    expect(await systemClient().torrent.count({ where: { tenantId: tenant.id } })).toBe(1);
  });
});

describe('RSS keys and feeds', () => {
  it('finds the member only in their tenant, and a rotated key finds nobody at once', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    expect((await resolveRssKey(tenant.id, alice.rssKey))?.id).toBe(alice.id);
    expect(await resolveRssKey(other.id, alice.rssKey)).toBeNull();
    const { rssKey } = await rotateOwnRssKey({ tenantId: tenant.id, memberId: alice.id });
    expect(await resolveRssKey(tenant.id, alice.rssKey)).toBeNull();
    expect((await resolveRssKey(tenant.id, rssKey))?.id).toBe(alice.id);
  });

  it('lists all, one category, bookmarks and a saved search, and renders valid, escaped RSS 2.0', async () => {
    const tenant = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    const categories = await listCategories(tenant.id);
    const movies = categories.find((category) => category.slug === 'movies')!;
    const tv = categories.find((category) => category.slug === 'tv')!;
    const film = await uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('Big <Buck> & "Bunny" 2008.mkv'), trackerBaseUrl: TRACKER, categoryId: movies.id });
    const show = await uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('Some Show S01E02.mkv'), trackerBaseUrl: TRACKER, categoryId: tv.id });
    await setBookmark({ tenantId: tenant.id, memberId: alice.id, torrentId: show.id, bookmarked: true });
    const feed = (query: Parameters<typeof listFeedTorrents>[0]['query']) => listFeedTorrents({ tenantId: tenant.id, memberId: alice.id, searchIndex, query }).then((items) => items.map((item) => item.id));
    expect(await feed({})).toEqual([show.id, film.id]);
    expect(await feed({ category: 'movies' })).toEqual([film.id]);
    expect(await feed({ bookmarks: true })).toEqual([show.id]);
    expect(await feed({ text: 'bunny' })).toEqual([film.id]);
    expect(await feed({ categories: ['movies', 'tv'] })).toEqual([show.id, film.id]);

    const torrents = await listFeedTorrents({ tenantId: tenant.id, memberId: alice.id, searchIndex, query: {} });
    const xml = renderRssFeed({ channel: { title: 'T & <co>', siteUrl: 'http://t.example', selfUrl: `http://t.example/rss/${alice.rssKey}`, description: 'd' }, rssKey: alice.rssKey, torrents });
    expect(XMLValidator.validate(xml)).toBe(true);
    const channel = parser.parse(xml).rss.channel;
    expect(channel.title).toBe('T & <co>');
    expect(channel.item[1].title).toBe('Big <Buck> & "Bunny" 2008.mkv');
    expect(channel.item[1].enclosure['@url']).toBe(`http://t.example/rss/${alice.rssKey}/download/${film.id}`);
    expect(channel.item[1].enclosure['@type']).toBe('application/x-bittorrent');
    expect(channel.item[1].category).toEqual(['Movies']);
  });
});

describe('Torznab', () => {
  it('answers caps, search and tvsearch in the shape the *arr apps read, and errors as <error/>', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    const categories = await listCategories(tenant.id);
    const tv = categories.find((category) => category.slug === 'tv')!;
    const movies = categories.find((category) => category.slug === 'movies')!;
    const show = await uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('Some Show S01E02 1080p.mkv'), trackerBaseUrl: TRACKER, categoryId: tv.id });
    const film = await uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: makeTorrent('A Film 2020.mkv'), trackerBaseUrl: TRACKER, categoryId: movies.id });
    await systemClient().torrent.update({ where: { id: film.id }, data: { freeleechPercent: 100, seeders: 4, leechers: 2, timesCompleted: 9 } });
    const { token } = await createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'Sonarr', scopes: ['read'] });
    const ask = (query: Record<string, string>, onTenant = tenant) =>
      answerTorznab({ tenant: onTenant, siteUrl: 'http://t.example', params: new URLSearchParams(query), redis, searchIndex });

    const caps = await ask({ t: 'caps', apikey: token });
    expect(caps.status).toBe(200);
    const capsDoc = parser.parse(caps.xml).caps;
    expect(capsDoc.limits).toMatchObject({ '@default': '50', '@max': '100' });
    expect(capsDoc.searching['tv-search']).toMatchObject({ '@available': 'yes', '@supportedParams': 'q,season,ep,imdbid,tmdbid' });
    expect(capsDoc.searching['movie-search']['@available']).toBe('yes');
    const parents = capsDoc.categories.category as { '@id': string; '@name': string; subcat?: { '@id': string; '@name': string }[] }[];
    expect(parents.map((parent) => parent['@id'])).toEqual(['2000', '5000', '3000', '7000', '4000', '8000']);
    const tvParent = parents.find((parent) => parent['@id'] === '5000')!;
    expect(tvParent.subcat?.map((subcat) => subcat['@name'])).toEqual(['TV']);
    const tvSubcatId = tvParent.subcat![0]!['@id'];

    const search = await ask({ t: 'search', apikey: token, q: '' });
    const items = parser.parse(search.xml).rss.channel.item as Record<string, unknown>[];
    expect(items).toHaveLength(2);
    const filmItem = items.find((item) => item.title === 'A Film 2020.mkv')!;
    const attrs = Object.fromEntries((filmItem['torznab:attr'] as { '@name': string; '@value': string }[]).filter((a) => a['@name'] !== 'category').map((a) => [a['@name'], a['@value']]));
    expect(attrs).toMatchObject({ seeders: '4', peers: '6', grabs: '9', downloadvolumefactor: '0', uploadvolumefactor: '1', infohash: film.infoHash, size: '40000' });
    expect((filmItem.enclosure as Record<string, string>)['@url']).toBe(`http://t.example/rss/${alice.rssKey}/download/${film.id}`);
    expect(filmItem.category).toContain(2000);

    const tvOnly = parser.parse((await ask({ t: 'tvsearch', apikey: token, q: 'some show', season: '1', ep: '2', cat: '5000' })).xml).rss.channel.item as { title: string }[];
    expect(tvOnly.map((item) => item.title)).toEqual(['Some Show S01E02 1080p.mkv']);
    const bySubcat = parser.parse((await ask({ t: 'search', apikey: token, cat: tvSubcatId })).xml).rss.channel.item as { comments: string }[];
    expect(bySubcat.map((item) => item.comments)).toEqual([`http://t.example/torrents/${show.id}`]);
    expect(parser.parse((await ask({ t: 'movie', apikey: token, cat: '7000' })).xml).rss.channel.item).toBeUndefined();

    const errorOf = async (query: Record<string, string>, onTenant = tenant) => {
      const answer = await ask(query, onTenant);
      return { status: answer.status, ...parser.parse(answer.xml).error };
    };
    expect(await errorOf({ t: 'search', apikey: token }, other)).toMatchObject({ status: 401, '@code': '100' });
    expect(await errorOf({ t: 'search' })).toMatchObject({ status: 401, '@description': 'Missing parameter' });
    expect(await errorOf({ t: 'nope', apikey: token })).toMatchObject({ '@code': '202' });
    expect(await errorOf({ t: 'search', apikey: token, limit: '-1' })).toMatchObject({ '@code': '201' });
    const { token: uploadOnly } = await createApiToken({ tenantId: tenant.id, memberId: alice.id, name: 'upload only', scopes: ['upload'] });
    expect(await errorOf({ t: 'caps', apikey: uploadOnly })).toMatchObject({ status: 403, '@code': '102' });
  });
});
