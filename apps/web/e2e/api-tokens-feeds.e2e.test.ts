// API tokens, the upload API, RSS and Torznab as a member and their tools use them
// (issue 15): the member creates a token in Settings with Chromium (screenshots
// 30a-30c), then curl — a real HTTP client, no cookie — uploads a .torrent through
// /api/v1 with it, reads the RSS feed and downloads an item's .torrent (the member's
// passkey in its announce URL), and asks Torznab for caps and results. The same token
// and RSS key on another community's host get nothing; rotating the RSS key and
// revoking the token in Settings stop them at once. A second journey (screenshots
// 31a-31c): Settings lists a feed per category, an upload with an IMDb/TMDB id from the
// form and from curl is found by Torznab's imdbid/tmdbid, staff file a category under a
// Newznab sub-category on /staff/categories, and an RSS key past its limit gets 429.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from '@swarmhost/bittorrent/bencode';
import { parseMetainfo } from '@swarmhost/bittorrent/metainfo';
import { configureDatabase } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant } from '@swarmhost/domain';
import { createApiToken } from '@swarmhost/domain/api-tokens/api-tokens';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const password = 'api tokens e2e password';
const browser = chromiumForFile();
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'torznab:attr', 'category', 'subcat'].includes(name) });
const workDir = mkdtempSync(join(tmpdir(), 'swarmhost-api-e2e-'));

interface Curled {
  status: number;
  type: string;
  body: Buffer;
}

/** curl as an upload tool or an *arr app would call: no cookie, the host resolved to this machine. */
function curl(url: string, args: string[] = []): Curled {
  const { hostname, port } = new URL(url);
  const bodyFile = join(workDir, `body-${randomBytes(4).toString('hex')}`);
  const meta = execFileSync('curl', ['-sS', '--resolve', `${hostname}:${port}:127.0.0.1`, '-o', bodyFile, '-w', '%{http_code} %{content_type}', ...args, url], { encoding: 'utf8' });
  const [status, type = ''] = meta.split(' ');
  return { status: Number(status), type, body: readFileSync(bodyFile) };
}

const jsonOf = (answer: Curled) => JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;

function torrentFile(name: string): string {
  const pieces = createHash('sha1').update(name).digest();
  const path = join(workDir, `${name}.torrent`);
  writeFileSync(path, encode({ announce: 'http://x.invalid/announce', info: { length: 5000, name, 'piece length': 16384, pieces } }));
  return path;
}

