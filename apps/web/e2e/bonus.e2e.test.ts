// Bonus points in a real browser (issue 11): the nav link shows the balance, the member
// buys upload credit from the store with the keyboard, sees "not enough points" when
// short, gifts points, then tips an uploader from the torrent page and sees the total.
import { randomBytes } from 'node:crypto';
import { configureDatabase, withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { bookPoints, createMember, createTenant } from '@swarmhost/domain';
import { newTorrent } from '@swarmhost/domain/testing/fixtures';
import { describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const password = 'bonus points e2e password';

const browser = chromiumForFile();

describe('bonus points', () => {
  it('buys upload credit, is told when short, gifts and tips', async () => {
    const slug = `bonus${randomBytes(3).toString('hex')}`;
    const origin = `http://${slug}.localhost:${env.port}`;
    const tenant = await createTenant({ db: systemClient(), slug, name: 'Bonus E2E' });
    const buyer = await createMember({ db: systemClient(), tenantSlug: slug, username: 'petra', email: 'petra@e2e.invalid', password });
    const uploader = await createMember({ db: systemClient(), tenantSlug: slug, username: 'uploader', email: 'up@e2e.invalid', password });
    const torrent = await newTorrent(tenant, { uploaderId: uploader.id });
    await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: buyer.id, amount: 1200, reason: 'staff_adjustment' }));

    const page = await logIn(browser(), origin, buyer.username, password);

    // The nav link carries the balance and works from the keyboard.
    const link = page.getByRole('link', { name: 'Bonus (1200)' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${origin}/bonus`);
    expect(await page.getByTestId('bonus-balance').innerText()).toBe('1200');
    await screenshot(page, '14a-bonus-page');

    // Buy 10 GiB of upload credit (default price 1000): Tab to its Buy button, Enter.
    const item = page.getByRole('form', { name: '10 GiB of upload credit' });
    await item.getByRole('button', { name: 'Buy' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Bought 10 GiB of upload credit. Your balance is now 200 points.').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="bonus-balance"]')?.textContent === '200');
    const credited = await systemClient().member.findUniqueOrThrow({ where: { id: buyer.id }, select: { creditedUploadBytes: true } });
    expect(credited.creditedUploadBytes).toBe(10n * 1024n ** 3n);

    // Short of points: the store says so and nothing changes.
    await item.getByRole('button', { name: 'Buy' }).click();
    await page.getByRole('alert').filter({ hasText: 'not enough points: you have 200, this costs 1000' }).waitFor();
    await screenshot(page, '14b-bonus-not-enough');

    // Gift 50 to the uploader with a note.
    await page.getByLabel('Member', { exact: true }).fill('uploader');
    await page.getByLabel('Points', { exact: true }).fill('50');
    await page.getByLabel('Note (optional)').fill('welcome!');
    await page.getByRole('button', { name: 'Send gift' }).click();
    await page.getByText('Sent 50 points to uploader. Your balance is now 150 points.').waitFor();
    const history = page.getByTestId('bonus-history').locator('tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="bonus-history"] tbody tr').length === 3);
    expect(await history.first().innerText()).toMatch(/Gift to uploader\s+“welcome!”\s+−50/);
    expect(await history.nth(1).innerText()).toMatch(/Bought 10 GiB of upload credit\s+−1000/);
    await screenshot(page, '14c-bonus-after-gift');

    // Tip the uploader from the torrent page; the total follows. Personal freeleech (set
    // here as a purchase would) is announced on the page.
    await systemClient().member.update({ where: { id: buyer.id }, data: { personalFreeleechUntil: new Date('2099-01-01T12:00:00Z') } });
    await page.goto(`${origin}/torrents/${torrent.id}`);
    expect(await page.getByTestId('personal-freeleech').innerText()).toBe('Your download here is freeleech: personal freeleech until 2099-01-01 12:00 UTC.');
    expect(await page.getByTestId('tip-total').innerText()).toBe('0');
    await page.getByLabel('Tip uploader', { exact: true }).fill('20');
    await page.keyboard.press('Enter');
    await page.getByText('You tipped 20 points. Your balance is now 130 points.').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="tip-total"]')?.textContent === '20');
    await screenshot(page, '14d-torrent-tip');

    const notifications = await systemClient().notification.findMany({ where: { memberId: uploader.id }, orderBy: { createdAt: 'asc' } });
    expect(notifications.map((row) => row.kind)).toEqual(['bonus.gift', 'bonus.tip']);
    const balances = await systemClient().member.findMany({ where: { tenantId: tenant.id }, select: { username: true, bonusPoints: true } });
    expect(Object.fromEntries(balances.map((row) => [row.username, row.bonusPoints.toString()]))).toEqual({ petra: '130', uploader: '70' });
  });

  it('spends a freeleech token on a torrent from the keyboard and shows the download is freeleech', async () => {
    const slug = `token${randomBytes(3).toString('hex')}`;
    const origin = `http://${slug}.localhost:${env.port}`;
    const tenant = await createTenant({ db: systemClient(), slug, name: 'Token E2E' });
    const member = await createMember({ db: systemClient(), tenantSlug: slug, username: 'tomas', email: 'tomas@e2e.invalid', password });
    const [wanted, another] = [await newTorrent(tenant), await newTorrent(tenant)];
    await systemClient().member.update({ where: { id: member.id }, data: { freeleechTokens: 1 } });

    const page = await logIn(browser(), origin, member.username, password);

    await page.goto(`${origin}/torrents/${wanted.id}`);
    const use = page.getByRole('button', { name: 'Use a freeleech token (1 left)' });
    await use.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Spend 1 of your 1 freeleech tokens on this torrent? It cannot be undone.').waitFor();
    await screenshot(page, '14e-token-confirm');
    // The confirmation has the focus: Enter spends the token.
    await page.keyboard.press('Enter');
    const notice = page.getByTestId('token-freeleech');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/^Your download here is freeleech: you used a freeleech token on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$/);
    await screenshot(page, '14f-token-used');
    const spent = await systemClient().freeleechToken.findMany({ where: { memberId: member.id }, select: { torrentId: true } });
    expect(spent).toEqual([{ torrentId: wanted.id }]);

    // With no token left another torrent points to the store instead.
    await page.goto(`${origin}/torrents/${another.id}`);
    await page.getByText('You have no freeleech tokens.').waitFor();
    expect(await page.getByRole('link', { name: 'Buy one in the bonus store' }).getAttribute('href')).toBe('/bonus');
  });
});
