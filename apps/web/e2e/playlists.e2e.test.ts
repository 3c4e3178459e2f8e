// Playlists in a real browser (issue 12): a member creates a playlist from /playlists,
// adds torrents from a torrent page and from browse rows (keyboard-opened disclosure),
// uploads a cover, reorders with the keyboard only (focus stays on the moved row's
// button), downloads "Download all" as a zip and opens one .torrent from it with
// transmission-show: the info hash is the one the torrent page shows and the announce URL
// carries the member's passkey. Another member gets a 404 for a private playlist (page,
// zip and cover) and sees the public one without the owner's tools. Screenshots:
// 20a-20g in e2e/artifacts; profiles show playlists and say "not seeding"; /chat opens
// the first room when there is no "general".
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from '@swarmhost/bittorrent/bencode';
import { configureDatabase } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant, uploadTorrent } from '@swarmhost/domain';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn as logInAs } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const password = 'playlists e2e password';

const browser = chromiumForFile();

function torrentFile(name: string): Uint8Array {
  const pieces = createHash('sha1').update(name).digest();
  return new Uint8Array(encode({ announce: 'http://x.invalid/announce', info: { length: 1000 + name.length, name, 'piece length': 16384, pieces } }));
}

/** Fetches from inside the page (Chromium resolves *.localhost; Node's resolver does not). */
async function statusInPage(page: Page, url: string) {
  return page.evaluate(async (target) => {
    const response = await fetch(target);
    return { status: response.status, type: response.headers.get('content-type') ?? '', nosniff: response.headers.get('x-content-type-options') ?? '' };
  }, url);
}

const logIn = (origin: string, username: string): Promise<Page> => logInAs(browser(), origin, username, password, { acceptDownloads: true });

const rowNames = (page: Page) => page.getByTestId('playlist-row').locator('td:nth-child(2)').allInnerTexts();

