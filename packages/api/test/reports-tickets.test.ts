// The reports and tickets routers through tRPC: signed-out callers are refused, members
// file reports and open tickets but never reach staff procedures, input errors name the
// field, another member's ticket is NOT_FOUND, and staff work both queues.
import { systemClient } from '@swarmhost/db/system';
import { newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServices, callerFor, cookieJar, errorOf, newMemberOf, signedInOn } from './support/api-harness';

const services = apiServices();
const PASSWORD = 'reports and tickets password';

let tenant: { id: string; slug: string };

beforeAll(async () => {
  tenant = await newTenant('rpt');
});

describe('reports and tickets routers', () => {
  it('files and resolves a report, opens and answers a ticket, refuses the rest', async () => {
    const [plain, other, moderator] = await Promise.all([newMemberOf(tenant, 'member', PASSWORD), newMemberOf(tenant, 'member', PASSWORD), newMemberOf(tenant, 'staff', PASSWORD)]);
    const torrent = await newTorrent(tenant, { uploaderId: other.id });

    const anonymous = await callerFor({ services, cookies: cookieJar(), host: `${tenant.slug}.localhost:3000`, ip: '127.0.0.71' });
    expect((await errorOf(anonymous.reports.file({ targetType: 'torrent', targetId: torrent.id, reason: 'fake' }))).code).toBe('UNAUTHORIZED');

    const memberApi = await signedInOn({ services, tenant, account: plain, password: PASSWORD, ip: '127.0.0.71' });
    const badType = await errorOf(memberApi.reports.file({ targetType: 'planet' as 'torrent', targetId: torrent.id, reason: 'fake' }));
    expect(badType).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/targetType/) });
    const shortReason = await errorOf(memberApi.reports.file({ targetType: 'torrent', targetId: torrent.id, reason: 'x' }));
    expect(shortReason.message).toMatch(/^reason: say what is wrong in 3-1000 characters/);
    const filed = await memberApi.reports.file({ targetType: 'torrent', targetId: torrent.id, reason: 'wrong files inside' });
    expect(filed).toMatchObject({ status: 'open', targetLabel: torrent.name });
    expect((await errorOf(memberApi.reports.file({ targetType: 'torrent', targetId: torrent.id, reason: 'again' }))).code).toBe('CONFLICT');
    expect((await errorOf(memberApi.reports.list())).code).toBe('FORBIDDEN');
    expect((await errorOf(memberApi.reports.setStatus({ reportId: filed.id, status: 'dismissed', note: 'not me' }))).code).toBe('FORBIDDEN');

    const staffApi = await signedInOn({ services, tenant, account: moderator, password: PASSWORD, ip: '127.0.0.72' });
    expect(await staffApi.reports.openCount()).toEqual({ open: 1, inProgress: 0, unresolved: 1 });
    expect((await staffApi.reports.list({ status: 'unresolved', page: 1 })).reports.map((report) => report.id)).toEqual([filed.id]);
    const noNote = await errorOf(staffApi.reports.setStatus({ reportId: filed.id, status: 'resolved' }));
    expect(noNote).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^note: write a resolution note/) });
    await staffApi.reports.setStatus({ reportId: filed.id, status: 'resolved', note: 'Replaced with a proper upload.' });
    expect(await memberApi.reports.mine()).toMatchObject([{ id: filed.id, status: 'resolved', resolutionNote: 'Replaced with a proper upload.' }]);

    const ticket = await memberApi.tickets.open({ subject: 'Passkey question', category: 'account', priority: 'normal', body: 'How do I rotate it?' });
    const otherApi = await signedInOn({ services, tenant, account: other, password: PASSWORD, ip: '127.0.0.73' });
    expect((await errorOf(otherApi.tickets.get({ ticketId: ticket.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(otherApi.tickets.reply({ ticketId: ticket.id, body: 'hi' }))).code).toBe('NOT_FOUND');
    expect((await errorOf(memberApi.tickets.list())).code).toBe('FORBIDDEN');
    expect((await errorOf(memberApi.tickets.update({ ticketId: ticket.id, status: 'closed' }))).code).toBe('FORBIDDEN');
    const badCategory = await errorOf(memberApi.tickets.open({ subject: 'x y z', category: 'games' as 'other', body: 'b' }));
    expect(badCategory).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/category/) });

    expect(await staffApi.tickets.openCount()).toEqual({ open: 1, waitingOnMember: 0 });
    await staffApi.tickets.reply({ ticketId: ticket.id, body: 'Settings → Rotate passkey.' });
    await staffApi.tickets.update({ ticketId: ticket.id, priority: 'low' });
    expect(await memberApi.tickets.mine()).toMatchObject([{ id: ticket.id, status: 'waiting_on_member', priority: 'low', replies: 2 }]);
    expect(await systemClient().notification.count({ where: { memberId: plain.id, kind: 'ticket.reply' } })).toBe(1);
  });
});
