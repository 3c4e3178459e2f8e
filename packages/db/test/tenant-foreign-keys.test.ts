// References between tenant-owned rows stay inside one tenant even where row-level
// security does not apply (foreign-key checks ignore it; the system and owner roles
// bypass it): composite (tenant_id, id) foreign keys refuse a cross-tenant reference,
// while the usual delete actions (SET NULL, CASCADE) keep working.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClient } from '../src/system';
import { makeTenant } from './helpers';

let a: Awaited<ReturnType<typeof makeTenant>>;
let b: Awaited<ReturnType<typeof makeTenant>>;
const pools: pg.Pool[] = [];

function pool(url: string): pg.Pool {
  const created = new pg.Pool({ connectionString: url, max: 1 });
  pools.push(created);
  return created;
}

beforeAll(async () => {
  a = await makeTenant('fka');
  b = await makeTenant('fkb');
});
afterAll(async () => {
  await Promise.all(pools.map((each) => each.end()));
});

/** The PostgreSQL error a statement fails with (fails the test when it succeeds). */
async function failure(run: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  const error = await run.then(() => undefined, (caught: unknown) => caught as { code?: string; constraint?: string });
  if (!error) throw new Error('expected the statement to fail');
  return error;
}

describe('tenant-scoped foreign keys', () => {
  it.each(['owner', 'system'] as const)("refuse another tenant's category in raw SQL as the %s role", async (role) => {
    const urls = inject('databaseUrls');
    const db = pool(role === 'owner' ? urls.owner : urls.system);
    const error = await failure(db.query('UPDATE torrents SET category_id = $1 WHERE id = $2', [b.category.id, a.torrent.id]));
    expect(error).toMatchObject({ code: '23503', constraint: 'torrents_category_id_tenant_fkey' });
    // Its own tenant's category is still fine.
    await db.query('UPDATE torrents SET category_id = $1 WHERE id = $2', [a.category.id, a.torrent.id]);
  });

  it("refuse other cross-tenant references too (uploader, comment author, bookmark's torrent)", async () => {
    const db = pool(inject('databaseUrls').owner);
    expect(await failure(db.query('UPDATE torrents SET uploader_id = $1 WHERE id = $2', [b.member.id, a.torrent.id]))).toMatchObject({
      code: '23503',
      constraint: 'torrents_uploader_id_tenant_fkey',
    });
    expect(
      await failure(db.query('INSERT INTO bookmarks (tenant_id, member_id, torrent_id) VALUES ($1, $2, $3)', [a.tenant.id, a.member.id, b.torrent.id])),
    ).toMatchObject({ code: '23503', constraint: 'bookmarks_torrent_id_tenant_fkey' });
  });

  it('still null a deleted category and cascade a deleted member, never touching tenant_id', async () => {
    const own = await makeTenant('fkc');
    const db = systemClient();
    await db.category.delete({ where: { id: own.category.id } });
    const torrent = await db.torrent.findUniqueOrThrow({ where: { id: own.torrent.id }, select: { categoryId: true, tenantId: true, uploaderId: true } });
    expect(torrent).toEqual({ categoryId: null, tenantId: own.tenant.id, uploaderId: own.member.id });
    await db.member.delete({ where: { id: own.member.id } });
    expect((await db.torrent.findUniqueOrThrow({ where: { id: own.torrent.id }, select: { uploaderId: true } })).uploaderId).toBeNull();
  });
});
