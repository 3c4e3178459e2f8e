import { parseMetainfo } from '@swarmhost/bittorrent/metainfo';
import { systemClient } from '@swarmhost/db/system';
import { createPostgresSearchIndex } from '@swarmhost/search';
import { afterAll, describe, expect, it } from 'vitest';
import {
  approveTorrent,
  browseTorrents,
  deleteTorrent,
  downloadTorrent,
  getTorrent,
  listAuditLog,
  listModerationQueue,
  postgresPeerSource,
  registerMember,
  searchTorrents,
  uploadTorrent,
} from '../src/index';
import { makeTorrent, memoryMail, newTenant, redis, TRACKER } from './helpers';

afterAll(() => redis.quit());

async function memberOf(tenant: { id: string; settings: unknown; name: string }, username: string, role: 'member' | 'staff' = 'member') {
  const { memberId } = await registerMember({ redis, mail: memoryMail(), tenant: { ...tenant, settings: { registrationMode: 'open' } }, siteUrl: 'http://s', username, email: `${username}@x.org`, password: 'long enough' });
  return systemClient().member.update({ where: { id: memberId }, data: { role }, select: { id: true, role: true, passkey: true, username: true } });
}

const publisher = { sent: [] as string[], publish: async (_channel: string, message: string) => void publisher.sent.push(message) };

