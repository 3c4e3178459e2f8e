// Forums in a real browser (issue 15), with a real-time gateway: staff set up a forum
// on /staff/forums; member A starts a topic from the navigation; member B opens it,
// quotes A's post with "Quote" and replies; A's open page shows the reply notification
// live (no reload); staff pin and lock the topic; A sees it locked with no reply form,
// and the forum and index pages show it; staff delete B's reply (reason, confirm, by
// keyboard), its report link says it was deleted, then staff delete the topic.
// Screenshots of the topic page, the forum page, the forum index and the deletions.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createMemberSession, createTenant } from '@swarmhost/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, screenshot } from './browser';
import { freePorts } from '@swarmhost/test-support';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const appsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runId = randomBytes(3).toString('hex');
const SECRET = randomBytes(24).toString('hex');
/** This run's own adapter key: the site and the gateway, nobody else's. */
const ADAPTER_KEY = `e2e-forums-${runId}`;
const children: ChildProcess[] = [];
let ports: { web: number; gateway: number };
let browser: Browser;

function start(args: string[], cwd: string, extra: Record<string, string>): void {
  children.push(spawn(process.execPath, args, { cwd, env: { ...process.env, ...extra }, stdio: ['ignore', 'ignore', 'inherit'] }));
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
const answers = (url: string) => async () => (await fetch(url)).status < 500;
const gatewayConnections = async () => ((await (await fetch(`http://127.0.0.1:${ports.gateway}/healthz`)).json()) as { connections: number }).connections;

beforeAll(async () => {
  const [web, gateway] = await freePorts(2);
  ports = { web, gateway };
  const shared = { DATABASE_URL: env.databaseUrls.owner, DATABASE_APP_URL: env.databaseUrls.app, DATABASE_SYSTEM_URL: env.databaseUrls.system, REALTIME_ADAPTER_KEY: ADAPTER_KEY };
  start(['--import', 'tsx', 'src/main.ts'], join(appsDir, 'realtime'), {
    ...shared, REALTIME_HOST: '127.0.0.1', REALTIME_PORT: String(ports.gateway), REALTIME_TOKEN_SECRET: SECRET, REALTIME_KEY_PREFIX: `swarmhost:rt-forums:${runId}:`,
  });
  start([join(appsDir, 'web/node_modules/next/dist/bin/next'), 'start', '--port', String(ports.web)], join(appsDir, 'web'), {
    ...shared, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', BASE_DOMAIN: `localhost:${ports.web}`, PUBLIC_TRACKER_URL: env.trackerUrl, MAIL_TRANSPORT: 'outbox',
    ALLOW_DEV_OUTBOX: '1', ALLOW_INSECURE_HTTP: '1', REALTIME_TOKEN_SECRET: SECRET, REALTIME_PUBLIC_URL: `http://localhost:${ports.gateway}`,
  });
  await until(answers(`http://127.0.0.1:${ports.gateway}/healthz`), 30_000, 'the gateway');
  await until(answers(`http://localhost:${ports.web}/`), 60_000, 'the site');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exits = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(exits);
  await disconnectAll();
});

async function pageAs(origin: string, tenantId: string, memberId: string): Promise<Page> {
  const session = await createMemberSession({ tenantId, memberId });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addCookies([{ name: 'sh_session', value: session.token, url: origin }]);
  return context.newPage();
}

describe('forums', () => {
  it('A starts a topic, B replies with a quote, A is notified live, staff pin and lock', async () => {
    const slug = `forum${runId}`;
    const origin = `http://${slug}.localhost:${ports.web}`;
    const tenant = await createTenant({ db: systemClient(), slug, name: 'Forum Club' });
    const member = (username: string, role?: 'staff') =>
      createMember({ db: systemClient(), tenantSlug: slug, username, email: `${username}@e2e.invalid`, password: '', passwordHash: 'not-a-login', role });
    const [alice, bob, sam] = [await member('alice'), await member('bob'), await member('sam', 'staff')];

    // Staff set the forum up: a category, then a forum the default group may use.
    const staff = await pageAs(origin, tenant.id, sam.id);
    await staff.goto(`${origin}/staff/forums`);
    await staff.getByText('No categories yet').waitFor();
    await staff.getByLabel('New category').fill('Community');
    await staff.getByRole('button', { name: 'Create category' }).click();
    await staff.getByRole('heading', { name: /Community/ }).waitFor();
    await staff.getByText('Add a forum to Community').click();
    await staff.getByLabel('Forum name').fill('General chatter');
    await staff.getByLabel('Description').fill('Anything about the community');
    expect(await staff.getByLabel('Members may start topics').isChecked()).toBe(true);
    await staff.getByRole('button', { name: 'Create forum' }).click();
    await staff.getByText(/readable by Members/).waitFor();

    // A: the navigation leads to the forums; the empty forum says so; start a topic.
    const a = await pageAs(origin, tenant.id, alice.id);
    await a.goto(`${origin}/`);
    await a.getByRole('link', { name: 'Forums', exact: true }).click();
    await a.waitForURL(`${origin}/forums`);
    await a.getByRole('link', { name: 'General chatter' }).click();
    await a.getByText('No topics yet. Start the first one.').waitFor();
    await a.getByRole('link', { name: 'New topic' }).click();
    await a.getByLabel('Title').fill('Best seeding client?');
    await a.getByRole('textbox', { name: 'Message', exact: true }).fill('I use **qBittorrent**.\nWhat do you use?');
    await a.getByRole('button', { name: 'Start topic' }).click();
    await a.waitForURL(/\/forums\/topics\/[0-9a-f-]{36}$/);
    const topicUrl = a.url();
    await a.getByRole('article', { name: 'Post 1 by alice' }).waitFor();
    expect(await a.getByRole('button', { name: 'Subscribe', exact: true }).count()).toBe(0); // the author is subscribed already
    await a.getByRole('button', { name: 'Unsubscribe' }).waitFor();
    await until(async () => (await gatewayConnections()) >= 2, 15_000, "alice's page to connect to the gateway");

    // B: the index marks the forum unread; open the topic, quote, reply by keyboard.
    const b = await pageAs(origin, tenant.id, bob.id);
    await b.goto(`${origin}/forums`);
    await b.getByText('1 unread').waitFor();
    await b.goto(topicUrl);
    await b.getByRole('button', { name: 'Quote post 1' }).click();
    const reply = b.getByLabel('Your reply');
    expect(await reply.inputValue()).toBe('> **alice** wrote:\n> I use **qBittorrent**.\n> What do you use?\n\n');
    expect(await b.evaluate(() => document.activeElement?.id)).toBe('forum-reply');
    await b.keyboard.press('End');
    await b.keyboard.type('Transmission on my seedbox.');
    await b.keyboard.press('Tab');
    await b.keyboard.press('Enter');
    await b.getByRole('article', { name: 'Post 2 by bob' }).waitFor();
    const quoted = b.getByRole('article', { name: 'Post 2 by bob' }).locator('blockquote');
    expect(await quoted.innerText()).toContain('alice wrote:');

    // A's open page gets the notification without a reload.
    await a.getByTestId('notification-unread').waitFor({ timeout: 15_000 });
    expect(await a.getByTestId('notification-unread').innerText()).toBe('1');
    await a.getByRole('button', { name: /unread notifications/ }).click();
    await a.getByText('bob replied in "Best seeding client?"').waitFor();

    // Staff pin and lock; they may still post in the locked topic.
    await staff.goto(topicUrl);
    await staff.getByRole('button', { name: 'Pin', exact: true }).click();
    await staff.getByRole('button', { name: 'Unpin' }).waitFor();
    await staff.getByRole('button', { name: 'Lock', exact: true }).click();
    await staff.getByRole('button', { name: 'Unlock' }).waitFor();
    await staff.getByText('This topic is locked; as staff you may still post.').waitFor();

    // A: the topic is locked, no reply form, no Quote; the forum page shows both marks.
    await a.goto(topicUrl);
    await a.getByText('This topic is locked: staff closed it to replies.').waitFor();
    expect(await a.getByLabel('Your reply').count()).toBe(0);
    expect(await a.getByRole('button', { name: /Quote post/ }).count()).toBe(0);
    expect(await a.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await screenshot(a, 'forums-a-topic-locked');
    await a.getByRole('link', { name: 'General chatter' }).click();
    const row = a.getByTestId('forum-topic-row').first();
    expect(await row.innerText()).toMatch(/Pinned\s*Locked\s*Best seeding client\?/);
    await screenshot(a, 'forums-b-forum-page');
    await a.goto(`${origin}/forums`);
    await a.getByTestId('forum-index').waitFor();
    expect(await a.getByTestId('forum-index').innerText()).toMatch(/General chatter[\s\S]*1\s+2\s+Best seeding client\?/);
    await screenshot(a, 'forums-c-index');
    await b.goto(topicUrl);
    await screenshot(b, 'forums-d-topic-quote');
    // The home page's block lists the reply.
    await a.goto(`${origin}/`);
    expect(await a.getByTestId('home-forum-posts').innerText()).toContain('Best seeding client?');

    // Staff delete B's reply from the keyboard: the reason, then a confirmation.
    await staff.goto(topicUrl);
    const bobsPostId = (await staff.locator('li#post-2 > span').getAttribute('id'))!.replace('post-', '');
    await staff.getByRole('button', { name: 'Delete post 2' }).focus();
    await staff.keyboard.press('Enter');
    const reason = staff.getByLabel('Why is post 2 deleted?');
    await until(async () => reason.evaluate((element) => element === document.activeElement), 5_000, 'the reason box to take focus');
    await staff.keyboard.type('Off topic for this thread');
    await staff.keyboard.press('Tab');
    await staff.keyboard.press('Enter');
    await staff.getByText(/Delete post 2 for good\?/).waitFor();
    await screenshot(staff, 'forums-e-delete-post-confirm');
    await staff.keyboard.press('Enter');
    await staff.getByText(/^1 posts?$/).waitFor();
    expect(await staff.getByRole('article', { name: 'Post 2 by bob' }).count()).toBe(0);
    // A report's link to the deleted post still opens for staff and says what happened.
    await staff.goto(`${origin}/forums/posts/${bobsPostId}`);
    expect(await staff.getByTestId('deleted-post').innerText()).toMatch(/The post was deleted \(topic “Best seeding client\?”\) by sam on .* Reason: Off topic for this thread\./);
    await screenshot(staff, 'forums-f-deleted-post-link');
    // The whole topic: staff land on its forum, now empty.
    await staff.goto(topicUrl);
    await staff.getByRole('button', { name: /^Delete the topic/ }).click();
    await staff.getByLabel(/^Why is the topic/).fill('Thread has run its course');
    await staff.getByRole('button', { name: 'Continue' }).click();
    await staff.getByRole('button', { name: 'Yes, delete' }).click();
    await staff.getByText('No topics yet. Start the first one.').waitFor();
    await screenshot(staff, 'forums-g-topic-deleted');
  });
});
