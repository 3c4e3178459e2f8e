// Possible ratio cheating in a real browser (issue 17): a moderator reaches the page
// from /staff with the keyboard, sees the empty state, then the tracker's flags with the
// reported and credited figures, linked to the member and the torrent.
import { randomBytes } from 'node:crypto';
import { configureDatabase } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant } from '@swarmhost/domain';
import { newTorrent } from '@swarmhost/domain/testing/fixtures';
import { describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const password = 'ratio flags e2e password';

const browser = chromiumForFile();

describe('possible ratio cheating', () => {
  it('lists flagged members with the figures, reachable from /staff by keyboard', async () => {
    const slug = `flags${randomBytes(3).toString('hex')}`;
    const origin = `http://${slug}.localhost:${env.port}`;
    const tenant = await createTenant({ db: systemClient(), slug, name: 'Flags E2E' });
    const staff = await createMember({ db: systemClient(), tenantSlug: slug, username: 'mona', email: 'mona@e2e.invalid', password, role: 'staff' });
    const cheater = await createMember({ db: systemClient(), tenantSlug: slug, username: 'ratiofaker', email: 'faker@e2e.invalid', password });
    const torrent = await newTorrent(tenant);

    const page = await logIn(browser(), origin, staff.username, password);

    await page.goto(`${origin}/staff`);
    const link = page.getByRole('link', { name: 'Possible ratio cheating' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${origin}/staff/ratio-flags`);
    await page.getByTestId('ratio-flags-empty').waitFor();
    await screenshot(page, '13a-staff-ratio-flags-empty');

    const flaggedAt = new Date('2026-12-06T04:50:00Z');
    await systemClient().ratioFlag.createMany({
      data: [
        { reason: 'speed', reportedUploadBytes: 9_007_199_254_740_991n, creditedUploadBytes: 1_073_741_824n, flaggedAt },
        { reason: 'no_leechers', reportedUploadBytes: 104_857_600n, creditedUploadBytes: 0n, flaggedAt: new Date(flaggedAt.getTime() - 60_000) },
      ].map((row, index) => ({
        ...row,
        tenantId: tenant.id, memberId: cheater.id, torrentId: torrent.id, batchId: `e2e-${index}`, announces: 1,
        reportedDownloadBytes: 0n, creditedDownloadBytes: 0n,
      })),
    });
    await page.reload();
    const rows = page.getByTestId('ratio-flags').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const first = rows.first();
    expect(await first.locator('td').allInnerTexts()).toEqual([
      '2026-12-06 04:50', 'ratiofaker', torrent.name, 'faster than the maximum speed', '8.0 PiB', '1.0 GiB', '0 B', '0 B', '1',
    ]);
    expect(await rows.nth(1).locator('td').nth(3).innerText()).toBe('upload while nobody else downloaded');
    await screenshot(page, '13-staff-ratio-flags');
    await first.getByRole('link', { name: 'ratiofaker' }).click();
    await page.waitForURL(`${origin}/profile/ratiofaker`);
  });
});
