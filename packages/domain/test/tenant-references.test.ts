// Ids that come from input and point at another tenant's rows (issue #16, item 8): the
// use cases read the referenced row through the tenant scope first and refuse it by
// name, whichever client (row-level security or the system role) they write with.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { afterAll, describe, expect, it } from 'vitest';
import { editTorrent, registerTorrent, uploadTorrent } from '../src/index';
import { makeTorrent, newTenant, redis, TRACKER } from './helpers';

afterAll(() => redis.quit());

const publisher = { publish: async () => 0 };

async function staffOf(tenantId: string) {
  const username = `s${randomBytes(4).toString('hex')}`;
  return systemClient().member.create({
    data: { tenantId, username, email: `${username}@x.org`, passwordHash: 'x', passkey: randomBytes(16).toString('hex'), rssKey: randomBytes(16).toString('hex'), role: 'staff' },
    select: { id: true },
  });
}

async function categoryOf(tenantId: string) {
  const slug = `c${randomBytes(4).toString('hex')}`;
  return systemClient().category.create({ data: { tenantId, name: slug, slug }, select: { id: true } });
}

describe("another tenant's category", () => {
  it('is refused when staff edit a torrent, and the torrent keeps its own', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const staff = await staffOf(tenant.id);
    const own = await categoryOf(tenant.id);
    const foreign = await categoryOf(other.id);
    const torrent = await uploadTorrent({ tenant, uploaderId: staff.id, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER, categoryId: own.id });
    const context = { publisher, tenantId: tenant.id, staffId: staff.id };

    await expect(editTorrent(context, torrent.id, { categoryId: foreign.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/category does not exist here/),
    });
    const row = await systemClient().torrent.findUniqueOrThrow({ where: { id: torrent.id }, select: { categoryId: true } });
    expect(row.categoryId).toBe(own.id);
    // Its own categories and none at all still work.
    await editTorrent(context, torrent.id, { categoryId: null });
    await editTorrent(context, torrent.id, { categoryId: own.id });
  });

  it('is refused on upload and on registration through the system role', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const staff = await staffOf(tenant.id);
    const foreign = await categoryOf(other.id);
    await expect(uploadTorrent({ tenant, uploaderId: staff.id, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER, categoryId: foreign.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    // The CLI registers with the system client, which row-level security does not filter.
    const file = makeTorrent();
    await expect(
      registerTorrent({ db: systemClient(), tenantId: tenant.id, tenantSlug: tenant.slug, uploaderId: staff.id, torrentFile: file, trackerBaseUrl: TRACKER, categoryId: foreign.id, status: 'approved' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/category does not exist here/) });
    expect(await systemClient().torrent.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});
