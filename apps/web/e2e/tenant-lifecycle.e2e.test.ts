// Export and deletion of a community in the console (issue 14), in Chromium: the admin
// asks for an export (waiting, then ready once the worker's builder has run, here in
// the test process against the same database), downloads the .tar.gz through the link,
// then asks for deletion with a mistyped slug (refused, nothing scheduled), types it
// right by keyboard (the countdown shows, the tenant page warns, the community's staff
// see a banner on every page of its site and its members do not), and cancels.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@swarmhost/auth/password';
import { currentTotpCode, newTotpSecret } from '@swarmhost/auth/totp';
import { configureDatabase } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant } from '@swarmhost/domain';
import { buildNextTenantExport } from '@swarmhost/domain/tenants/export/index';
import { describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const consoleOrigin = `http://localhost:${env.port}`;
const browser = chromiumForFile();

describe('console: export and delete a community', () => {
  it('exports, downloads, refuses a mistyped slug, schedules and cancels a deletion', async () => {
    const slug = `life${randomBytes(3).toString('hex')}`;
    await createTenant({ db: systemClient(), slug, name: 'Lifecycle Club' });
    await createMember({ db: systemClient(), tenantSlug: slug, username: 'lena', email: 'lena@e2e.invalid', password: 'lifecycle member password' });

    // A platform admin of this file's own, so no other file's console login (the shared
    // operator's used TOTP step) can refuse this one's code as a replay.
    const admin = { username: `admin-${slug}`, password: 'lifecycle admin password', totpSecret: newTotpSecret() };
    await systemClient().operator.create({
      data: { username: admin.username, email: `${admin.username}@e2e.invalid`, passwordHash: await hashPassword(admin.password), role: 'admin', emailVerifiedAt: new Date(), totpSecret: admin.totpSecret },
    });

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${consoleOrigin}/`);
    await page.getByLabel('Username or e-mail').fill(admin.username);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByLabel('Authentication code').fill(await currentTotpCode(admin.totpSecret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Tenants' }).waitFor();

    // From the tenant's page to its export page; nothing exported yet.
    await page.goto(`${consoleOrigin}/console/tenants/${slug}`);
    await page.getByRole('link', { name: 'Export data' }).click();
    await page.getByTestId('exports-empty').waitFor();
    await screenshot(page, 'lifecycle-01-export-empty');
    await page.getByRole('button', { name: 'Export all data' }).click();
    await page.locator('[data-status="pending"]').waitFor();
    await page.getByRole('progressbar').waitFor();
    expect(await page.getByRole('button', { name: 'An export is being built…' }).isDisabled()).toBe(true);
    await screenshot(page, 'lifecycle-02-export-waiting');

    // The worker's builder runs; the page, polling, turns to Ready without a reload.
    expect((await buildNextTenantExport({ db: systemClient(), now: () => new Date() }))?.status).toBe('ready');
    await page.locator('[data-status="ready"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'lifecycle-03-export-ready');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${slug}-export-\\d{4}-\\d{2}-\\d{2}\\.tar\\.gz$`));
    const directory = mkdtempSync(join(tmpdir(), 'swarmhost-e2e-export-'));
    const archive = join(directory, 'export.tar.gz');
    await download.saveAs(archive);
    const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n');
    expect(listing).toEqual(expect.arrayContaining(['README.txt', 'community.json', 'members/0001.json']));
    execFileSync('tar', ['-xzf', archive, '-C', directory]);
    const members = JSON.parse(readFileSync(join(directory, 'members/0001.json'), 'utf8')) as { username: string }[];
    expect(members.map((member) => member.username)).toEqual(['lena']);
    expect(readFileSync(join(directory, 'members/0001.json'), 'utf8')).not.toMatch(/password|passkey|totp|rss_key/);
    // A made-up link is a plain 404.
    const forged = await page.request.get(`${consoleOrigin}/console/tenants/${slug}/export/download?token=${'x'.repeat(43)}`);
    expect(forged.status()).toBe(404);

    // Deletion: a mistyped slug schedules nothing.
    await page.getByRole('link', { name: `Back to Lifecycle Club` }).click();
    await page.getByRole('link', { name: 'Delete this community' }).click();
    await page.getByLabel(`Type the community's address, ${slug}, to confirm`).fill(`${slug}-typo`);
    await page.getByRole('button', { name: 'Delete Lifecycle Club in 7 days' }).click();
    await page.getByRole('alert').filter({ hasText: `type "${slug}" exactly` }).waitFor();
    await screenshot(page, 'lifecycle-04-delete-mistyped');
    const tenant = await systemClient().tenant.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    expect(await systemClient().tenantDeletion.count({ where: { tenantId: tenant.id } })).toBe(0);

    // By keyboard: the field, the slug, Enter.
    await page.getByLabel(`Type the community's address, ${slug}, to confirm`).focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(slug);
    await page.keyboard.press('Enter');
    await page.getByTestId('deletion-scheduled').waitFor();
    expect(await page.getByTestId('deletion-countdown').textContent()).toMatch(/^6 days, 23 hours and 5\d minutes$|^7 days, 0 hours and 0 minutes$/);
    await screenshot(page, 'lifecycle-05-delete-scheduled');
    await page.goto(`${consoleOrigin}/console/tenants/${slug}`);
    await page.getByText('Lifecycle Club is due to be deleted on').waitFor();
    await screenshot(page, 'lifecycle-06-tenant-page-warning');
    // The community itself still works meanwhile.
    const site = await context.newPage();
    expect((await site.goto(`http://${slug}.localhost:${env.port}/login`))?.status()).toBe(200);
    await site.getByLabel('Username or e-mail').waitFor();
    await site.close();

    // Its staff see the date on every page of the site; its members see nothing of it.
    const tenantOrigin = `http://${slug}.localhost:${env.port}`;
    await createMember({ db: systemClient(), tenantSlug: slug, username: 'sam', email: 'sam@e2e.invalid', password: 'lifecycle staff password', role: 'staff' });
    const staffPage = await logIn(browser(), tenantOrigin, 'sam', 'lifecycle staff password');
    const dueAt = (await systemClient().tenantDeletion.findUniqueOrThrow({ where: { tenantId: tenant.id }, select: { dueAt: true } })).dueAt;
    const dueText = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(dueAt) + ' UTC';
    for (const path of ['/', '/torrents', '/staff']) {
      await staffPage.goto(`${tenantOrigin}${path}`);
      expect(await staffPage.getByTestId('deletion-banner').textContent()).toBe(`This community will be deleted on ${dueText}; the owner can cancel in the console.`);
    }
    await screenshot(staffPage, 'lifecycle-06b-staff-banner');
    await staffPage.context().close();
    const memberPage = await logIn(browser(), tenantOrigin, 'lena', 'lifecycle member password');
    await memberPage.goto(`${tenantOrigin}/torrents`);
    await memberPage.getByRole('heading').first().waitFor();
    expect(await memberPage.getByTestId('deletion-banner').count()).toBe(0);
    await memberPage.context().close();

    await page.getByRole('link', { name: 'See or cancel the deletion' }).click();
    await page.getByRole('button', { name: 'Cancel the deletion' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Delete Lifecycle Club in 7 days' }).waitFor();
    expect(await systemClient().tenantDeletion.count({ where: { tenantId: tenant.id } })).toBe(0);
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: null, targetId: tenant.id }, orderBy: { createdAt: 'asc' }, select: { action: true } });
    expect(audit.map((entry) => entry.action)).toEqual(['tenant.delete.request', 'tenant.delete.cancel']);
    await screenshot(page, 'lifecycle-07-delete-cancelled');
    await context.close();
  });
});
