// The whole journey in a real browser: an operator creates a community; a visitor
// registers, enrols TOTP and logs in with it, registers a passkey and logs in with it
// alone, uploads a .torrent made by mktorrent, finds it with a typo, downloads their
// personalised copy; a member of another community gets not-found for it.
import { request as httpRequest } from 'node:http';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentTotpCode } from '@swarmhost/auth/totp';
import { parseMetainfo } from '@swarmhost/bittorrent/metainfo';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addVirtualAuthenticator, launchChromium, screenshot } from './browser';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const origin = (host: string) => `http://${host}localhost:${env.port}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await disconnectAll();
});

async function createCommunity(page: Page, slug: string, name: string) {
  await page.getByLabel('Slug').fill(slug);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Registration').selectOption('open');
  await page.getByRole('button', { name: 'Create community' }).click();
  await page.getByText(`Live now at http://${slug}.localhost:${env.port}`).waitFor();
}

/** Fetches from inside the page (Chromium resolves *.localhost; Node's resolver does not). */
async function fetchInPage(page: Page, url: string): Promise<{ status: number; bytes: Buffer }> {
  const result = await page.evaluate(async (target) => {
    const response = await fetch(target, { credentials: 'include' });
    return { status: response.status, bytes: Array.from(new Uint8Array(await response.arrayBuffer())) };
  }, url);
  return { status: result.status, bytes: Buffer.from(result.bytes) };
}

