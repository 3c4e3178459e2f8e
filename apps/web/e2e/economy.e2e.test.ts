// The community economy in a real browser (issue 11), with a real-time gateway: an admin
// opens /staff/economy, picks a member for the preview, edits a rule and sees the preview
// change before saving, is shown a bad threshold's message next to the field, saves
// (audited); the member sees this hour's earning rate per rule on /bonus; staff adjust
// the member's points and the member's open page (header and balance) changes without a
// reload; a too-large debit is refused with the member's balance named; the accrual
// books the hour and the member's page changes again, live.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createMemberSession, createTenant } from '@swarmhost/domain';
import { accrueSeedingPoints, periodStartOf } from '@swarmhost/domain/bonus/accrue-seeding-points';
import { newTorrent } from '@swarmhost/domain/testing/fixtures';
import { publishBalancesChanged } from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, screenshot } from './browser';
import { freePorts } from '@swarmhost/test-support';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const appsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runId = randomBytes(3).toString('hex');
const SECRET = randomBytes(24).toString('hex');
/** This run's own adapter key: the site, the gateway and the test's emitter, nobody else's. */
const ADAPTER_KEY = `e2e-economy-${runId}`;
const children: ChildProcess[] = [];
let ports: { web: number; gateway: number };
let browser: Browser;
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

function start(args: string[], cwd: string, extra: Record<string, string>): void {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...extra }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
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
    ...shared, REALTIME_HOST: '127.0.0.1', REALTIME_PORT: String(ports.gateway), REALTIME_TOKEN_SECRET: SECRET, REALTIME_KEY_PREFIX: `swarmhost:rt-econ:${runId}:`,
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
  redis.disconnect();
  await disconnectAll();
});

async function pageAs(origin: string, tenantId: string, memberId: string): Promise<Page> {
  const session = await createMemberSession({ tenantId, memberId });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addCookies([{ name: 'sh_session', value: session.token, url: origin }]);
  return context.newPage();
}

const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

