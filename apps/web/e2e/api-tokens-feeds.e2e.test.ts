// API tokens, the upload API, RSS and Torznab as a member and their tools use them
// (issue 15): the member creates a token in Settings with Chromium (screenshots
// 30a-30c), then curl — a real HTTP client, no cookie — uploads a .torrent through
// /api/v1 with it, reads the RSS feed and downloads an item's .torrent (the member's
// passkey in its announce URL), and asks Torznab for caps and results. The same token
// and RSS key on another community's host get nothing; rotating the RSS key and
// revoking the token in Settings stop them at once.
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
});
