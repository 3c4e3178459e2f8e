// The community's home page in a real browser (issue 12): a member lands on it after
// logging in (news, the member at a glance, latest and most seeded torrents, biggest
// requests, who is online); staff post news from it with the keyboard; buying upload
// credit in the store moves the ratio shown there (issue 11's journey).
import { randomBytes } from 'node:crypto';
import { configureDatabase, withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { bookPoints, createMember, createRequest, createTenant } from '@swarmhost/domain';
import { newTorrent } from '@swarmhost/domain/testing/fixtures';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn as logInAs } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const password = 'home page e2e password';
const GIB = 1024n ** 3n;

const browser = chromiumForFile();

const logIn = (origin: string, username: string): Promise<Page> => logInAs(browser(), origin, username, password);

describe('home page', () => {
  it('greets a member with the community at a glance; staff post news; upload credit moves the ratio', async () => {
    const slug = `home${randomBytes(3).toString('hex')}`;
    const origin = `http://${slug}.localhost:${env.port}`;
    const tenant = await createTenant({ db: systemClient(), slug, name: 'Home E2E' });
    await createMember({ db: systemClient(), tenantSlug: slug, username: 'stella', email: 'stella@e2e.invalid', password, role: 'staff' });
    const member = await createMember({ db: systemClient(), tenantSlug: slug, username: 'milo', email: 'milo@e2e.invalid', password });
    await systemClient().member.update({ where: { id: member.id }, data: { creditedUploadBytes: 5n * GIB, creditedDownloadBytes: 10n * GIB } });
    await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: member.id, amount: 1500, reason: 'staff_adjustment' }));

    // An empty community: every block says so.
    const staffPage = await logIn(origin, 'stella');
    await staffPage.getByText('No news yet. Post the first below.').waitFor();
    await staffPage.getByText('Nothing uploaded yet.').waitFor();
    await screenshot(staffPage, '16a-home-empty');
    await staffPage.getByText('Post news (staff)').focus();
    await staffPage.keyboard.press('Enter');
    await staffPage.getByLabel('News title').fill('Welcome to Home E2E');
    await staffPage.getByLabel('News text').fill('Seed what you **take**.');
    await staffPage.getByRole('button', { name: 'Post news' }).click();
    await staffPage.getByTestId('home-news').getByText('Welcome to Home E2E').waitFor();

    const torrent = await newTorrent(tenant);
    await systemClient().torrent.update({ where: { id: torrent.id }, data: { seeders: 3 } });
    await createRequest({ tenant: { id: tenant.id, settings: {} }, memberId: member.id, title: 'Tears of Steel 4K', bounty: 200 });

    const page = await logIn(origin, 'milo');
    await page.getByTestId('home-news').locator('strong', { hasText: 'take' }).waitFor();
    expect(await page.getByTestId('home-latest').innerText()).toContain(torrent.name);
    expect(await page.getByTestId('home-most-seeded').innerText()).toContain('3↑');
    expect(await page.getByTestId('home-requests').innerText()).toMatch(/Tears of Steel 4K\s+200 pts/);
    expect((await page.getByTestId('home-online').innerText()).split(/\s+/).sort()).toEqual(['milo', 'stella']);
    const glance = page.getByTestId('home-me');
    expect(await glance.innerText()).toMatch(/Ratio\s+0\.50/);
    expect(await glance.innerText()).toMatch(/Bonus points\s+1300/);
    await screenshot(page, '16b-home');

    // Buy 10 GiB of upload credit: the ratio goes from 5/10 to 15/10.
    await page.goto(`${origin}/bonus`);
    await page.getByRole('form', { name: '10 GiB of upload credit' }).getByRole('button', { name: 'Buy' }).click();
    await page.getByText('Bought 10 GiB of upload credit.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Home E2E' }).click();
    await page.waitForURL(`${origin}/`);
    expect(await page.getByTestId('home-me').innerText()).toMatch(/Ratio\s+1\.50/);
  });
});