describe('community economy', () => {
  it('staff edit a rule with a live preview and save; the member sees the breakdown and live balances', async () => {
    const slug = `econ${runId}`;
    const origin = `http://${slug}.localhost:${ports.web}`;
    const tenant = await createTenant({ db: systemClient(), slug, name: 'Points Club' });
    const member = (username: string, role?: 'admin' | 'staff') =>
      createMember({ db: systemClient(), tenantSlug: slug, username, email: `${username}@e2e.invalid`, password: '', passwordHash: 'not-a-login', role });
    const [ada, sam, mia] = [await member('ada', 'admin'), await member('sam', 'staff'), await member('mia')];
    const vip = await systemClient().group.create({ data: { tenantId: tenant.id, name: 'VIP' }, select: { id: true } });

    // Mia seeds two torrents since the start of the last complete hour: a 3 GiB one she
    // alone seeds, and a small one with 40 seeders.
    const now = new Date();
    const lastHour = new Date(periodStartOf(now, 3600).getTime() - 3_600_000);
    const [big, small] = [await newTorrent(tenant), await newTorrent(tenant)];
    await systemClient().torrent.update({ where: { id: big.id }, data: { size: 3n * 1024n ** 3n, seeders: 1 } });
    await systemClient().torrent.update({ where: { id: small.id }, data: { seeders: 40 } });
    for (const torrent of [big, small]) {
      await systemClient().history.create({
        data: { tenantId: tenant.id, memberId: mia.id, torrentId: torrent.id, seeding: true, active: true, firstAnnounceAt: new Date(lastHour.getTime() + 60_000), lastAnnounceAt: now },
      });
    }

    // Staff: the economy page, reached from the staff tools by keyboard.
    const staff = await pageAs(origin, tenant.id, ada.id);
    await staff.goto(`${origin}/staff`);
    await staff.getByRole('link', { name: /^Economy: earning rules/ }).focus();
    await staff.keyboard.press('Enter');
    await staff.waitForURL(`${origin}/staff/economy`);
    await staff.getByTestId('earning-rules').waitFor();

    // Preview for mia with the saved (default) rules: small = Seeding 1; big = Seeding 1 +
    // Large 0.5 + Dying 2 + Scarce 1 → 5.5 points/hour.
    const preview = staff.getByTestId('preview-member');
    await preview.getByRole('textbox').fill('mi');
    await preview.getByRole('button', { name: /^mia/ }).click();
    await staff.waitForFunction(() => document.querySelector('[data-testid="preview-points"]')?.textContent === '5.5');
    await screenshot(staff, 'economy-1-preview-saved-rules');

    // Edit the base rule (3 points/hour instead of 1): the preview follows before saving.
    await staff.getByLabel('Rule 1 points per hour').fill('3');
    await staff.waitForFunction(() => document.querySelector('[data-testid="preview-points"]')?.textContent === '9.5');
    expect(await text(staff, 'earning-preview')).toMatch(/With these rules, mia would earn 9\.5 points\/hour/);
    await screenshot(staff, 'economy-2-preview-edited');

    // A bad threshold is named by the preview and, on save, next to its field; nothing saved.
    await staff.getByLabel('Rule 2 threshold (GiB)').fill('');
    await staff.getByTestId('preview-problem').waitFor();
    await staff.getByRole('button', { name: 'Save economy settings' }).click();
    const thresholdError = staff.getByTestId('field-error-bonus.earningRules.1.threshold');
    await thresholdError.waitFor();
    expect(await thresholdError.innerText()).toMatch(/is required for "sizeAtLeastBytes"/);
    expect(await staff.getByLabel('Rule 2 threshold (GiB)').getAttribute('aria-invalid')).toBe('true');
    await screenshot(staff, 'economy-3-field-error');
    expect(await systemClient().auditLog.count({ where: { tenantId: tenant.id, action: 'tenant.economy_settings_saved' } })).toBe(0);

    // Fixed, and a hit-and-run rule changed too (VIPs immune): saved, audited with what changed.
    await staff.getByLabel('Rule 2 threshold (GiB)').fill('1');
    await staff.waitForFunction(() => document.querySelector('[data-testid="preview-points"]')?.textContent === '9.5');
    await staff.getByTestId('hit-and-run').getByLabel('Min seed hours').fill('48');
    await staff.getByTestId('hit-and-run').getByRole('checkbox', { name: 'VIP' }).check();
    await staff.getByRole('button', { name: 'Save economy settings' }).click();
    await staff.getByText(/^Saved\. Changed: /).waitFor();
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, action: 'tenant.economy_settings_saved' } });
    expect(audit.map((row) => [row.actorMemberId, (row.details as { changed: string[] }).changed])).toEqual([
      [ada.id, ['bonus.earningRules.0.pointsPerHour', 'hitAndRun.minSeedHours', 'hitAndRun.immuneGroupIds.0']],
    ]);
    const saved = await systemClient().tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { settings: true } });
    expect((saved.settings as { hitAndRun: { minSeedHours: number; immuneGroupIds: string[] } }).hitAndRun).toMatchObject({ minSeedHours: 48, immuneGroupIds: [vip.id] });
    await screenshot(staff, 'economy-4-saved');

    // A moderator (staff below admin) sees the saved rules and may preview, not save.
    const moderator = await pageAs(origin, tenant.id, sam.id);
    await moderator.goto(`${origin}/staff/economy`);
    expect(await moderator.getByLabel('Rule 1 points per hour').inputValue()).toBe('3');
    await moderator.getByTestId('economy-read-only').waitFor();
    expect(await moderator.getByRole('button', { name: 'Save economy settings' }).count()).toBe(0);
    await moderator.context().close();

    // The member's /bonus: this hour's rate per rule.
    const own = await pageAs(origin, tenant.id, mia.id);
    await own.goto(`${origin}/bonus`);
    expect(await text(own, 'earning-rate-total')).toBe('9.5');
    const rows = await own.getByTestId('earning-breakdown').locator('tbody tr').allInnerTexts();
    expect(rows.slice(0, 4).map((row) => row.replace(/\s+/g, ' ').trim())).toEqual(['Seeding 2 6', 'Large (≥ 1 GiB) 1 0.5', 'Huge (≥ 10 GiB) 0 0', 'Dying (only seeder) 1 2']);
    expect(await text(own, 'bonus-balance')).toBe('0');
    await until(async () => (await gatewayConnections()) >= 1, 15_000, 'the member page to connect to the gateway');
    await screenshot(own, 'economy-5-member-breakdown');

    // Staff credit 25 points: the member's open page changes without a reload.
    const adjust = staff.getByTestId('adjust-points');
    await adjust.getByTestId('adjust-member').getByRole('textbox').fill('mia');
    await adjust.getByRole('button', { name: /^mia/ }).click();
    await adjust.getByLabel('Points (negative to take away)').fill('25');
    await adjust.getByLabel('Reason (the member sees it)').fill('contest prize');
    await adjust.getByRole('button', { name: 'Adjust points' }).click();
    await staff.getByText('Added 25 points to mia. Their balance is now 25.').waitFor();
    await own.waitForFunction(() => document.querySelector('[data-testid="bonus-balance"]')?.textContent === '25', undefined, { timeout: 10_000 });
    // The header's figure is live too; it may briefly show an older server render that the
    // page's refresh brings in after a live update, so wait until it settles.
    await own.waitForFunction(() => document.querySelector('[data-testid="nav-bonus"]')?.textContent === 'Bonus (25)', undefined, { timeout: 10_000 });
    await screenshot(own, 'economy-6-member-live-adjusted');

    // Too large a debit: refused, the balance named next to the amount.
    await adjust.getByLabel('Points (negative to take away)').fill('-40');
    await adjust.getByLabel('Reason (the member sees it)').fill('clawback');
    await adjust.getByRole('button', { name: 'Adjust points' }).click();
    await adjust.getByText('amount: the member has 25 points; a debit of 40 would take the balance below zero (debit at most 25)').waitFor();
    await screenshot(staff, 'economy-7-debit-refused');

    // The hour is booked (as the worker's job does: the accrual, then one message to the
    // gateways); the member's page shows 25 + 9.5 live.
    const booked = await accrueSeedingPoints({ now, periodSeconds: 3600, tenantIds: [tenant.id] });
    expect(booked.map((period) => [period.members, period.points])).toEqual([[1, '9.5000']]);
    await publishBalancesChanged(createEmitter(redis, { key: ADAPTER_KEY }), tenant.id);
    await own.waitForFunction(() => document.querySelector('[data-testid="bonus-balance"]')?.textContent === '34.5', undefined, { timeout: 10_000 });
    await own.waitForFunction(() => document.querySelector('[data-testid="nav-bonus"]')?.textContent === 'Bonus (34.5)', undefined, { timeout: 10_000 });
    expect(await text(own, 'bonus-balance')).toBe('34.5');
    // The open page re-rendered in place: the booked hour is in its history.
    await own.getByTestId('bonus-history').getByText(/^Seeding, period from/).waitFor({ timeout: 10_000 });
    await screenshot(own, 'economy-8-member-live-accrual');
  });
});
