// Hit-and-run in a real browser (issue 11): the worker's pass (run here with its clock)
// warns a member who left a download short; their profile shows the "downloads disabled"
// banner and what is missing, the site refuses the .torrent with the message; a moderator
// reaches /staff/hit-and-run by keyboard (empty state first), pardons with a reason by
// keyboard, and the member can download again.
import { createHash, randomBytes } from 'node:crypto';
import { encode } from '@swarmhost/bittorrent/bencode';
import { configureDatabase } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant, uploadTorrent } from '@swarmhost/domain';
import { runHitAndRun } from '@swarmhost/domain/hit-and-run/run-hit-and-run';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn as logInAs } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const password = 'hit and run e2e password';
const DAY_MS = 86_400_000;

const browser = chromiumForFile();
let redis: Redis;
beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(() => redis.disconnect());

function torrentFile(name: string): Uint8Array {
  const pieces = createHash('sha1').update(name).digest();
  return new Uint8Array(encode({ announce: 'http://x.invalid/announce', info: { length: 1000, name, 'piece length': 16384, pieces } }));
}

/** Fetches from inside the page (Chromium resolves *.localhost; Node's resolver does not). */
async function fetchInPage(page: Page, url: string) {
  return page.evaluate(async (target) => {
    const response = await fetch(target);
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, type, text: type.startsWith('text/') ? await response.text() : '' };
  }, url);
}

const logIn = (origin: string, username: string): Promise<Page> => logInAs(browser(), origin, username, password);

describe('hit-and-run', () => {
  it('warns, disables downloads on the site, and staff pardon by keyboard', async () => {
    const slug = `hnr${randomBytes(3).toString('hex')}`;
    const origin = `http://${slug}.localhost:${env.port}`;
    const tenant = await createTenant({
      db: systemClient(),
      slug,
      name: 'HnR E2E',
      settings: { hitAndRun: { enabled: true, minSeedHours: 72, minRatio: 1, graceDays: 14, maxActiveWarnings: 1, warningDays: 14 } },
    });
    const staff = await createMember({ db: systemClient(), tenantSlug: slug, username: 'hilda', email: 'hilda@e2e.invalid', password, role: 'staff' });
    const leecher = await createMember({ db: systemClient(), tenantSlug: slug, username: 'leechy', email: 'leechy@e2e.invalid', password });
    await systemClient().member.update({ where: { id: leecher.id }, data: { emailVerifiedAt: new Date() } });
    const upload = (name: string) => uploadTorrent({ tenant: { id: tenant.id, slug, settings: {} }, uploaderId: staff.id, torrentFile: torrentFile(name), trackerBaseUrl: env.trackerUrl });
    const left = await upload('Left-Behind.Linux.ISO');
    const pending = await upload('Still-Seeding.Album.FLAC');

    // Staff first: reach the page by keyboard, nothing to show yet.
    const staffPage = await logIn(origin, staff.username);
    await staffPage.goto(`${origin}/staff`);
    await staffPage.getByRole('link', { name: 'Hit-and-run warnings' }).focus();
    await staffPage.keyboard.press('Enter');
    await staffPage.waitForURL(`${origin}/staff/hit-and-run`);
    await staffPage.getByTestId('hnr-empty').waitFor();
    await screenshot(staffPage, '17a-staff-hnr-empty');

    // leechy completed one download 15 days ago and seeded 36 h (short), another 2 days ago.
    const now = new Date();
    for (const [torrent, daysAgo] of [[left, 15], [pending, 2]] as const) {
      const completedAt = new Date(now.getTime() - daysAgo * DAY_MS);
      await systemClient().snatch.create({ data: { tenantId: tenant.id, memberId: leecher.id, torrentId: torrent.id, completedAt } });
      await systemClient().history.create({
        data: { tenantId: tenant.id, memberId: leecher.id, torrentId: torrent.id, completedAt, lastAnnounceAt: completedAt, seedSeconds: 36n * 3600n, downloadedBytes: 1000n, uploadedBytes: 100n },
      });
    }
    const [result] = await runHitAndRun({ now, publisher: redis, tenantIds: [tenant.id] });
    expect(result).toMatchObject({ warned: 1, membersChanged: [leecher.id] });

    // The member: banner, the warning with what was missing, the other download still to seed.
    const memberPage = await logIn(origin, leecher.username);
    await memberPage.goto(`${origin}/profile/${leecher.username}`);
    const banner = memberPage.getByTestId('hnr-downloads-disabled');
    expect(await banner.innerText()).toMatch(/^Downloads disabled: 1 active hit-and-run warning\n/);
    const warningRow = memberPage.getByTestId('hnr-profile-warnings').locator('tbody tr');
    expect(await warningRow.count()).toBe(1);
    expect(await warningRow.locator('td').nth(1).innerText()).toBe(`seed 36 h more on ${left.name} (or reach ratio 1.00 on it; it is 0.10)`);
    expect(await warningRow.locator('td').nth(4).innerText()).toBe('Active');
    expect(await memberPage.getByTestId('hnr-at-risk').innerText()).toMatch(
      new RegExp(`^Seed 36 h more on ${pending.name.replace(/\./g, '\\.')} \\(or reach ratio 1\\.00 on it; it is 0\\.10\\) by \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`),
    );
    await screenshot(memberPage, '17b-profile-downloads-disabled');

    const refused = await fetchInPage(memberPage, `${origin}/torrents/${pending.id}/download`);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/^Not allowed: downloads disabled: 1 active hit-and-run warning; seeding still works/);

    await staffPage.goto(`${origin}/staff/hit-and-run`);
    const row = staffPage.getByTestId('hnr-warning-leechy');
    await row.waitFor();
    expect(await row.locator('td').nth(3).innerText()).toBe(`seed 36 h more on ${left.name} (or reach ratio 1.00 on it; it is 0.10)`);
    await row.getByRole('button', { name: `Pardon leechy's warning on ${left.name}` }).focus();
    await staffPage.keyboard.press('Enter');
    const reason = staffPage.getByLabel('Reason (the member sees it)');
    await expect.poll(() => reason.evaluate((element) => element === document.activeElement)).toBe(true);
    await staffPage.keyboard.press('Enter');
    // No reason: the browser's own check stops it before the server is asked.
    expect(await systemClient().hitAndRunWarning.count({ where: { memberId: leecher.id, pardonedAt: { not: null } } })).toBe(0);
    await staffPage.keyboard.type('client crashed, reseeding now');
    await screenshot(staffPage, '17c-staff-hnr-pardon-form');
    await staffPage.keyboard.press('Enter');
    await staffPage.getByTestId('hnr-empty').waitFor();
    await staffPage.getByRole('link', { name: 'All, also expired and pardoned' }).click();
    await staffPage.getByTestId('hnr-warning-leechy').waitFor();
    expect(await staffPage.getByTestId('hnr-warning-leechy').locator('td').nth(5).innerText()).toBe('Pardoned\nby hilda: client crashed, reseeding now');
    await screenshot(staffPage, '17d-staff-hnr-all');

    const allowed = await fetchInPage(memberPage, `${origin}/torrents/${pending.id}/download`);
    expect(allowed).toMatchObject({ status: 200, type: 'application/x-bittorrent' });
    await memberPage.reload();
    expect(await memberPage.getByTestId('hnr-downloads-disabled').count()).toBe(0);
    expect(await memberPage.getByTestId('hnr-profile-warnings').locator('tbody tr td').nth(4).innerText()).toBe('Pardoned\nPardoned: client crashed, reseeding now');
    await screenshot(memberPage, '17e-profile-after-pardon');
  });
});