async function register(page: Page, host: string, username: string, password: string) {
  await page.goto(`${origin(host)}/register`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('E-mail').fill(`${username}@e2e.invalid`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${origin(host)}/`);
}

/** Follows the verification link from the dev outbox page (served by `next start`, NODE_ENV=production). */
async function confirmEmail(page: Page, host: string, username: string) {
  await page.goto(`${origin(host)}/dev/outbox`);
  await page.getByRole('heading', { name: 'Dev outbox' }).waitFor();
  const mails = await page.getByText(`To ${username}@e2e.invalid`).locator('..').allTextContents();
  const link = mails.join('\n').match(/https?:\/\/\S+verify-email\?token=[\w-]+/)?.[0];
  expect(link, 'a verification mail on /dev/outbox').toBeDefined();
  await page.goto(link!);
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await page.getByText('Your e-mail address is confirmed.').waitFor();
  await page.goto(`${origin(host)}/torrents`);
}

describe('a community from creation to download', () => {
  const slug = `e2e${randomBytes(3).toString('hex')}`;
  const otherSlug = `${slug}x`;
  const password = 'member e2e password';

  it('runs the whole journey', async () => {
    // Operator: password + TOTP on the bare base host, then two communities.
    const operatorPage = await (await browser.newContext()).newPage();
    await operatorPage.goto(`${origin('')}/`);
    await operatorPage.getByLabel('Username or e-mail').fill(env.operator.username);
    await operatorPage.getByLabel('Password').fill(env.operator.password);
    await operatorPage.getByRole('button', { name: 'Log in', exact: true }).click();
    await operatorPage.getByLabel('Authentication code').fill(await currentTotpCode(env.operator.totpSecret));
    await operatorPage.getByRole('button', { name: 'Verify' }).click();
    await operatorPage.getByRole('heading', { name: 'Tenants' }).waitFor();
    await createCommunity(operatorPage, slug, 'E2E Community');
    await createCommunity(operatorPage, otherSlug, 'Other Community');
    await operatorPage.reload();
    await operatorPage.getByTestId(`tenant-${slug}`).waitFor();
    await screenshot(operatorPage, '01-operator-console');

    // Visitor registers on <slug>.localhost.
    const context = await browser.newContext();
    const page = await context.newPage();
    await register(page, `${slug}.`, 'vera', password);
    // Until the e-mail address is confirmed she may browse but not upload.
    await page.getByTestId('verification-notice').waitFor();
    await screenshot(page, '02-torrents-empty');
    await confirmEmail(page, `${slug}.`, 'vera');

    // Enrol TOTP, log out, log in with password + a fresh code.
    await page.goto(`${origin(`${slug}.`)}/settings`);
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    await screenshot(page, '03-totp-enrolment');
    await page.getByLabel('Code from the app').fill(await currentTotpCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.waitForURL(`${origin(`${slug}.`)}/login`);
    await page.getByLabel('Username or e-mail').fill('vera');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    // The enrolment code's time step is spent; the authenticator's next code is accepted.
    await page.getByLabel('Authentication code').fill(await currentTotpCode(secret, new Date(Date.now() + 30_000)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${origin(`${slug}.`)}/`);

    // Register a passkey with the virtual authenticator; log in with it alone.
    await addVirtualAuthenticator(page);
    await page.goto(`${origin(`${slug}.`)}/settings`);
    await page.getByLabel('Name for a new passkey').fill('Virtual key');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByTestId('passkey-list').getByText('Virtual key').waitFor();
    await screenshot(page, '04-settings-passkey');
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.waitForURL(`${origin(`${slug}.`)}/login`);
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    await page.waitForURL(`${origin(`${slug}.`)}/`);

    // Upload a .torrent made by mktorrent.
    const workDir = mkdtempSync(join(tmpdir(), 'swarmhost-e2e-'));
    const contentDir = join(workDir, 'Sintel-Directors-Cut');
    execFileSync('mkdir', ['-p', contentDir]);
    writeFileSync(join(contentDir, 'sintel.mkv'), randomBytes(300_000));
    writeFileSync(join(contentDir, 'readme.txt'), 'An open movie.');
    const torrentPath = join(workDir, 'sintel.torrent');
    execFileSync('mktorrent', ['-a', 'http://example.invalid/announce', '-o', torrentPath, contentDir], { stdio: 'ignore' });
    await page.goto(`${origin(`${slug}.`)}/upload`);
    await page.getByLabel('.torrent file').setInputFiles(torrentPath);
    await page.getByLabel('Tags').fill('open-movie, 1080p');
    await page.getByLabel('Description').fill('# Sintel\n\nA **Blender** open movie. <script>alert(1)</script>');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/torrents\/[0-9a-f-]{36}$/);
    const torrentId = page.url().split('/').at(-1) ?? '';
    await page.getByRole('heading', { name: 'Sintel-Directors-Cut' }).waitFor();
    expect(await page.locator('.prose-description script').count()).toBe(0);
    await screenshot(page, '05-torrent-page');

    // Search with a typo.
    await page.goto(`${origin(`${slug}.`)}/torrents?q=Sintle`);
    await page.getByRole('link', { name: 'Sintel-Directors-Cut' }).waitFor();
    await screenshot(page, '06-search-typo');

    // Download: the announce URL carries this member's passkey.
    const download = await fetchInPage(page, `${origin(`${slug}.`)}/torrents/${torrentId}/download`);
    expect(download.status).toBe(200);
    const bytes = download.bytes;
    const member = await systemClient().member.findFirst({ where: { username: 'vera', tenant: { slug } }, select: { passkey: true } });
    const metainfo = parseMetainfo(bytes);
    expect(metainfo.announce).toBe(`${env.trackerUrl}/${member?.passkey}/announce`);
    expect(metainfo.private).toBe(true);
    const downloadedPath = join(workDir, 'personal.torrent');
    writeFileSync(downloadedPath, bytes);
    expect(execFileSync('transmission-show', [downloadedPath]).toString()).toContain(`/${member?.passkey}/announce`);

    // A member of the other community gets not-found for it, page and download.
    const otherPage = await (await browser.newContext()).newPage();
    await register(otherPage, `${otherSlug}.`, 'otto', password);
    const response = await otherPage.goto(`${origin(`${otherSlug}.`)}/torrents/${torrentId}`);
    expect(response?.status()).toBe(404);
    await otherPage.getByRole('heading', { name: 'Not found' }).waitFor();
    await screenshot(otherPage, '07-other-tenant-not-found');
    const foreignDownload = await fetchInPage(otherPage, `${origin(`${otherSlug}.`)}/torrents/${torrentId}/download`);
    expect(foreignDownload.status).toBe(404);
    // And vera's session cookie does not reach the other community's host.
    await page.goto(`${origin(`${otherSlug}.`)}/login`);
    const crossHost = await fetchInPage(page, `${origin(`${otherSlug}.`)}/torrents/${torrentId}/download`);
    expect(crossHost.status).toBe(401);
    // A mutation posted from another site is refused before it runs (CSRF), with vera's cookies.
    const siteUrl = new URL(origin(`${otherSlug}.`));
    const forged = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: siteUrl.port, method: 'POST', path: '/api/trpc/auth.logoutEverywhere',
          headers: { host: siteUrl.host, origin: 'http://attacker.example', 'content-type': 'application/json' } },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', reject);
      request.end('{}');
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('cross-site requests are refused');
    // A request body past the upload's ceiling is cut off unread (413), not buffered whole.
    await page.goto(`${origin(`${slug}.`)}/upload`);
    const oversized = await page.evaluate(async () => {
      const response = await fetch('/api/trpc/torrents.upload', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fileBase64: 'A'.repeat(20 * 1024 * 1024) }),
      });
      return { status: response.status, body: await response.text() };
    });
    expect(oversized.status).toBe(413);
    expect(oversized.body).toContain('PAYLOAD_TOO_LARGE');
  });
});
