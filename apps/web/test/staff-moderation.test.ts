// Staff tools through the site's API, as the staff page and torrent page call them:
// the moderation queue (approve; reject only with a typed reason), editing description
// and category, and the audit log that records each action.
import type { ApiServices } from '@swarmhost/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, newTenant, siteServices, signedInMember, torrentBase64 } from './support/site';

let services: ApiServices;
beforeAll(() => {
  services = siteServices();
});
afterAll(() => services.redis.disconnect());

describe('staff moderation and editing', () => {
  it('approves from the queue, rejects only with a reason, edits description and category, and audits it all', async () => {
    const tenant = await newTenant({ moderationRequired: true });
    const staff = await signedInMember(services, tenant, { role: 'staff' });
    const uploader = await signedInMember(services, tenant);
    const first = await uploader.api.torrents.upload({ fileBase64: torrentBase64('first-upload') });
    const second = await uploader.api.torrents.upload({ fileBase64: torrentBase64('second-upload') });
    expect([first.status, second.status]).toEqual(['pending', 'pending']);
    expect((await staff.api.staff.queue()).map((row) => row.id)).toEqual([first.id, second.id]);
    expect((await errorOf(uploader.api.staff.queue())).code).toBe('FORBIDDEN');

    await staff.api.staff.approve({ torrentId: first.id });
    const blank = await errorOf(staff.api.staff.reject({ torrentId: second.id, reason: '  ' }));
    expect(blank.code).toBe('BAD_REQUEST');
    expect(blank.message).toMatch(/give a reason/);
    await staff.api.staff.reject({ torrentId: second.id, reason: 'no sample included' });
    expect(await staff.api.staff.queue()).toEqual([]);
    const rejected = await uploader.api.torrents.get({ id: second.id });
    expect(rejected).toMatchObject({ status: 'rejected', statusReason: 'no sample included' });

    const categories = await staff.api.torrents.categories();
    const music = categories.find((category) => category.name === 'Music');
    await staff.api.staff.editTorrent({ torrentId: first.id, description: '## Tracklist\n\n1. Intro', categoryId: music!.id, reason: 'tidy' });
    expect(await uploader.api.torrents.get({ id: first.id })).toMatchObject({ status: 'approved', description: '## Tracklist\n\n1. Intro', category: { name: 'Music' } });
    await staff.api.staff.editTorrent({ torrentId: first.id, categoryId: null });
    expect((await uploader.api.torrents.get({ id: first.id })).category).toBeNull();

    const audit = await staff.api.staff.auditLog();
    const actions = audit.map((entry) => `${entry.actor}:${entry.action}`);
    expect(actions).toEqual(expect.arrayContaining([`${staff.username}:torrent.approve`, `${staff.username}:torrent.reject`, `${staff.username}:torrent.edit`]));
    const edit = audit.find((entry) => entry.action === 'torrent.edit' && (entry.details as { reason: string | null }).reason === 'tidy');
    expect(edit?.details).toMatchObject({ fields: ['description', 'categoryId'] });
    // Entries name their torrent and carry the reason given.
    expect(edit).toMatchObject({ targetType: 'torrent', targetId: first.id, targetLabel: 'first-upload', reason: 'tidy' });
    expect(audit.find((entry) => entry.action === 'torrent.reject')).toMatchObject({ targetId: second.id, targetLabel: 'second-upload', reason: 'no sample included' });
  });
});