describe('API tokens, the upload API, RSS and Torznab', () => {
  it('creates a token in settings, uploads with curl, downloads from RSS, answers Torznab, and stops old keys at once', async () => {
    const slug = `api${randomBytes(3).toString('hex')}`;
    const otherSlug = `${slug}x`;
    const origin = `http://${slug}.localhost:${env.port}`;
    const otherOrigin = `http://${otherSlug}.localhost:${env.port}`;
    await createTenant({ db: systemClient(), slug, name: 'API E2E' });
    await createTenant({ db: systemClient(), slug: otherSlug, name: 'Other E2E' });
    const member = await createMember({ db: systemClient(), tenantSlug: slug, username: 'ada', email: 'ada@e2e.invalid', password });
    const { passkey } = await systemClient().member.update({ where: { id: member.id }, data: { emailVerifiedAt: new Date() }, select: { passkey: true } });

    // Settings: no tokens yet; create one by keyboard (name, tab to the scopes, Enter).
    const page = await logIn(browser(), origin, 'ada', password);
    await page.goto(`${origin}/settings`);
    await page.getByText('No API tokens yet.').waitFor();
    await screenshot(page, '30a-api-tokens-empty');
    await page.getByLabel('Name for a new token').fill('upload script');
    await page.keyboard.press('Tab'); // read (checked)
    await page.keyboard.press('Tab'); // upload
    await page.keyboard.press('Space');
    await page.getByLabel('Name for a new token').press('Enter');
    const secretBox = page.getByLabel('New API token');
    await secretBox.waitFor();
    const token = (await secretBox.innerText()).trim();
    expect(token).toMatch(/^shk_[\w-]{43}$/);
    await page.getByRole('list', { name: 'Your API tokens' }).getByText('read, upload').waitFor();
    await screenshot(page, '30b-api-token-created');
    const auth = ['-H', `Authorization: Bearer ${token}`];

    // Upload through the API with curl, multipart, like an upload tool.
    const upload = curl(`${origin}/api/v1/torrents`, [...auth, '-F', `file=@${torrentFile('Curl.Upload.Linux.ISO')};type=application/x-bittorrent`, '-F', 'category=software', '-F', 'tags=linux,iso', '-F', 'description=Uploaded **by curl**']);
    expect(upload.status, upload.body.toString()).toBe(201);
    const uploaded = jsonOf(upload) as { id: string; infoHash: string; status: string; downloadUrl: string };
    expect(uploaded.status).toBe('approved');
    const audit = await systemClient().auditLog.findFirst({ where: { action: 'api.torrent.upload', targetId: uploaded.id } });
    expect(audit?.actorMemberId).toBe(member.id);

    // Errors are JSON with their status: no token, a bad file, the same token on another community.
    expect(curl(`${origin}/api/v1/torrents`)).toMatchObject({ status: 401, type: expect.stringContaining('application/json') });
    writeFileSync(join(workDir, 'junk.torrent'), 'this is not bencode');
    const junk = curl(`${origin}/api/v1/torrents`, [...auth, '-F', `file=@${join(workDir, 'junk.torrent')}`]);
    expect(junk.status).toBe(400);
    expect((jsonOf(junk).error as { code: string }).code).toBe('BAD_REQUEST');
    const duplicate = curl(`${origin}/api/v1/torrents`, [...auth, '-F', `file=@${torrentFile('Curl.Upload.Linux.ISO')}`]);
    expect(duplicate.status).toBe(409);
    expect(curl(`${otherOrigin}/api/v1/torrents`, auth).status).toBe(401);

    // Search, details and the personalised download through the API.
    const found = jsonOf(curl(`${origin}/api/v1/torrents?q=linux`, auth)) as { items: { id: string }[] };
    expect(found.items.map((item) => item.id)).toEqual([uploaded.id]);
    const details = jsonOf(curl(`${origin}/api/v1/torrents/${uploaded.id}`, auth));
    expect(details).toMatchObject({ infoHash: uploaded.infoHash, tags: ['iso', 'linux'], category: { slug: 'software' } });
    const viaApi = curl(uploaded.downloadUrl, auth);
    expect(viaApi.type).toContain('application/x-bittorrent');
    expect(parseMetainfo(viaApi.body).announce).toContain(passkey);
    const openApi = jsonOf(curl(`${origin}/api/v1/openapi.json`));
    expect(openApi.openapi).toBe('3.1.0');

    // The RSS feed and an item's download link, with the RSS key alone.
    const { rssKey } = await systemClient().member.findUniqueOrThrow({ where: { id: member.id }, select: { rssKey: true } });
    const feed = curl(`${origin}/rss/${rssKey}?category=software`);
    expect(feed.type).toContain('application/rss+xml');
    const items = xml.parse(feed.body.toString('utf8')).rss.channel.item as { title: string; enclosure: { '@url': string } }[];
    expect(items.map((item) => item.title)).toEqual(['Curl.Upload.Linux.ISO']);
    const fromFeed = curl(items[0]!.enclosure['@url']);
    expect(fromFeed.status).toBe(200);
    const metainfo = parseMetainfo(fromFeed.body);
    expect(metainfo.infoHash).toBe(uploaded.infoHash);
    expect(metainfo.announce).toContain(passkey);
    expect(curl(`${otherOrigin}/rss/${rssKey}`).status).toBe(404);

    // Torznab as Prowlarr asks it.
    const caps = xml.parse(curl(`${origin}/api/torznab?t=caps&apikey=${token}`).body.toString('utf8')).caps;
    expect(caps.searching.search['@available']).toBe('yes');
    const results = curl(`${origin}/api/torznab?t=search&q=linux&cat=4000&apikey=${token}`);
    const torznabItems = xml.parse(results.body.toString('utf8')).rss.channel.item as { enclosure: { '@url': string }; 'torznab:attr': { '@name': string; '@value': string }[] }[];
    expect(torznabItems).toHaveLength(1);
    expect(torznabItems[0]!['torznab:attr'].find((attr) => attr['@name'] === 'infohash')?.['@value']).toBe(uploaded.infoHash);
    expect(curl(torznabItems[0]!.enclosure['@url']).status).toBe(200);
    expect(xml.parse(curl(`${otherOrigin}/api/torznab?t=caps&apikey=${token}`).body.toString('utf8')).error['@code']).toBe('100');

    // A second token past its 120 calls a minute: 429 with Retry-After and a JSON message; Torznab says "Request limit reached".
    const busy = await createApiToken({ tenantId: (await systemClient().tenant.findUniqueOrThrow({ where: { slug } })).id, memberId: member.id, name: 'busy indexer', scopes: ['read'] });
    const categoriesUrl = `${origin}/api/v1/categories`;
    const statuses = execFileSync('curl', ['-s', '--resolve', `${slug}.localhost:${env.port}:127.0.0.1`, '-H', `Authorization: Bearer ${busy.token}`, ...Array.from({ length: 120 }, () => ['-o', '/dev/null', '-w', '%{http_code}\\n', categoriesUrl]).flat()], { encoding: 'utf8' });
    expect(statuses.trim().split('\n').filter((status) => status === '200')).toHaveLength(120);
    const limited = curl(categoriesUrl, ['-H', `Authorization: Bearer ${busy.token}`, '-D', join(workDir, 'limited-headers')]);
    expect(limited.status).toBe(429);
    expect((jsonOf(limited).error as { message: string }).message).toMatch(/more than 120 requests in 60 seconds; wait \d+ second/);
    expect(readFileSync(join(workDir, 'limited-headers'), 'utf8')).toMatch(/^retry-after: \d+/im);
    expect(xml.parse(curl(`${origin}/api/torznab?t=caps&apikey=${busy.token}`).body.toString('utf8')).error['@description']).toBe('Request limit reached');

    // Rotating the RSS key in settings breaks the old feed and links at once; revoking the token stops it.
    await page.reload();
    await page.getByRole('button', { name: 'Rotate RSS key' }).click();
    await expect.poll(async () => (await systemClient().member.findUniqueOrThrow({ where: { id: member.id }, select: { rssKey: true } })).rssKey).not.toBe(rssKey);
    expect(curl(`${origin}/rss/${rssKey}`).status).toBe(404);
    expect(curl(items[0]!.enclosure['@url']).status).toBe(404);
    await page.getByRole('button', { name: 'Revoke token upload script' }).click();
    await page.getByRole('button', { name: 'Revoke token upload script' }).waitFor({ state: 'detached' });
    await page.getByRole('list', { name: 'Your API tokens' }).getByText('busy indexer').waitFor();
    await screenshot(page, '30c-api-token-revoked');
    expect(curl(`${origin}/api/v1/torrents`, auth).status).toBe(401);
  });

  it('lists a feed per category, takes IMDb/TMDB ids at upload for Torznab, lets staff map Newznab categories, and rate-limits an RSS key', async () => {
    const slug = `feeds${randomBytes(3).toString('hex')}`;
    const origin = `http://${slug}.localhost:${env.port}`;
    await createTenant({ db: systemClient(), slug, name: 'Feeds E2E' });
    const tenantId = (await systemClient().tenant.findUniqueOrThrow({ where: { slug } })).id;
    const member = await createMember({ db: systemClient(), tenantSlug: slug, username: 'grace', email: 'grace@e2e.invalid', password });
    await systemClient().member.update({ where: { id: member.id }, data: { emailVerifiedAt: new Date() } });
    const staff = await createMember({ db: systemClient(), tenantSlug: slug, username: 'mod', email: 'mod@e2e.invalid', password, role: 'staff' });
    await systemClient().member.update({ where: { id: staff.id }, data: { emailVerifiedAt: new Date() } });
    const { rssKey } = await systemClient().member.findUniqueOrThrow({ where: { id: member.id }, select: { rssKey: true } });

    // Upload from the site's form with an IMDb address and a TMDB id; a wrong IMDb id is refused by name first.
    const page = await logIn(browser(), origin, 'grace', password);
    await page.goto(`${origin}/upload`);
    await page.getByLabel('.torrent file').setInputFiles(torrentFile('The.Prison.Film.1994.1080p'));
    await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Movies' });
    await page.getByLabel('IMDb id (optional)').fill('nm0000151');
    await page.getByLabel('TMDB id (optional)').fill('278');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('the IMDb id must be "tt" followed by 7 to 10 digits').waitFor();
    await page.getByLabel('IMDb id (optional)').fill('https://www.imdb.com/title/tt0111161/');
    await screenshot(page, '31a-upload-with-imdb-id');
    await page.getByLabel('IMDb id (optional)').press('Enter');
    await page.waitForURL(/\/torrents\/[0-9a-f-]{36}$/);
    const filmId = page.url().split('/').pop()!;
    expect(await page.getByTestId('imdb-id').innerText()).toBe('tt0111161');
    expect(await page.getByTestId('tmdb-id').innerText()).toBe('278');

    // Settings shows one feed address per category; the Movies one lists the film and nothing else.
    // The refused attempt stored nothing.
    expect(await systemClient().torrent.count({ where: { tenantId } })).toBe(1);
    await page.goto(`${origin}/settings`);
    const categoryFeeds = page.getByRole('list', { name: 'Category feeds' });
    await categoryFeeds.getByText('Movies:').waitFor();
    const moviesFeed = (await page.getByTestId('rss-category-url-movies').innerText()).trim();
    expect(moviesFeed).toBe(`${origin}/rss/${rssKey}?category=movies`);
    expect((await page.getByTestId('rss-category-url-tv').innerText()).trim()).toBe(`${origin}/rss/${rssKey}?category=tv`);
    await categoryFeeds.scrollIntoViewIfNeeded();
    await screenshot(page, '31b-settings-category-feeds');
    const moviesItems = xml.parse(curl(moviesFeed).body.toString('utf8')).rss.channel.item as { title: string }[];
    expect(moviesItems.map((item) => item.title)).toEqual(['The.Prison.Film.1994.1080p']);
    expect(xml.parse(curl(`${origin}/rss/${rssKey}?category=tv`).body.toString('utf8')).rss.channel.item).toBeUndefined();
    const unknown = curl(`${origin}/rss/${rssKey}?category=nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.toString('utf8')).toContain('there is no category "nope" here');

    // curl uploads a show with its ids through the REST API; Torznab finds each by id and returns the ids as the *arr apps read them.
    const { token } = await createApiToken({ tenantId, memberId: member.id, name: 'Sonarr', scopes: ['read', 'upload'] });
    const show = curl(`${origin}/api/v1/torrents`, ['-H', `Authorization: Bearer ${token}`, '-F', `file=@${torrentFile('Some.Show.S02E03.720p')}`, '-F', 'category=tv', '-F', 'imdb_id=tt0903747', '-F', 'tmdb_id=1396']);
    expect(show.status, show.body.toString()).toBe(201);
    const badId = curl(`${origin}/api/v1/torrents`, ['-H', `Authorization: Bearer ${token}`, '-F', `file=@${torrentFile('Bad.Id')}`, '-F', 'tmdb_id=-3']);
    expect(badId.status).toBe(400);
    expect((jsonOf(badId).error as { message: string }).message).toMatch(/TMDB id must be a positive whole number/);
    const openApi = jsonOf(curl(`${origin}/api/v1/openapi.json`)) as { paths: Record<string, { post?: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } }> };
    expect(Object.keys(openApi.paths['/api/v1/torrents']!.post!.requestBody.content['multipart/form-data']!.schema.properties)).toEqual(expect.arrayContaining(['imdb_id', 'tmdb_id']));
    type Item = { title: string; category: number[]; 'torznab:attr': { '@name': string; '@value': string }[] };
    const torznab = (query: string) => (xml.parse(curl(`${origin}/api/torznab?apikey=${token}&${query}`).body.toString('utf8')).rss.channel.item as Item[] | undefined) ?? [];
    const movie = torznab('t=movie&imdbid=tt0111161');
    expect(movie.map((item) => item.title)).toEqual(['The.Prison.Film.1994.1080p']);
    const attr = (item: Item, name: string) => item['torznab:attr'].filter((a) => a['@name'] === name).map((a) => a['@value']);
    expect([attr(movie[0]!, 'imdb'), attr(movie[0]!, 'imdbid'), attr(movie[0]!, 'tmdbid')]).toEqual([['0111161'], ['tt0111161'], ['278']]);
    expect(torznab('t=movie&tmdbid=278').map((item) => item.title)).toEqual(['The.Prison.Film.1994.1080p']);
    expect(torznab('t=tvsearch&tmdbid=1396&season=2&ep=3').map((item) => item.title)).toEqual(['Some.Show.S02E03.720p']);
    const caps = xml.parse(curl(`${origin}/api/torznab?t=caps&apikey=${token}`).body.toString('utf8')).caps;
    expect(caps.searching['movie-search']['@supportedParams']).toBe('q,imdbid,tmdbid');

    // Staff file Movies under 2040 Movies/HD by keyboard; Torznab's caps, results and cat= follow at once.
    const staffPage = await logIn(browser(), origin, 'mod', password);
    await staffPage.goto(`${origin}/staff`);
    await staffPage.getByRole('link', { name: 'Categories for Torznab (Newznab mapping)' }).click();
    await staffPage.getByRole('heading', { name: 'Categories for Torznab' }).waitFor();
    const moviesRow = staffPage.getByTestId('newznab-row-movies');
    await moviesRow.getByText('guessed from the name').waitFor();
    const select = staffPage.getByLabel('Newznab category for Movies', { exact: true });
    await select.focus();
    await select.selectOption('2040');
    await staffPage.keyboard.press('Tab');
    await staffPage.keyboard.press('Enter');
    await moviesRow.getByRole('status').getByText('Saved').waitFor();
    await moviesRow.getByText('guessed from the name').waitFor({ state: 'detached' });
    await screenshot(staffPage, '31c-staff-newznab-mapping');
    const audit = await systemClient().auditLog.findFirst({ where: { tenantId, action: 'category.newznab' } });
    expect(audit?.actorMemberId).toBe(staff.id);
    const moviesCaps = (xml.parse(curl(`${origin}/api/torznab?t=caps&apikey=${token}`).body.toString('utf8')).caps.categories.category as { '@id': string; subcat: { '@id': string }[] }[]).find((parent) => parent['@id'] === '2000')!;
    expect(moviesCaps.subcat.map((subcat) => subcat['@id'])).toContain('2040');
    expect(torznab('t=search&cat=2040').map((item) => item.title)).toEqual(['The.Prison.Film.1994.1080p']);
    expect(torznab('t=search&cat=2040')[0]!.category.slice(0, 2)).toEqual([2000, 2040]);
    expect(torznab('t=search&cat=2030')).toEqual([]);

    // An RSS key polled 30 times in a minute: the 31st fetch is 429 with Retry-After and a plain message; the download links still work.
    const feedUrl = `${origin}/rss/${rssKey}`;
    const feedStatuses = execFileSync('curl', ['-s', '--resolve', `${slug}.localhost:${env.port}:127.0.0.1`, ...Array.from({ length: 26 }, () => ['-o', '/dev/null', '-w', '%{http_code}\\n', feedUrl]).flat()], { encoding: 'utf8' });
    // With the movies, tv and unknown-category fetches above (each counted), the key has now made 29 fetches.
    expect(feedStatuses.trim().split('\n').filter((status) => status === '200')).toHaveLength(26);
    expect(curl(feedUrl).status).toBe(200);
    const limited = curl(feedUrl, ['-D', join(workDir, 'rss-limited-headers')]);
    expect(limited.status).toBe(429);
    expect(limited.body.toString('utf8')).toMatch(/^Too many requests: this RSS key made more than 30 feed fetches in 60 seconds; wait \d+ second/);
    expect(readFileSync(join(workDir, 'rss-limited-headers'), 'utf8')).toMatch(/^retry-after: \d+/im);
    expect(curl(`${origin}/rss/${rssKey}/download/${filmId}`).status).toBe(200);
  });
});
