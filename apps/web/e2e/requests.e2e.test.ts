// Requests in a real browser (issue 12): one member asks for something with a bounty,
// another adds to it, a third finds the torrent by name and fills it, the requester
// accepts from the keyboard, and the filler's points rise by the whole bounty.
import { randomBytes } from 'node:crypto';
import { configureDatabase, withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { bookPoints, createMember, createTenant } from '@swarmhost/domain';
import { newTorrent } from '@swarmhost/domain/testing/fixtures';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn as logInAs } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const password = 'requests e2e password';

const browser = chromiumForFile();

const logIn = (origin: string, username: string): Promise<Page> => logInAs(browser(), origin, username, password);

describe('requests', () => {
  it('asks, adds to the bounty, fills and accepts; the filler gets the whole bounty', async () => {
    const slug = `req${randomBytes(3).toString('hex')}`;
    const origin = `http://${slug}.localhost:${env.port}`;
    const tenant = await createTenant({ db: systemClient(), slug, name: 'Requests E2E' });
    const [asker, voter, filler] = await Promise.all(
      ['asha', 'vik', 'fern'].map((username) => createMember({ db: systemClient(), tenantSlug: slug, username, email: `${username}@e2e.invalid`, password })),
    );
    for (const member of [asker!, voter!]) {
      await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: member.id, amount: 1000, reason: 'staff_adjustment' }));
    }
    const torrent = await newTorrent(tenant);

    // The empty list says what to do, and the navigation leads there.
    const askerPage = await logIn(origin, 'asha');
    await askerPage.getByRole('link', { name: 'Requests', exact: true }).click();
    await askerPage.waitForURL(`${origin}/requests`);
    await askerPage.getByTestId('requests-empty').getByText('Nobody has asked for anything yet').waitFor();
    await screenshot(askerPage, '15a-requests-empty');

    await askerPage.getByRole('link', { name: 'New request' }).click();
    await askerPage.waitForURL(`${origin}/requests/new`);
    await askerPage.getByLabel('Title').fill('Sintel (2010) 4K remux');
    await askerPage.getByLabel('Description').fill('The **open movie** in 4K, please.');
    await askerPage.getByLabel('Bounty (points)').fill('250');
    await screenshot(askerPage, '15b-request-new');
    await askerPage.keyboard.press('Enter');
    await askerPage.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    const requestUrl = askerPage.url();
    expect(await askerPage.getByTestId('request-bounty').innerText()).toBe('250');

    const voterPage = await logIn(origin, 'vik');
    await voterPage.goto(`${origin}/requests`);
    expect(await voterPage.getByTestId('requests-table').locator('tbody tr').first().innerText()).toMatch(/Sintel \(2010\) 4K remux\s+—\s+Open\s+250\s+1\s+asha/);
    await screenshot(voterPage, '15c-requests-list');
    await voterPage.goto(requestUrl);
    await voterPage.getByLabel('Points to add').fill('150');
    await voterPage.getByRole('button', { name: 'Add to bounty' }).click();
    await voterPage.getByText('Added. The points are held until the request is filled.').waitFor();
    await voterPage.waitForFunction(() => document.querySelector('[data-testid="request-bounty"]')?.textContent === '400');

    const fillerPage = await logIn(origin, 'fern');
    await fillerPage.goto(requestUrl);
    // The filler finds the torrent by name (Enter searches, it does not submit the fill).
    await fillerPage.getByLabel('Find a torrent by name').fill(torrent.name);
    await fillerPage.keyboard.press('Enter');
    await fillerPage.getByRole('button', { name: `Use ${torrent.name}` }).click();
    expect(await fillerPage.getByLabel('Torrent', { exact: true }).inputValue()).toBe(torrent.id);
    await screenshot(fillerPage, '15f-request-fill-search');
    await fillerPage.getByRole('button', { name: 'Fill request' }).click();
    // The page re-renders without the fill form (its confirmation goes with it): the
    // lasting sign is the fill on the page.
    await fillerPage.getByTestId('request-fill').getByText(torrent.name).waitFor();

    await askerPage.reload();
    await askerPage.getByTestId('request-fill').getByText(torrent.name).waitFor();
    await screenshot(askerPage, '15d-request-pending');
    const accept = askerPage.getByRole('button', { name: 'Accept fill' });
    await accept.focus();
    await askerPage.keyboard.press('Enter');
    await askerPage.getByTestId('request-history').getByText('asha accepted the fill: 400 points paid').waitFor();
    await screenshot(askerPage, '15e-request-filled');

    const paid = await systemClient().member.findUniqueOrThrow({ where: { id: filler!.id }, select: { bonusPoints: true } });
    expect(paid.bonusPoints.toString()).toBe('400');
    const balances = await systemClient().member.findMany({ where: { id: { in: [asker!.id, voter!.id] } }, select: { username: true, bonusPoints: true } });
    expect(Object.fromEntries(balances.map((row) => [row.username, row.bonusPoints.toString()]))).toEqual({ asha: '750', vik: '850' });
    const notes = await systemClient().notification.findMany({ where: { memberId: filler!.id }, select: { kind: true } });
    expect(notes.map((row) => row.kind)).toEqual(['request.accepted']);
  });
});