describe('playlists', () => {
  it('builds, reorders by keyboard, zips, and hides a private playlist', async () => {
    const slug = `pl${randomBytes(3).toString('hex')}`;
    const origin = `http://${slug}.localhost:${env.port}`;
    const tenant = await createTenant({ db: systemClient(), slug, name: 'Playlists E2E' });
    const staff = await createMember({ db: systemClient(), tenantSlug: slug, username: 'stella', email: 'stella@e2e.invalid', password, role: 'staff' });
    const olive = await createMember({ db: systemClient(), tenantSlug: slug, username: 'olive', email: 'olive@e2e.invalid', password });
    const ottoMember = await createMember({ db: systemClient(), tenantSlug: slug, username: 'otto', email: 'otto@e2e.invalid', password });
    await systemClient().member.updateMany({ where: { id: { in: [olive.id, ottoMember.id] } }, data: { emailVerifiedAt: new Date() } });
    const names = ['Alpha.Album.FLAC', 'Bravo.Linux.ISO', 'Charlie.Docs.PDF'];
    const torrents: { id: string; infoHash: string; name: string }[] = [];
    for (const name of names) {
      const uploaded = await uploadTorrent({ tenant: { id: tenant.id, slug, settings: {} }, uploaderId: staff.id, torrentFile: torrentFile(name), trackerBaseUrl: env.trackerUrl });
      await systemClient().torrent.update({ where: { id: uploaded.id }, data: { status: 'approved' } });
      torrents.push({ id: uploaded.id, infoHash: uploaded.infoHash, name: uploaded.name });
    }
    const [alpha, bravo, charlie] = torrents as [typeof torrents[number], typeof torrents[number], typeof torrents[number]];

    // /playlists starts empty; the form makes a public playlist and opens it.
    const page = await logIn(origin, 'olive');
    await page.goto(`${origin}/playlists`);
    await page.getByTestId('playlists-empty').waitFor();
    await screenshot(page, '20a-playlists-empty');
    await page.getByLabel('Name').fill('Road Trip');
    await page.getByLabel('Description').fill('Songs for **the road**. <script>alert(1)</script>');
    await page.getByRole('button', { name: 'Create playlist' }).click();
    await page.waitForURL(/\/playlists\/[0-9a-f-]{36}$/);
    const playlistUrl = page.url();
    const playlistId = playlistUrl.split('/').pop()!;
    await page.getByTestId('playlist-empty').waitFor();
    expect(await page.locator('.prose-description strong').innerText()).toBe('the road');
    expect(await page.locator('.prose-description script').count()).toBe(0);

    // From the torrent page, keyboard only: focus the disclosure, open it, add.
    await page.goto(`${origin}/torrents/${alpha.id}`);
    const alphaHash = await page.getByTestId('info-hash').innerText();
    expect(alphaHash).toBe(alpha.infoHash);
    await page.locator('summary', { hasText: 'Add to playlist' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '+ Road Trip' }).waitFor();
    await screenshot(page, '20f-add-to-playlist');
    await page.getByRole('button', { name: '+ Road Trip' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Added to Road Trip.' }).waitFor();

    // From browse rows.
    await page.goto(`${origin}/torrents`);
    for (const torrent of [bravo, charlie]) {
      const disclosure = page.getByTestId('add-to-playlist').filter({ hasText: `Add to playlist: ${torrent.name}` });
      await disclosure.locator('summary').click();
      await disclosure.getByRole('button', { name: '+ Road Trip' }).click();
      await disclosure.getByRole('status').filter({ hasText: 'Added to Road Trip.' }).waitFor();
    }

    // A real PNG (a screenshot of the indigo "Download all" button) as the cover.
    await page.goto(playlistUrl);
    expect(await rowNames(page)).toEqual(names);
    const png = await page.getByTestId('download-all').screenshot();
    await page.getByLabel('Image').setInputFiles({ name: 'cover.txt', mimeType: 'text/plain', buffer: png });
    await page.getByRole('button', { name: 'Upload cover' }).click();
    await page.getByTestId('playlist-cover').waitFor();
    const cover = await statusInPage(page, `${origin}/playlists/${playlistId}/cover`);
    expect(cover).toEqual({ status: 200, type: 'image/png', nosniff: 'nosniff' });
    // Not an image, whatever it is called: refused with the reason.
    await page.getByLabel('Image').setInputFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload=alert(1)>') });
    await page.getByRole('button', { name: 'Upload cover' }).click();
    await page.getByText('cover: must be a PNG, JPEG or WebP image').waitFor();

    // Reorder with the keyboard only: Alpha down twice; focus stays on its button.
    await page.getByRole('button', { name: `Move down: ${alpha.name}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rowNames(page)).toEqual([bravo.name, alpha.name, charlie.name]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`move-down-${alpha.id}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => rowNames(page)).toEqual([bravo.name, charlie.name, alpha.name]);
    // Alpha is last now: its Move down is disabled, so focus moved to its Move up.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`move-up-${alpha.id}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => rowNames(page)).toEqual([bravo.name, alpha.name, charlie.name]);
    await page.reload();
    expect(await rowNames(page)).toEqual([bravo.name, alpha.name, charlie.name]);
    await screenshot(page, '20b-playlist-owner');

    // Download all: a zip whose first file is Bravo's .torrent for olive.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-all').click()]);
    expect(download.suggestedFilename()).toBe('Road Trip.zip');
    const dir = mkdtempSync(join(tmpdir(), 'playlist-e2e-'));
    try {
      await download.saveAs(join(dir, 'all.zip'));
      execFileSync('unzip', ['-q', 'all.zip', '-d', 'out'], { cwd: dir });
      const files = readdirSync(join(dir, 'out')).sort();
      expect(files).toEqual([`1 ${bravo.name}.torrent`, `2 ${alpha.name}.torrent`, `3 ${charlie.name}.torrent`].map((name) => name.replace(/^(\d) /, '0$1 ')));
      const shown = execFileSync('transmission-show', [join(dir, 'out', files[1]!)], { encoding: 'utf8' });
      const hash = /Hash(?: v1)?: ([0-9a-f]{40})/.exec(shown)?.[1];
      expect(hash).toBe(alphaHash);
      expect(shown).toContain(olive.passkey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A private playlist, then the public list.
    await page.goto(`${origin}/playlists`);
    await page.getByLabel('Name').fill('Secret Stash');
    await page.getByLabel('Only me (private)').check();
    await page.getByRole('button', { name: 'Create playlist' }).click();
    await page.waitForURL(/\/playlists\/[0-9a-f-]{36}$/);
    const secretId = page.url().split('/').pop()!;
    await page.getByText('Private playlist by olive').waitFor();
    await page.goto(`${origin}/playlists?sort=most-torrents`);
    expect(await page.getByTestId('playlist-cards').locator('li').allInnerTexts()).toEqual([expect.stringContaining('Road Trip')]);
    await screenshot(page, '20c-playlists-list');
    await page.goto(`${origin}/playlists?q=nothing-like-this`);
    await page.getByText('No public playlist matches these words').waitFor();

    // Otto: the private one is a 404 everywhere; the public one is read-only.
    const otto = await logIn(origin, 'otto');
    const secretPage = await otto.goto(`${origin}/playlists/${secretId}`);
    expect(secretPage?.status()).toBe(404);
    await screenshot(otto, '20d-private-playlist-404');
    expect((await statusInPage(otto, `${origin}/playlists/${secretId}/download`)).status).toBe(404);
    expect((await statusInPage(otto, `${origin}/playlists/${secretId}/cover`)).status).toBe(404);
    await otto.goto(playlistUrl);
    expect(await rowNames(otto)).toEqual([bravo.name, alpha.name, charlie.name]);
    expect(await otto.getByRole('button', { name: /Move (up|down)/ }).count()).toBe(0);
    expect(await otto.getByRole('heading', { name: 'Edit playlist' }).count()).toBe(0);
    await screenshot(otto, '20e-playlist-visitor');

    // Profiles: olive sees both her playlists and plain words for an empty swarm list;
    // otto sees only the public one.
    await page.goto(`${origin}/profile/olive`);
    expect(await page.getByTestId('playlist-cards').locator('a').allInnerTexts()).toEqual(['Secret Stash', 'Road Trip']);
    expect(await page.getByTestId('torrent-table-empty').allInnerTexts()).toEqual(['You are not seeding anything right now.', 'You are not leeching anything right now.']);
    await screenshot(page, '20g-profile-playlists');
    await otto.goto(`${origin}/profile/olive`);
    expect(await otto.getByTestId('playlist-cards').locator('a').allInnerTexts()).toEqual(['Road Trip']);

    // Chat in a community without a "general" room (the seed makes "lobby"): /chat opens
    // the first room and lists the rooms.
    await systemClient().chatRoom.deleteMany({ where: { tenantId: tenant.id, slug: 'general' } });
    await systemClient().chatRoom.create({ data: { tenantId: tenant.id, slug: 'lobby', name: 'Lobby', topic: 'Say hello' } });
    await otto.goto(`${origin}/chat`);
    await otto.getByRole('navigation', { name: 'Chat rooms' }).getByRole('link', { name: '#Lobby' }).waitFor();
    expect(await otto.locator('[aria-current="page"]', { hasText: '#Lobby' }).count()).toBe(1);
    expect(await otto.getByText('there is no chat room').count()).toBe(0);
  });
});