describe('torrents', () => {
  it('uploads, refuses a duplicate with a link, and serves the personalised file only in its tenant', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const alice = await memberOf(tenant, 'alice');
    const mallory = await memberOf(other, 'mallory');
    const file = makeTorrent('ubuntu-24.04-desktop.iso');
    const uploaded = await uploadTorrent({ publisher, tenant, uploaderId: alice.id, torrentFile: file, trackerBaseUrl: TRACKER, tags: ['Linux', 'iso'], description: '# Ubuntu' });
    expect(uploaded.status).toBe('approved');
    expect(publisher.sent.some((message) => message.includes(uploaded.infoHash))).toBe(true);
    await expect(uploadTorrent({ tenant, uploaderId: alice.id, torrentFile: file, trackerBaseUrl: TRACKER })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { torrentId: uploaded.id },
    });

    // An unconfirmed e-mail address may browse but not download.
    await expect(downloadTorrent({ tenantId: tenant.id, torrentId: uploaded.id, member: alice, trackerBaseUrl: TRACKER })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'email-unverified' },
    });
    await systemClient().member.update({ where: { id: alice.id }, data: { emailVerifiedAt: new Date() } });
    const download = await downloadTorrent({ tenantId: tenant.id, torrentId: uploaded.id, member: alice, trackerBaseUrl: TRACKER });
    const parsed = parseMetainfo(download.bytes);
    expect(parsed.announce).toBe(`${TRACKER}/${alice.passkey}/announce`);
    expect(parsed.infoHash).toBe(uploaded.infoHash);
    expect(parsed.private).toBe(true);

    // Not found comes first: an unconfirmed member of another tenant learns nothing more.
    await expect(downloadTorrent({ tenantId: other.id, torrentId: uploaded.id, member: mallory, trackerBaseUrl: TRACKER })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getTorrent({ peers: postgresPeerSource(), tenantId: other.id, torrentId: uploaded.id, viewer: mallory })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const page = await getTorrent({ peers: postgresPeerSource(), tenantId: tenant.id, torrentId: uploaded.id, viewer: alice });
    expect(page.tags).toEqual(['iso', 'linux']);
    expect(page.peers).toEqual({ seeders: 0, leechers: 0, partialSeeds: 0, members: 0 });

    const search = await searchTorrents({ searchIndex: createPostgresSearchIndex(), tenantId: tenant.id, text: 'ubunto' });
    expect(search.items.map((item) => item.id)).toEqual([uploaded.id]);
    expect((await searchTorrents({ searchIndex: createPostgresSearchIndex(), tenantId: other.id, text: 'ubuntu' })).items).toEqual([]);
  });

  it('browses with filters, sorting and pages', async () => {
    const tenant = await newTenant();
    const bob = await memberOf(tenant, 'bob');
    const categories = await systemClient().category.findMany({ where: { tenantId: tenant.id } });
    const movies = categories.find((category) => category.slug === 'movies');
    for (let index = 0; index < 3; index++) {
      await uploadTorrent({ tenant, uploaderId: bob.id, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER, categoryId: index === 0 ? movies?.id : undefined, tags: index === 2 ? ['flac'] : [] });
    }
    const all = await browseTorrents({ tenantId: tenant.id, memberId: bob.id, pageSize: 2 });
    expect(all.items).toHaveLength(2);
    expect(all.hasMore).toBe(true);
    const second = await browseTorrents({ tenantId: tenant.id, memberId: bob.id, pageSize: 2, page: 2 });
    expect(second.items).toHaveLength(1);
    expect(second.hasMore).toBe(false);
    expect((await browseTorrents({ tenantId: tenant.id, memberId: bob.id, category: 'movies' })).items).toHaveLength(1);
    expect((await browseTorrents({ tenantId: tenant.id, memberId: bob.id, tag: 'flac' })).items).toHaveLength(1);
    expect((await browseTorrents({ tenantId: tenant.id, memberId: bob.id, mine: 'seeding' })).items).toHaveLength(0);
    const bySize = await browseTorrents({ tenantId: tenant.id, memberId: bob.id, sort: 'size', order: 'asc' });
    expect(bySize.items.map((item) => item.size)).toEqual([...bySize.items.map((item) => item.size)].sort((a, b) => a - b));
  });

  it("pages the member's own swarms (seeding, leeching) in every sort, without gaps or repeats", async () => {
    const tenant = await newTenant();
    const bob = await memberOf(tenant, 'bob');
    const carol = await memberOf(tenant, 'carol');
    const torrents: { id: string; size: bigint; seeders: number; createdAt: Date }[] = [];
    for (let index = 0; index < 9; index++) {
      const torrent = await uploadTorrent({ tenant, uploaderId: carol.id, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER });
      // Sizes and seeders in an order unlike the upload order; two equal sizes (ties break by id).
      const data = { size: [5, 1, 9, 3, 3, 7, 2, 8, 6][index]! * 1_000_000, seeders: [2, 8, 1, 6, 4, 9, 3, 7, 5][index]!, createdAt: new Date(Date.UTC(2026, 0, 1 + index)) };
      torrents.push(await systemClient().torrent.update({ where: { id: torrent.id }, data, select: { id: true, size: true, seeders: true, createdAt: true } }));
    }
    // Bob seeds six (one of them as a second member too), leeches one, and left one.
    const history = (memberId: string, torrentId: string, active: boolean, seeding: boolean) => ({ tenantId: tenant.id, memberId, torrentId, active, seeding });
    await systemClient().history.createMany({
      data: [
        ...[0, 1, 3, 4, 6, 8].map((index) => history(bob.id, torrents[index]!.id, true, true)),
        history(bob.id, torrents[2]!.id, true, false),
        history(bob.id, torrents[5]!.id, false, true),
        history(carol.id, torrents[7]!.id, true, true),
      ],
    });
    const seeding = torrents.filter((_, index) => [0, 1, 3, 4, 6, 8].includes(index));
    const byIdDescending = (a: { id: string }, b: { id: string }) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
    const expected = {
      added: [...seeding].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || byIdDescending(a, b)),
      size: [...seeding].sort((a, b) => Number(a.size - b.size) || -byIdDescending(a, b)),
      seeders: [...seeding].sort((a, b) => b.seeders - a.seeders || byIdDescending(a, b)),
    };
    const orders = { added: 'desc', size: 'asc', seeders: 'desc' } as const;
    for (const sort of ['added', 'size', 'seeders'] as const) {
      const seen: string[] = [];
      for (let page = 1; ; page++) {
        const result = await browseTorrents({ tenantId: tenant.id, memberId: bob.id, mine: 'seeding', sort, order: orders[sort], pageSize: 4, page });
        seen.push(...result.items.map((item) => item.id));
        if (!result.hasMore) break;
      }
      expect({ sort, ids: seen }).toEqual({ sort, ids: expected[sort].map((torrent) => torrent.id) });
    }
    const leeching = await browseTorrents({ tenantId: tenant.id, memberId: bob.id, mine: 'leeching' });
    expect(leeching.items.map((item) => item.id)).toEqual([torrents[2]!.id]);
    expect(leeching.items[0]).toMatchObject({ size: 9_000_000, seeders: 1, uploader: 'carol' });
  });

  it('applies the browse filters together with search text', async () => {
    const tenant = await newTenant();
    const bob = await memberOf(tenant, 'bob');
    const movies = await systemClient().category.findFirstOrThrow({ where: { tenantId: tenant.id, slug: 'movies' } });
    const upload = (name: string, extra: { categoryId?: string; tags?: string[] } = {}) =>
      uploadTorrent({ tenant, uploaderId: bob.id, torrentFile: makeTorrent(name), trackerBaseUrl: TRACKER, ...extra });
    const film = await upload('Harbor Lights 2160p', { categoryId: movies.id });
    const soundtrack = await upload('Harbor Lights OST', { tags: ['flac'] });
    const extras = await upload('Harbor Lights extras');
    await upload('Unrelated 1080p', { categoryId: movies.id, tags: ['flac'] });
    await systemClient().torrent.update({ where: { id: extras.id }, data: { freeleechPercent: 50 } });
    await systemClient().history.create({ data: { tenantId: tenant.id, memberId: bob.id, torrentId: soundtrack.id, active: true, seeding: true } });
    await systemClient().history.create({ data: { tenantId: tenant.id, memberId: bob.id, torrentId: film.id, active: true, seeding: false } });

    const search = async (filters: { category?: string; tag?: string; freeleech?: boolean; mine?: 'seeding' | 'leeching' }, text = 'harbor lights') =>
      (await searchTorrents({ searchIndex: createPostgresSearchIndex(), tenantId: tenant.id, memberId: bob.id, text, ...filters })).items.map((item) => item.id).sort();
    const sorted = (...ids: string[]) => [...ids].sort();
    expect(await search({})).toEqual(sorted(film.id, soundtrack.id, extras.id));
    expect(await search({ category: 'movies' })).toEqual([film.id]);
    expect(await search({ tag: 'FLAC' })).toEqual([soundtrack.id]);
    expect(await search({ freeleech: true })).toEqual([extras.id]);
    expect(await search({ mine: 'seeding' })).toEqual([soundtrack.id]);
    expect(await search({ mine: 'leeching' })).toEqual([film.id]);
    expect(await search({ category: 'movies', mine: 'seeding' })).toEqual([]);
    // The typo path narrows the same way.
    expect(await search({ category: 'movies' }, 'harbr')).toEqual([film.id]);
  });

  it('counts every torrent as freeleech while the tenant’s freeleech event runs', async () => {
    const tenant = await newTenant();
    const bob = await memberOf(tenant, 'bob');
    const plain = await uploadTorrent({ tenant, uploaderId: bob.id, torrentFile: makeTorrent('Harbor plain'), trackerBaseUrl: TRACKER });
    const half = await uploadTorrent({ tenant, uploaderId: bob.id, torrentFile: makeTorrent('Harbor half'), trackerBaseUrl: TRACKER });
    await systemClient().torrent.update({ where: { id: half.id }, data: { freeleechPercent: 50 } });
    const event = (freeleechEvent: Record<string, unknown>) => ({ freeleechEvent });
    const browse = (tenantSettings: unknown) => browseTorrents({ tenantId: tenant.id, memberId: bob.id, freeleech: true, tenantSettings });
    const search = (tenantSettings: unknown) => searchTorrents({ searchIndex: createPostgresSearchIndex(), tenantId: tenant.id, memberId: bob.id, text: 'harbor', freeleech: true, tenantSettings });
    const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id).sort();

    // No event: only the torrent with its own freeleech.
    expect(ids(await browse({}))).toEqual([half.id]);
    expect(ids(await search({}))).toEqual([half.id]);
    // A running event: every torrent, each showing the stronger of the two percents.
    const running = event({ active: true, percent: 75 });
    const during = await browse(running);
    expect(ids(during)).toEqual([plain.id, half.id].sort());
    expect(Object.fromEntries(during.items.map((item) => [item.id, item.freeleechPercent]))).toEqual({ [plain.id]: 75, [half.id]: 75 });
    expect(ids(await search(running))).toEqual([plain.id, half.id].sort());
    // An event past its end, or one that only doubles upload, frees nothing.
    expect(ids(await browse(event({ active: true, percent: 100, endsAt: new Date(Date.now() - 60_000).toISOString() })))).toEqual([half.id]);
    expect(ids(await search(event({ active: true, percent: 0, doubleUpload: true })))).toEqual([half.id]);
  });

  it('queues uploads when the tenant moderates; staff approve and delete with an audit trail', async () => {
    const tenant = await newTenant({ moderationRequired: true });
    const carol = await memberOf(tenant, 'carol');
    const staff = await memberOf(tenant, 'mod', 'staff');
    const uploaded = await uploadTorrent({ tenant, uploaderId: carol.id, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER });
    expect(uploaded.status).toBe('pending');
    expect((await browseTorrents({ tenantId: tenant.id, memberId: carol.id })).items).toHaveLength(0);
    expect((await listModerationQueue(tenant.id)).map((row) => row.id)).toEqual([uploaded.id]);
    const context = { publisher, tenantId: tenant.id, staffId: staff.id };
    await approveTorrent(context, uploaded.id);
    expect((await browseTorrents({ tenantId: tenant.id, memberId: carol.id })).items).toHaveLength(1);
    await expect(deleteTorrent(context, uploaded.id, '')).rejects.toThrow(/give a reason/);
    await deleteTorrent(context, uploaded.id, 'duplicate of a better release');
    const row = await systemClient().torrent.findUnique({ where: { id: uploaded.id } });
    expect(row?.statusReason).toBe('duplicate of a better release');
    expect((await listAuditLog(tenant.id)).map((entry) => entry.action)).toEqual(['torrent.delete', 'torrent.approve', 'tenant.create']);
  });
});
