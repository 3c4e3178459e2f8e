// Live pages end to end (issue 5): the tracker, a real-time gateway, the background
// worker and the built site run as processes on their own database; aria2c starts
// seeding and the open torrent page's seeder count changes without a reload; two
// members of one community chat in two browsers while a member of another community,
// in a third, receives none of it; staff approve an upload and the uploader's badge
// goes up (through the worker); the gateway the browsers use is killed and they carry
// on through the other one.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from '@swarmhost/bittorrent/bencode';
import { personalise } from '@swarmhost/bittorrent/metainfo';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase, type TestDatabase } from '@swarmhost/db/testing';
import { createMember, createMemberSession, createTenant, registerTorrent } from '@swarmhost/domain';
import { Redis } from 'ioredis';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteQueueKeys } from '../test/support/worker-process';
import { launchChromium, screenshot } from './browser';
import { startFailoverProxy, type FailoverProxy } from './failover-proxy';
import { freePort, freePorts } from '@swarmhost/test-support';

const appsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET = randomBytes(24).toString('hex');
const runId = randomBytes(3).toString('hex');
const children: ChildProcess[] = [];
let database: TestDatabase;
let browser: Browser;
let workDir: string;
let ports: { web: number; tracker: number; gateway: number; spareGateway: number };
let proxy: FailoverProxy;
let firstGateway: ChildProcess;

