import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSearchIndex } from '../src/index';

const index = createPostgresSearchIndex();
let tenantA = '';
let tenantB = '';
const ids: Record<string, string> = {};

async function addTorrent(tenantId: string, name: string, status: 'approved' | 'pending' = 'approved') {
  const row = await systemClient().torrent.create({
    data: {
      tenantId,
      infoHash: randomBytes(20).toString('hex'),
      name,
      description: `about ${name}`,
      size: 1000n,
      fileCount: 1,
      pieceLength: 16384,
      torrentFile: new Uint8Array([100, 101]),
      status,
    },
    select: { id: true },
  });
  ids[`${tenantId}:${name}`] = row.id;
  return row.id;
}

beforeAll(async () => {
  const db = systemClient();
  tenantA = (await db.tenant.create({ data: { slug: `sa-${randomBytes(3).toString('hex')}`, name: 'A' } })).id;
  tenantB = (await db.tenant.create({ data: { slug: `sb-${randomBytes(3).toString('hex')}`, name: 'B' } })).id;
  await addTorrent(tenantA, 'ubuntu-24.04-desktop-amd64.iso');
  await addTorrent(tenantA, 'debian-12-netinst.iso');
  await addTorrent(tenantA, 'Big Buck Bunny 1080p');
  await addTorrent(tenantA, 'ubuntu-server-pending.iso', 'pending');
  await addTorrent(tenantB, 'ubuntu-24.04-desktop-amd64.iso');
});

describe('PostgreSQL search index', () => {
  it('finds by a word of the name', async () => {
    const result = await index.search({ tenantId: tenantA, text: 'debian', limit: 10 });
    expect(result.hits.map((hit) => hit.torrentId)).toEqual([ids[`${tenantA}:debian-12-netinst.iso`]]);
  });

  it('still finds a torrent when the query has a typo', async () => {
    const result = await index.search({ tenantId: tenantA, text: 'ubunto', limit: 10 });
    expect(result.hits.map((hit) => hit.torrentId)).toContain(ids[`${tenantA}:ubuntu-24.04-desktop-amd64.iso`]);
    const bunny = await index.search({ tenantId: tenantA, text: 'bunnny', limit: 10 });
    expect(bunny.hits.map((hit) => hit.torrentId)).toContain(ids[`${tenantA}:Big Buck Bunny 1080p`]);
  });

  it('never returns another tenant’s or an unapproved torrent', async () => {
    const result = await index.search({ tenantId: tenantA, text: 'ubuntu', limit: 10 });
    const found = result.hits.map((hit) => hit.torrentId);
    expect(found).toEqual([ids[`${tenantA}:ubuntu-24.04-desktop-amd64.iso`]]);
    expect(found).not.toContain(ids[`${tenantB}:ubuntu-24.04-desktop-amd64.iso`]);
  });

  it('pages and reports more', async () => {
    const first = await index.search({ tenantId: tenantA, text: 'iso', limit: 1 });
    expect(first.hits).toHaveLength(1);
    expect(first.hasMore).toBe(true);
    expect((await index.search({ tenantId: tenantA, text: '   ', limit: 5 })).hits).toEqual([]);
  });
});
