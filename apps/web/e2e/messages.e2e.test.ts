// Private messages in real browsers (issue 15): a gateway, the worker and the built site
// run as processes on their own database. Alice writes to Bob from his profile by
// keyboard; Bob's open page shows the unread count go to 1 without a reload (outbox →
// worker → gateway); he opens the inbox and the conversation, which clears the count,
// and replies with Ctrl+Enter; Alice's open conversation shows the reply live. A member
// not in the conversation gets a 404 for it. A 205-message conversation opens on its
// newest 100; "Load older messages" (keyboard) brings the rest, each once, in order.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase, type TestDatabase } from '@swarmhost/db/testing';
import { createMember, createMemberSession, createTenant } from '@swarmhost/domain';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteQueueKeys } from '../test/support/worker-process';
import { launchChromium, screenshot } from './browser';
import { freePorts } from '@swarmhost/test-support';

const appsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET = randomBytes(24).toString('hex');
const runId = randomBytes(3).toString('hex');
const children: ChildProcess[] = [];
let database: TestDatabase;
let browser: Browser;
let workDir: string;
let ports: { web: number; gateway: number };
let tenantId: string;
let members: Record<'alice' | 'bob' | 'carol', { id: string; username: string }>;
const slug = `pm${runId}`;

function start(name: string, args: string[], cwd: string, env: Record<string, string>): void {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  child.on('exit', () => writeFileSync(join(workDir, `${name}.log`), lines.join('')));
  children.push(child);
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (logs in ${workDir})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const answers = (url: string) => async () => (await fetch(url)).status < 500;
const origin = () => `http://${slug}.localhost:${ports.web}`;

async function pageAs(member: { id: string }): Promise<Page> {
  const session = await createMemberSession({ tenantId, memberId: member.id });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'sh_session', value: session.token, url: origin() }]);
  return context.newPage();
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'swarmhost-messages-e2e-'));
  database = await createTestDatabase({ prefix: 'swarmhost_test_messages_e2e' });
  configureDatabase({ urls: database.urls });
  const [web, gateway] = await freePorts(2);
  ports = { web, gateway };
  const tenant = await createTenant({ db: systemClient(), slug, name: 'Messages E2E' });
  tenantId = tenant.id;
  const member = (username: string) =>
    createMember({ db: systemClient(), tenantSlug: slug, username, email: `${username}@e2e.invalid`, password: '', passwordHash: 'not-a-login' });
  members = { alice: await member('alice'), bob: await member('bob'), carol: await member('carol') };

  const shared = { DATABASE_URL: database.urls.owner, DATABASE_APP_URL: database.urls.app, DATABASE_SYSTEM_URL: database.urls.system, LOG_LEVEL: 'info' };
  start('gateway', ['--import', 'tsx', 'src/main.ts'], join(appsDir, 'realtime'), {
    ...shared, REALTIME_HOST: '127.0.0.1', REALTIME_PORT: String(ports.gateway), REALTIME_TOKEN_SECRET: SECRET, REALTIME_KEY_PREFIX: `swarmhost:rt-pm-e2e:${runId}:`,
  });
  // The worker turns each message's outbox row into the recipients' live unread counts.
  start('worker', ['--import', 'tsx', 'src/main.ts'], join(appsDir, 'worker'), { ...shared, WORKER_QUEUE_PREFIX: `e2e-pm-jobs-${runId}`, WORKER_OUTBOX_POLL_MS: '100' });
  start('web', [join(appsDir, 'web/node_modules/next/dist/bin/next'), 'start', '--port', String(ports.web)], join(appsDir, 'web'), {
    ...shared, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', BASE_DOMAIN: `localhost:${ports.web}`, PUBLIC_TRACKER_URL: 'http://127.0.0.1:6969', MAIL_TRANSPORT: 'outbox',
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
  await database?.drop();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await deleteQueueKeys(redis, `e2e-pm-jobs-${runId}`);
  redis.disconnect();
  if (process.env.KEEP_E2E_DIR === undefined && workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('private messages', () => {
  it('sends a message, the recipient sees the unread count live, opens it and replies', async () => {
    const bob = await pageAs(members.bob);
    await bob.goto(`${origin()}/messages`);
    await bob.getByTestId('inbox-empty').waitFor();
    expect(await bob.getByTestId('messages-unread').count()).toBe(0);
    // Wait until Bob's page holds its gateway socket, so the push has somewhere to go.
    await until(async () => ((await (await fetch(`http://127.0.0.1:${ports.gateway}/healthz`)).json()) as { connections: number }).connections >= 1, 20_000, "Bob's socket");
    await screenshot(bob, '40a-messages-inbox-empty');

    // Alice starts from Bob's profile, by keyboard.
    const alice = await pageAs(members.alice);
    await alice.goto(`${origin()}/profile/bob`);
    await alice.getByRole('link', { name: 'Send message' }).focus();
    await alice.keyboard.press('Enter');
    await alice.waitForURL(`${origin()}/messages/new?to=bob`);
    expect(await alice.getByLabel('To').inputValue()).toBe('bob');
    await alice.getByLabel('Subject').fill('Seeding the FLAC box set');
    await alice.keyboard.press('Tab');
    await alice.keyboard.type('Could you **reseed** it tonight? <script>alert(1)</script>');
    await alice.keyboard.press('Tab');
    await alice.keyboard.press('Enter');
    await alice.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    const conversationUrl = alice.url();
    await alice.getByText('Could you').waitFor();
    expect(await alice.locator('[data-testid="pm-message"] strong').innerText()).toBe('reseed');
    expect(await alice.locator('[data-testid="pm-message"] script').count()).toBe(0);

    // Bob's open inbox: the navigation's unread count goes to 1 without a reload.
    await expect.poll(() => bob.getByTestId('messages-unread').textContent().catch(() => null), { timeout: 30_000, interval: 250 }).toBe('1');
    expect(await bob.getByTestId('inbox-empty').count()).toBe(1);
    await bob.getByTestId('nav-messages').focus();
    await bob.keyboard.press('Enter');
    await bob.getByTestId('inbox-unread').waitFor();
    expect(await bob.getByTestId('inbox-row').innerText()).toMatch(/Seeding the FLAC box set\s*1 new/);
    await screenshot(bob, '40b-messages-inbox-unread');

    await bob.getByRole('link', { name: /Seeding the FLAC box set/ }).click();
    await bob.waitForURL(conversationUrl);
    await bob.getByText('new', { exact: true }).waitFor();
    await expect.poll(() => bob.getByTestId('messages-unread').count(), { timeout: 10_000 }).toBe(0);
    await screenshot(bob, '40c-messages-conversation');

    // Bob replies with Ctrl+Enter; Alice's open conversation shows it without a reload.
    await bob.getByLabel('Your reply').focus();
    await bob.keyboard.type('Sure, from 20:00 UTC.');
    await bob.keyboard.press('Control+Enter');
    await bob.getByText('Sure, from 20:00 UTC.').waitFor();
    await alice.getByText('Sure, from 20:00 UTC.').waitFor({ timeout: 30_000 });
    await screenshot(alice, '40d-messages-reply-live');

    // Carol is not in it: the same 404 as a conversation that does not exist.
    const carol = await pageAs(members.carol);
    const response = await carol.goto(conversationUrl);
    expect(response?.status()).toBe(404);
    const rows = await systemClient().privateMessage.findMany({ where: { tenantId }, orderBy: { seq: 'asc' }, select: { seq: true, authorId: true } });
    expect(rows).toEqual([{ seq: 1, authorId: members.alice.id }, { seq: 2, authorId: members.bob.id }]);
  });

  it('loads older messages 100 at a time from the keyboard until the first one', async () => {
    const total = 205;
    const { id: conversationId } = await systemClient().conversation.create({
      data: { tenantId, subject: 'Long thread', createdById: members.alice.id, lastSeq: total },
      select: { id: true },
    });
    const people = [members.alice, members.carol];
    await systemClient().conversationParticipant.createMany({ data: people.map((person) => ({ tenantId, conversationId, memberId: person.id, lastReadSeq: total })) });
    const start = Date.now() - total * 60_000;
    await systemClient().privateMessage.createMany({
      data: Array.from({ length: total }, (_, index) => ({
        tenantId, conversationId, seq: index + 1, authorId: people[index % 2]!.id, body: `message ${index + 1}`, createdAt: new Date(start + index * 60_000),
      })),
    });
    const carol = await pageAs(members.carol);
    await carol.goto(`${origin()}/messages/${conversationId}`);
    const bodies = () => carol.locator('[data-testid="pm-message"] .prose-description').allInnerTexts();
    expect(await bodies()).toHaveLength(100);
    const loadOlder = carol.getByRole('button', { name: 'Load older messages' });
    await loadOlder.focus();
    await carol.keyboard.press('Enter');
    await expect.poll(async () => (await bodies()).length, { timeout: 10_000 }).toBe(200);
    expect(await loadOlder.evaluate((element) => element === document.activeElement)).toBe(true);
    await carol.keyboard.press('Enter');
    await carol.getByText('This is the start of the conversation.', { exact: true }).waitFor();
    expect(await bodies()).toEqual(Array.from({ length: total }, (_, index) => `message ${index + 1}`));
    expect(await carol.evaluate(() => document.activeElement?.id)).toBe('message-1');
    // The viewport only (the whole page is 205 messages long): the top, focus on the first message.
    await carol.screenshot({ path: join(dirname(fileURLToPath(import.meta.url)), 'artifacts', '40e-messages-older-loaded.png') });
  });
});