function start(name: string, args: string[], cwd: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  child.on('exit', () => writeFileSync(join(workDir, `${name}.log`), lines.join('')));
  children.push(child);
  return child;
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (logs in ${workDir})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const answers = (url: string) => async () => (await fetch(url)).status < 500;

async function signedIn(host: string, tenantId: string, memberId: string): Promise<BrowserContext> {
  const session = await createMemberSession({ tenantId, memberId });
  const context = await browser.newContext();
  await context.addCookies([{ name: 'sh_session', value: session.token, url: `http://${host}:${ports.web}` }]);
  return context;
}

let slugA: string;
let slugB: string;
let members: { alice: { id: string; passkey: string }; bob: { id: string }; mallory: { id: string }; sam: { id: string } };
let tenantIds: { a: string; b: string };
let torrent: { id: string; file: Uint8Array };

beforeAll(async () => {
  for (const binary of ['mktorrent', 'aria2c']) execFileSync('which', [binary], { stdio: 'ignore' });
  workDir = mkdtempSync(join(tmpdir(), 'swarmhost-realtime-e2e-'));
  database = await createTestDatabase({ prefix: 'swarmhost_test_realtime_e2e' });
  configureDatabase({ urls: database.urls });
  const [web, tracker, gateway, spareGateway] = await freePorts(4);
  ports = { web, tracker, gateway, spareGateway };
  slugA = `live${runId}`;
  slugB = `other${runId}`;
  const [a, b] = [await createTenant({ db: systemClient(), slug: slugA, name: 'Live A' }), await createTenant({ db: systemClient(), slug: slugB, name: 'Live B' })];
  tenantIds = { a: a.id, b: b.id };
  const member = (slug: string, username: string, role?: 'staff') =>
    createMember({ db: systemClient(), tenantSlug: slug, username, email: `${username}@e2e.invalid`, password: '', passwordHash: 'not-a-login', role });
  members = { alice: await member(slugA, 'alice'), bob: await member(slugA, 'bob'), mallory: await member(slugB, 'mallory'), sam: await member(slugA, 'sam', 'staff') };

  const trackerBase = `http://127.0.0.1:${ports.tracker}`;
  const seedDir = join(workDir, 'seed');
  mkdirSync(seedDir);
  writeFileSync(join(seedDir, 'live.bin'), randomBytes(1024 * 1024));
  execFileSync('mktorrent', ['-a', `${trackerBase}/announce`, '-l', '16', '-o', join(workDir, 'upload.torrent'), join(seedDir, 'live.bin')]);
  const registered = await registerTorrent({
    db: systemClient(),
    tenantId: a.id,
    tenantSlug: slugA,
    uploaderId: members.alice.id,
    torrentFile: new Uint8Array(readFileSync(join(workDir, 'upload.torrent'))),
    trackerBaseUrl: trackerBase,
    status: 'approved',
  });
  torrent = { id: registered.id, file: registered.torrentFile };

  const shared = { DATABASE_URL: database.urls.owner, DATABASE_APP_URL: database.urls.app, DATABASE_SYSTEM_URL: database.urls.system, LOG_LEVEL: 'info' };
  start('tracker', ['--import', 'tsx', 'src/main.ts'], join(appsDir, 'tracker'), {
    ...shared, TRACKER_HOST: '127.0.0.1', TRACKER_PORT: String(ports.tracker), TRACKER_WORKERS: '1', TRACKER_UDP_ENABLED: 'false', TRACKER_KEY_PREFIX: `e2e-live-${runId}:`, FLUSH_INTERVAL: '1',
  });
  // Two gateways behind a load balancer. The tracker emits with the default key
  // "socket.io", so the gateways listen on it.
  const gatewayEnv = (port: number) => ({ ...shared, REALTIME_HOST: '127.0.0.1', REALTIME_PORT: String(port), REALTIME_TOKEN_SECRET: SECRET, REALTIME_KEY_PREFIX: `swarmhost:rt-e2e:${runId}:` });
  firstGateway = start('gateway', ['--import', 'tsx', 'src/main.ts'], join(appsDir, 'realtime'), gatewayEnv(ports.gateway));
  start('gateway-spare', ['--import', 'tsx', 'src/main.ts'], join(appsDir, 'realtime'), gatewayEnv(ports.spareGateway));
  proxy = await startFailoverProxy([ports.gateway, ports.spareGateway]);
  // The worker turns staff decisions (outbox rows) into notifications and chat messages.
  start('worker', ['--import', 'tsx', 'src/main.ts'], join(appsDir, 'worker'), { ...shared, WORKER_QUEUE_PREFIX: `e2e-jobs-${runId}`, WORKER_OUTBOX_POLL_MS: '100' });
  start('web', [join(appsDir, 'web/node_modules/next/dist/bin/next'), 'start', '--port', String(ports.web)], join(appsDir, 'web'), {
    ...shared, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', BASE_DOMAIN: `localhost:${ports.web}`, PUBLIC_TRACKER_URL: trackerBase, MAIL_TRANSPORT: 'outbox',
    ALLOW_DEV_OUTBOX: '1', ALLOW_INSECURE_HTTP: '1',
    REALTIME_TOKEN_SECRET: SECRET, REALTIME_PUBLIC_URL: `http://localhost:${proxy.port}`, TRACKER_KEY_PREFIX: `e2e-live-${runId}:`,
  });
  await until(answers(`${trackerBase}/healthz`), 30_000, 'the tracker');
  await until(answers(`http://127.0.0.1:${ports.gateway}/healthz`), 30_000, 'the gateway');
  await until(answers(`http://127.0.0.1:${ports.spareGateway}/healthz`), 30_000, 'the spare gateway');
  await until(answers(`http://localhost:${ports.web}/`), 60_000, 'the site');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exits = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(exits);
  await disconnectAll();
  await database?.drop();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await deleteQueueKeys(redis, `e2e-jobs-${runId}`);
  redis.disconnect();
  if (process.env.KEEP_E2E_DIR === undefined && workDir) rmSync(workDir, { recursive: true, force: true });
});

const gatewayConnections = async () => ((await (await fetch(`http://127.0.0.1:${ports.gateway}/healthz`)).json()) as { connections: number }).connections;

describe('live pages', () => {
  it("updates the torrent page's seeder count when aria2c starts seeding, without a reload", async () => {
    const context = await signedIn(`${slugA}.localhost`, tenantIds.a, members.alice.id);
    const page = await context.newPage();
    await page.goto(`http://${slugA}.localhost:${ports.web}/torrents/${torrent.id}`);
    const seeders = page.getByTestId('live-seeders');
    await expect.poll(() => seeders.textContent()).toBe('0');
    await until(async () => (await gatewayConnections()) >= 1, 10_000, 'the page to connect to the gateway');
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    // The browse list follows its rows too.
    const browse = await context.newPage();
    await browse.goto(`http://${slugA}.localhost:${ports.web}/torrents`);
    const listed = browse.getByTestId(`live-seeders-${torrent.id}`);
    await expect.poll(() => listed.textContent()).toBe('0');
    await until(async () => (await gatewayConnections()) >= 2, 10_000, 'the browse page to connect to the gateway');
    await browse.evaluate(() => Object.assign(window, { sameDocument: true }));
    // So does a playlist holding it (issue 12).
    const playlist = await systemClient().playlist.create({ data: { tenantId: tenantIds.a, ownerId: members.alice.id, name: 'Live list', items: { create: { tenantId: tenantIds.a, torrentId: torrent.id, position: 0 } } } });
    const playlistPage = await context.newPage();
    await playlistPage.goto(`http://${slugA}.localhost:${ports.web}/playlists/${playlist.id}`);
    const inPlaylist = playlistPage.getByTestId(`live-seeders-${torrent.id}`);
    await expect.poll(() => inPlaylist.textContent()).toBe('0');
    await until(async () => (await gatewayConnections()) >= 3, 10_000, 'the playlist page to connect to the gateway');
    await new Promise((resolve) => setTimeout(resolve, 500));

    const seedTorrent = join(workDir, 'seed.torrent');
    writeFileSync(seedTorrent, personalise(torrent.file, `http://127.0.0.1:${ports.tracker}/${members.alice.passkey}/announce`));
    const aria = spawn('aria2c', [
      '--check-integrity=true', '--seed-ratio=0.0', '--enable-dht=false', '--enable-dht6=false', '--enable-peer-exchange=false', '--bt-enable-lpd=false',
      `--listen-port=${await freePort()}`, '--disable-ipv6=true', '--summary-interval=0', '--console-log-level=warn', `--dir=${join(workDir, 'seed')}`, seedTorrent,
    ], { stdio: 'ignore' });
    children.push(aria);
    await expect.poll(() => seeders.textContent(), { timeout: 30_000, interval: 250 }).toBe('1');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await screenshot(page, 'realtime-torrent-live-seeders');
    await expect.poll(() => listed.textContent(), { timeout: 30_000, interval: 250 }).toBe('1');
    expect(await browse.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await screenshot(browse, 'realtime-browse-live-seeders');
    await expect.poll(() => inPlaylist.textContent(), { timeout: 30_000, interval: 250 }).toBe('1');
    await screenshot(playlistPage, 'realtime-playlist-live-seeders');
    // Alice's own profile lists it among her active torrents once the tracker flushed her peer.
    const profile = await context.newPage();
    await until(async () => {
      await profile.goto(`http://${slugA}.localhost:${ports.web}/profile/alice`);
      return (await profile.getByTestId(`live-seeders-${torrent.id}`).count()) > 0;
    }, 30_000, "the torrent among alice's active torrents");
    await context.close();
  });

  it('carries chat between two members of one community and none of it to another community', async () => {
    const [aliceContext, bobContext, malloryContext] = await Promise.all([
      signedIn(`${slugA}.localhost`, tenantIds.a, members.alice.id),
      signedIn(`${slugA}.localhost`, tenantIds.a, members.bob.id),
      signedIn(`${slugB}.localhost`, tenantIds.b, members.mallory.id),
    ]);
    const [alice, bob, mallory] = await Promise.all([aliceContext.newPage(), bobContext.newPage(), malloryContext.newPage()]);
    await alice.goto(`http://${slugA}.localhost:${ports.web}/chat`);
    await bob.goto(`http://${slugA}.localhost:${ports.web}/chat`);
    await mallory.goto(`http://${slugB}.localhost:${ports.web}/chat`);
    for (const page of [alice, bob, mallory]) await page.getByText('live', { exact: true }).waitFor();

    const text = `hello @bob <b>not bold</b> ${runId}`;
    await alice.getByLabel('Chat message').fill(text);
    await alice.getByRole('button', { name: 'Send' }).click();
    await bob.getByTestId('chat-body').filter({ hasText: text }).waitFor({ timeout: 10_000 });
    expect(await bob.locator('[data-testid=chat-body] b').count()).toBe(0);
    await bob.getByLabel('Chat message').fill(`hi alice ${runId}`);
    await bob.getByRole('button', { name: 'Send' }).click();
    await alice.getByTestId('chat-body').filter({ hasText: `hi alice ${runId}` }).waitFor({ timeout: 10_000 });
    await screenshot(bob, 'realtime-chat-bob');

    await mallory.waitForTimeout(1000);
    expect(await mallory.getByTestId('chat-body').filter({ hasText: runId }).count()).toBe(0);
    await mallory.reload();
    await mallory.getByText('live', { exact: true }).waitFor();
    expect(await mallory.getByTestId('chat-body').filter({ hasText: runId }).count()).toBe(0);
    await Promise.all([aliceContext.close(), bobContext.close(), malloryContext.close()]);
  });

  it("shows the uploader's unread badge go up without a reload when staff approve the upload, and lists it after a reload", async () => {
    const name = `pending-${runId}`;
    const pending = await registerTorrent({
      db: systemClient(),
      tenantId: tenantIds.a,
      tenantSlug: slugA,
      uploaderId: members.bob.id,
      torrentFile: new Uint8Array(encode({ announce: 'http://x.invalid/announce', info: { length: 5, name, 'piece length': 16384, pieces: Buffer.alloc(20, 7) } })),
      trackerBaseUrl: `http://127.0.0.1:${ports.tracker}`,
      status: 'pending',
    });
    const [bobContext, samContext] = await Promise.all([
      signedIn(`${slugA}.localhost`, tenantIds.a, members.bob.id),
      signedIn(`${slugA}.localhost`, tenantIds.a, members.sam.id),
    ]);
    // Bob's mention from the chat test is read already: his badge starts empty.
    await systemClient().notification.updateMany({ where: { memberId: members.bob.id, readAt: null }, data: { readAt: new Date() } });
    const bob = await bobContext.newPage();
    await bob.goto(`http://${slugA}.localhost:${ports.web}/torrents`);
    await bob.getByRole('link', { name: 'Chat' }).waitFor();
    await until(async () => (await gatewayConnections()) >= 1, 10_000, "bob's page to connect to the gateway");
    await bob.evaluate(() => Object.assign(window, { sameDocument: true }));
    expect(await bob.getByTestId('notification-unread').count()).toBe(0);

    const sam = await samContext.newPage();
    await sam.goto(`http://${slugA}.localhost:${ports.web}/torrents/${pending.id}`);
    await sam.getByRole('button', { name: 'Approve', exact: true }).click();

    await expect.poll(() => bob.getByTestId('notification-unread').textContent().catch(() => null), { timeout: 30_000, interval: 250 }).toBe('1');
    expect(await bob.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await screenshot(bob, 'realtime-notification-badge');

    await bob.reload();
    await bob.goto(`http://${slugA}.localhost:${ports.web}/notifications`);
    await bob.getByTestId('notification-list').getByText(`Your upload "${name}" was approved`).waitFor({ timeout: 10_000 });
    await expect.poll(() => bob.getByTestId('notification-unread').textContent().catch(() => null), { timeout: 20_000, interval: 250 }).toBe('1');
    await screenshot(bob, 'realtime-notifications-page');
    await Promise.all([bobContext.close(), samContext.close()]);
  });

  it('keeps chat going when the gateway the browsers use is killed', async () => {
    const [aliceContext, bobContext] = await Promise.all([
      signedIn(`${slugA}.localhost`, tenantIds.a, members.alice.id),
      signedIn(`${slugA}.localhost`, tenantIds.a, members.bob.id),
    ]);
    const [alice, bob] = await Promise.all([aliceContext.newPage(), bobContext.newPage()]);
    for (const page of [alice, bob]) {
      await page.goto(`http://${slugA}.localhost:${ports.web}/chat`);
      await page.getByText('live', { exact: true }).waitFor();
    }
    const exited = new Promise((resolve) => firstGateway.once('exit', resolve));
    firstGateway.kill('SIGKILL');
    await exited;
    // socket.io-client reconnects by itself; the panel rejoins and asks for what it missed.
    for (const page of [alice, bob]) await page.getByText('live', { exact: true }).waitFor({ timeout: 20_000 });
    const text = `after the failover ${runId}`;
    await alice.getByLabel('Chat message').fill(text);
    await alice.getByRole('button', { name: 'Send' }).click();
    await bob.getByTestId('chat-body').filter({ hasText: text }).waitFor({ timeout: 10_000 });
    const spare = (await (await fetch(`http://127.0.0.1:${ports.spareGateway}/healthz`)).json()) as { connections: number };
    expect(spare.connections).toBeGreaterThanOrEqual(2);
    await Promise.all([aliceContext.close(), bobContext.close()]);
  });
});
