// The home page (issue 12) through tRPC: news by staff only (audited), the latest and
// most seeded torrents, the biggest open requests, the member's own figures and
// warnings, and who was on the site lately (another tenant's members never).
import { withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { bookPoints } from '@swarmhost/domain';
import { newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { describe, expect, it } from 'vitest';
import { apiServices, errorOf, newMemberOf, signedInOn } from './support/api-harness';

const services = apiServices();
const PASSWORD = 'home page password';

describe('home page', () => {
  it('shows news, torrents, requests, the member at a glance and who is online', async () => {
    const tenant = await newTenant('home');
    const other = await newTenant('homeother');
    const staff = await newMemberOf(tenant, 'staff', PASSWORD);
    const member = await newMemberOf(tenant, 'member', PASSWORD);
    const stranger = await newMemberOf(other, 'member', PASSWORD);
    const staffApi = await signedInOn({ services, tenant, account: staff, password: PASSWORD, ip: '127.0.0.81' });
    const api = await signedInOn({ services, tenant, account: member, password: PASSWORD, ip: '127.0.0.81' });
    await signedInOn({ services, tenant: other, account: stranger, password: PASSWORD, ip: '127.0.0.81' });

    const empty = await api.home.get();
    expect(empty).toMatchObject({ news: [], latest: [], mostSeeded: [], requests: [], me: { ratio: null, points: '0', activeWarnings: 0 } });
    expect(empty.online.members.map((row) => row.username).sort()).toEqual([member.username, staff.username].sort());

    expect((await errorOf(api.home.postNews({ title: 'Hi', body: 'no' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(staffApi.home.postNews({ title: '  ', body: 'x' }))).message).toBe('title: give the news a title');
    const post = await staffApi.home.postNews({ title: 'Welcome', body: 'Seed what you **take**.' });
    const [old, seeded] = [await newTorrent(tenant), await newTorrent(tenant)];
    await systemClient().torrent.update({ where: { id: seeded.id }, data: { seeders: 7 } });
    await systemClient().torrent.update({ where: { id: old.id }, data: { createdAt: new Date('2020-01-01T00:00:00Z') } });
    await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: member.id, amount: 300, reason: 'staff_adjustment' }));
    await api.requests.create({ title: 'Wanted thing', bounty: 120 });
    await systemClient().member.update({ where: { id: member.id }, data: { creditedUploadBytes: 3n * 1024n ** 3n, creditedDownloadBytes: 2n * 1024n ** 3n } });

    const home = await api.home.get();
    expect(home.news).toEqual([expect.objectContaining({ id: post.id, title: 'Welcome', author: staff.username })]);
    expect(home.latest.map((row) => row.id)).toEqual([seeded.id, old.id]);
    expect(home.mostSeeded.map((row) => [row.id, row.seeders])).toEqual([[seeded.id, 7]]);
    expect(home.requests).toEqual([expect.objectContaining({ title: 'Wanted thing', bounty: '120', voters: 1 })]);
    expect(home.me).toMatchObject({ ratio: 1.5, points: '180', activeWarnings: 0 });
    expect(home.online.count).toBe(2);

    await staffApi.home.deleteNews({ id: post.id });
    expect((await api.home.get()).news).toEqual([]);
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, targetType: 'news' }, orderBy: { createdAt: 'asc' }, select: { action: true } });
    expect(audit.map((row) => row.action)).toEqual(['news.post', 'news.delete']);
  });
});
