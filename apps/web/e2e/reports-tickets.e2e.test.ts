// Reports and tickets in a real browser (issue 15): a member reports a comment from the
// torrent page by keyboard; staff find it in /staff/reports, assign it to themselves and
// resolve it with a note (a note is required); the reporter reads the note in their
// notifications; staff reopen it (the reporter is not told) and resolve it again (she is). A member opens a ticket, staff answer it from /staff/tickets, and the
// member sees the reply (and its notification); another member gets a 404 for it.
import { randomBytes } from 'node:crypto';
import { configureDatabase } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant } from '@swarmhost/domain';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn as logInAs } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const password = 'reports and tickets e2e password';

const browser = chromiumForFile();
const logIn = (origin: string, username: string): Promise<Page> => logInAs(browser(), origin, username, password);

async function community() {
  const slug = `rt${randomBytes(3).toString('hex')}`;
  const tenant = await createTenant({ db: systemClient(), slug, name: 'Reports E2E' });
  const member = (username: string, role: 'member' | 'staff' = 'member') =>
    createMember({ db: systemClient(), tenantSlug: slug, username, email: `${username}@e2e.invalid`, password, role });
  return { tenant, origin: `http://${slug}.localhost:${env.port}`, member };
}

describe('reports and tickets', () => {
  it('a member reports a comment; staff assign and resolve it with a note; the reporter is notified', async () => {
    const { tenant, origin, member } = await community();
    const reporter = await member('rita');
    const spammer = await member('spammy');
    const staff = await member('stella', 'staff');
    const torrent = await systemClient().torrent.create({
      data: { tenantId: tenant.id, infoHash: randomBytes(20).toString('hex'), name: 'Debian.12.Netinst.ISO', size: 1000n, fileCount: 1, pieceLength: 16384, torrentFile: new Uint8Array([100, 101]), status: 'approved', uploaderId: staff.id },
      select: { id: true },
    });
    const comment = await systemClient().comment.create({ data: { tenantId: tenant.id, torrentId: torrent.id, authorId: spammer.id, body: 'Cheap invites at **example.invalid**' }, select: { id: true } });

    // The reporter: open the form from the keyboard, send it empty (the browser stops it), then with a reason.
    const ritaPage = await logIn(origin, reporter.username);
    await ritaPage.goto(`${origin}/torrents/${torrent.id}`);
    await ritaPage.getByTestId(`report-${comment.id}`).focus();
    await ritaPage.keyboard.press('Enter');
    const reason = ritaPage.getByLabel("Why should staff look at spammy's comment?");
    await expect.poll(() => reason.evaluate((element) => element === document.activeElement), { timeout: 10_000 }).toBe(true);
    await ritaPage.keyboard.type('Advertises selling invites');
    await screenshot(ritaPage, '50a-report-comment-form');
    await ritaPage.keyboard.press('Tab');
    await ritaPage.keyboard.press('Enter');
    await ritaPage.getByTestId(`reported-${comment.id}`).waitFor();
    // A second report of the same comment gets a clear message.
    await ritaPage.reload();
    await ritaPage.getByTestId(`report-${comment.id}`).click();
    await ritaPage.getByLabel("Why should staff look at spammy's comment?").fill('Again');
    await ritaPage.getByRole('button', { name: 'Send report' }).click();
    await ritaPage.getByText(/you reported this comment already/).waitFor();

    // Staff: the count on the staff page, the queue, assign to self, resolve needs a note.
    const staffPage = await logIn(origin, staff.username);
    await staffPage.goto(`${origin}/staff`);
    expect(await staffPage.getByTestId('staff-reports-link').innerText()).toBe('Reports (1 unresolved)');
    await staffPage.getByTestId('staff-reports-link').click();
    await staffPage.waitForURL(`${origin}/staff/reports`);
    const report = await systemClient().report.findFirstOrThrow({ where: { tenantId: tenant.id, targetId: comment.id } });
    const row = staffPage.getByTestId(`report-${report.id}`);
    await row.waitFor();
    expect(await row.getByRole('link', { name: 'spammy: Cheap invites at example.invalid' }).getAttribute('href')).toBe(`/torrents/${torrent.id}#comment-${comment.id}`);
    await row.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(async () => (await systemClient().report.findUniqueOrThrow({ where: { id: report.id } })).assigneeId, { timeout: 20_000 }).toBe(staff.id);
    await expect.poll(() => row.getByTestId(`report-${report.id}-assignee`).count(), { timeout: 20_000 }).toBe(1);
    expect(await row.getByTestId(`report-${report.id}-assignee`).innerText()).toBe('stella');
    expect(await row.getByTestId(`report-${report.id}-status`).innerText()).toBe('In progress');
    await row.getByLabel('Status', { exact: true }).selectOption('resolved');
    const note = row.getByLabel('Resolution note (required; the reporter sees it)');
    await note.fill('Comment removed and spammy warned. Thanks!');
    await screenshot(staffPage, '50b-staff-report-queue');
    await row.getByRole('button', { name: 'Save status' }).click();
    await staffPage.getByTestId('reports-empty').waitFor();
    await staffPage.getByLabel('Status', { exact: true }).selectOption('resolved');
    await staffPage.getByRole('button', { name: 'Filter' }).click();
    await staffPage.waitForURL(/status=resolved/);
    expect(await staffPage.getByTestId(`report-${report.id}`).innerText()).toContain('Resolved by stella: Comment removed and spammy warned. Thanks!');
    await screenshot(staffPage, '50c-staff-reports-resolved');
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, targetId: report.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((entry) => entry.action)).toEqual(['report.assign', 'report.resolve']);

    // The reporter reads the outcome.
    await ritaPage.goto(`${origin}/notifications`);
    expect(await ritaPage.getByTestId('notification-list').innerText()).toContain(
      'Staff resolved your report on comment "spammy: Cheap invites at example.invalid": Comment removed and spammy warned. Thanks!',
    );
    await screenshot(ritaPage, '50d-reporter-notified');

    // Staff reopen it from the resolved list: it leaves that list and is back in the queue, in progress
    // (still stella's); audited, and the reporter is not told. Resolved again, she is told again.
    const resolvedRow = staffPage.getByTestId(`report-${report.id}`);
    await resolvedRow.getByRole('button', { name: 'Reopen' }).click();
    await staffPage.getByTestId('reports-empty').waitFor({ timeout: 20_000 });
    await staffPage.goto(`${origin}/staff/reports`);
    const reopenedRow = staffPage.getByTestId(`report-${report.id}`);
    await reopenedRow.waitFor();
    expect(await reopenedRow.getByTestId(`report-${report.id}-status`).innerText()).toBe('In progress');
    expect(await reopenedRow.getByTestId(`report-${report.id}-assignee`).innerText()).toBe('stella');
    await screenshot(staffPage, '50h-staff-report-reopened');
    const reopenAudit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, targetId: report.id }, orderBy: { createdAt: 'asc' } });
    expect(reopenAudit.map((entry) => entry.action)).toEqual(['report.assign', 'report.resolve', 'report.reopen']);
    const ritaNotices = () => systemClient().notification.count({ where: { memberId: reporter.id, kind: 'report.closed' } });
    expect(await ritaNotices()).toBe(1);
    await reopenedRow.getByLabel('Status', { exact: true }).selectOption('resolved');
    await reopenedRow.getByLabel('Resolution note (required; the reporter sees it)').fill('Removed again; spammy suspended.');
    await reopenedRow.getByRole('button', { name: 'Save status' }).click();
    await staffPage.getByTestId('reports-empty').waitFor({ timeout: 20_000 });
    await expect.poll(ritaNotices, { timeout: 20_000 }).toBe(2);
    await ritaPage.goto(`${origin}/notifications`);
    expect(await ritaPage.getByTestId('notification-list').innerText()).toContain('Removed again; spammy suspended.');
  });

  it('a member opens a ticket, staff reply from the queue, the member sees it; nobody else can', async () => {
    const { origin, member } = await community();
    const asker = await member('tom');
    const other = await member('olga');
    const staff = await member('sam', 'staff');

    const tomPage = await logIn(origin, asker.username);
    // The member's header is one line at 1280 px (it wrapped to two before the "More" menu).
    const navHeight = (await tomPage.getByRole('navigation', { name: 'Main' }).boundingBox())?.height ?? 0;
    expect(navHeight).toBeGreaterThan(0);
    expect(navHeight).toBeLessThan(70);
    // Tickets is in the header's "More" menu: opened from the keyboard, Escape closes it.
    const more = tomPage.getByTestId('nav-more').locator('summary');
    await more.focus();
    await tomPage.keyboard.press('Enter');
    await tomPage.getByRole('link', { name: 'Tickets', exact: true }).waitFor();
    await screenshot(tomPage, '50e-member-more-menu');
    await tomPage.keyboard.press('Escape');
    await tomPage.getByRole('link', { name: 'Tickets', exact: true }).waitFor({ state: 'hidden' });
    expect(await more.evaluate((element) => element === document.activeElement)).toBe(true);
    await tomPage.keyboard.press('Enter');
    await tomPage.getByRole('link', { name: 'Tickets', exact: true }).click();
    await tomPage.waitForURL(`${origin}/tickets`);
    await tomPage.getByTestId('tickets-empty').waitFor();
    await tomPage.getByLabel('Category').selectOption('tracker_client');
    await tomPage.getByLabel('Priority').selectOption('high');
    await tomPage.getByLabel('Subject').fill('Unregistered torrent in qBittorrent');
    await tomPage.getByLabel('What do you need?').fill('My client says *unregistered torrent* for everything.\n\n<script>alert(1)</script>');
    await tomPage.getByRole('button', { name: 'Open ticket' }).click();
    await tomPage.waitForURL(new RegExp(`${origin}/tickets/[0-9a-f-]{36}$`));
    const ticketUrl = tomPage.url();
    // The safe renderer: Markdown emphasis yes, raw HTML as text.
    expect(await tomPage.getByTestId('ticket-thread').locator('em').innerText()).toBe('unregistered torrent');
    expect(await tomPage.getByTestId('ticket-thread').locator('script').count()).toBe(0);

    const samPage = await logIn(origin, staff.username);
    await samPage.goto(`${origin}/staff`);
    expect(await samPage.getByTestId('staff-tickets-link').innerText()).toBe('Tickets (1 waiting on staff)');
    await samPage.getByTestId('staff-tickets-link').click();
    await samPage.waitForURL(`${origin}/staff/tickets`);
    const queueRow = samPage.getByTestId('ticket-queue').locator('tbody tr');
    expect(await queueRow.count()).toBe(1);
    expect(await queueRow.innerText()).toMatch(/^High\tUnregistered torrent in qBittorrent \(1\)\ttom\tTracker \/ client\tOpen\t—\t\d+ min$/);
    await screenshot(samPage, '50e-staff-ticket-queue');
    await queueRow.getByRole('link', { name: 'Unregistered torrent in qBittorrent' }).click();
    await samPage.waitForURL(ticketUrl);
    await samPage.getByLabel('Your reply').fill('Re-download the .torrent: your passkey was **rotated**.');
    await samPage.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(async () => (await systemClient().ticketReply.count({ where: { fromStaff: true, authorId: staff.id } })), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => samPage.getByTestId('ticket-status').innerText(), { timeout: 20_000 }).toBe('Waiting on member');
    expect(await samPage.getByText('Assigned to sam').count()).toBe(1);
    await screenshot(samPage, '50f-staff-ticket-thread');

    await tomPage.goto(`${origin}/notifications`);
    await tomPage.getByRole('link', { name: 'sam replied to your ticket "Unregistered torrent in qBittorrent"' }).click();
    await tomPage.waitForURL(ticketUrl);
    expect(await tomPage.getByTestId('ticket-thread').locator('li').nth(1).innerText()).toMatch(/^sam \(staff\) · .* UTC\n+Re-download the \.torrent: your passkey was rotated\.$/);
    expect(await tomPage.getByTestId('ticket-thread').locator('li').nth(1).locator('strong').nth(1).innerText()).toBe('rotated');
    await screenshot(tomPage, '50g-member-ticket-reply');

    // Another member: 404 on the ticket, and not in their list.
    const olgaPage = await logIn(origin, other.username);
    const response = await olgaPage.goto(ticketUrl);
    expect(response?.status()).toBe(404);
    await olgaPage.goto(`${origin}/tickets`);
    await olgaPage.getByTestId('tickets-empty').waitFor();
  });
});
