// Row-level security as the application sees it: through forTenant/withTenant one
// tenant's rows only, without a tenant context none, and the system role sees all.
import { inject } from 'vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appClient,
  createPrismaClient,
  forTenant,
  TenantScopeError,
  withTenant,
} from '../src/index';
import { systemClient } from '../src/system';
import { hex, makeTenant } from './helpers';

let a: Awaited<ReturnType<typeof makeTenant>>;
let b: Awaited<ReturnType<typeof makeTenant>>;

beforeAll(async () => {
  a = await makeTenant('alpha');
  b = await makeTenant('beta');
});

describe('forTenant', () => {
  it('reads only its own tenant', async () => {
    const torrents = await forTenant(a.tenant.id).torrent.findMany({
      where: { id: { in: [a.torrent.id, b.torrent.id] } },
    });
    expect(torrents.map((torrent) => torrent.id)).toEqual([a.torrent.id]);
    expect(
      await forTenant(a.tenant.id).torrent.findUnique({ where: { id: b.torrent.id } }),
    ).toBeNull();
    const members = await forTenant(b.tenant.id).member.findMany();
    expect(members.every((member) => member.tenantId === b.tenant.id)).toBe(true);
  });

  it('cannot update or delete another tenant’s rows', async () => {
    const scoped = forTenant(a.tenant.id);
    await expect(
      scoped.torrent.update({ where: { id: b.torrent.id }, data: { name: 'hijacked' } }),
    ).rejects.toMatchObject({
      code: 'P2025',
    });
    expect(
      (await scoped.torrent.updateMany({ where: { id: b.torrent.id }, data: { name: 'hijacked' } }))
        .count,
    ).toBe(0);
    await expect(scoped.category.delete({ where: { id: b.category.id } })).rejects.toMatchObject({
      code: 'P2025',
    });
    expect((await scoped.member.deleteMany({ where: { id: b.member.id } })).count).toBe(0);
    expect(
      await scoped.$executeRaw`UPDATE torrents SET name = 'hijacked' WHERE id = ${b.torrent.id}::uuid`,
    ).toBe(0);

    const untouched = await systemClient().torrent.findUniqueOrThrow({
      where: { id: b.torrent.id },
    });
    expect(untouched.name).toBe('beta torrent');
    expect(await systemClient().category.count({ where: { id: b.category.id } })).toBe(1);
  });

  it('cannot write rows into another tenant (WITH CHECK)', async () => {
    await expect(
      forTenant(a.tenant.id).category.create({
        data: { tenantId: b.tenant.id, name: 'Smuggled', slug: 'smuggled' },
      }),
    ).rejects.toThrow(/row-level security/);
    await expect(
      forTenant(a.tenant.id).torrent.update({
        where: { id: a.torrent.id },
        data: { tenantId: b.tenant.id },
      }),
    ).rejects.toThrow(/row-level security/);
    expect(await systemClient().category.count({ where: { slug: 'smuggled' } })).toBe(0);
  });

  it('writes and reads its own rows', async () => {
    const scoped = forTenant(a.tenant.id);
    const tag = await scoped.tag.create({ data: { tenantId: a.tenant.id, name: 'HDR' } });
    await scoped.torrentTag.create({
      data: { tenantId: a.tenant.id, torrentId: a.torrent.id, tagId: tag.id },
    });
    const withTags = await scoped.torrent.findUniqueOrThrow({
      where: { id: a.torrent.id },
      include: { tags: { include: { tag: true } } },
    });
    expect(withTags.tags.map((link) => link.tag.name)).toEqual(['HDR']);
    const rows = await scoped.$queryRaw<
      { count: bigint }[]
    >`SELECT count(*) AS count FROM torrents`;
    expect(rows[0]?.count).toBe(1n);
    const unsafe = await scoped.$queryRawUnsafe<{ count: bigint }[]>(
      'SELECT count(*) AS count FROM torrents',
    );
    expect(unsafe[0]?.count).toBe(1n);
  });

  it('refuses ids that are not UUIDs and its own $transaction', async () => {
    expect(() => forTenant("x' OR true --")).toThrow(TenantScopeError);
    expect(() => forTenant(a.tenant.id).$transaction()).toThrow(/withTenant/);
  });

  it('leaves the .torrent bytes out unless selected', async () => {
    const listed = await forTenant(a.tenant.id).torrent.findUniqueOrThrow({
      where: { id: a.torrent.id },
    });
    expect('torrentFile' in listed).toBe(false);
    const download = await forTenant(a.tenant.id).torrent.findUniqueOrThrow({
      where: { id: a.torrent.id },
      select: { torrentFile: true },
    });
    expect(Buffer.from(download.torrentFile).toString()).toBe('d4:infod4:name1:xee');
  });
});

describe('withTenant', () => {
  it('runs several queries in one scoped transaction', async () => {
    const result = await withTenant(a.tenant.id, async (tx) => {
      const visible = await tx.$queryRaw<
        { tenant_id: string }[]
      >`SELECT tenant_id::text FROM members`;
      await tx.bookmark.create({
        data: { tenantId: a.tenant.id, memberId: a.member.id, torrentId: a.torrent.id },
      });
      return { visible, bookmarks: await tx.bookmark.count() };
    });
    expect(new Set(result.visible.map((row) => row.tenant_id))).toEqual(new Set([a.tenant.id]));
    expect(result.bookmarks).toBe(1);
  });

  it('rolls back everything when the work throws', async () => {
    await expect(
      withTenant(a.tenant.id, async (tx) => {
        await tx.chatRoom.create({ data: { tenantId: a.tenant.id, slug: 'lobby', name: 'Lobby' } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await systemClient().chatRoom.count({ where: { tenantId: a.tenant.id } })).toBe(0);
  });

  it('cannot see another tenant by id', async () => {
    const found = await withTenant(b.tenant.id, (tx) =>
      tx.torrent.findUnique({ where: { id: a.torrent.id } }),
    );
    expect(found).toBeNull();
  });
});

describe('the application role without a tenant context', () => {
  it('sees no tenant rows', async () => {
    const rows = await appClient().$queryRaw<{ count: bigint }[]>`
      SELECT (SELECT count(*) FROM torrents) + (SELECT count(*) FROM members) + (SELECT count(*) FROM categories) AS count`;
    expect(rows[0]?.count).toBe(0n);
    expect(await appClient().member.count()).toBe(0);
  });

  it('does not leak a tenant through a pooled connection', async () => {
    const single = createPrismaClient(inject('databaseUrls').app, { poolMax: 1 });
    try {
      await withTenantOn(single, a.tenant.id);
      const rows = await single.$queryRaw<
        { count: bigint }[]
      >`SELECT count(*) AS count FROM torrents`;
      expect(rows[0]?.count).toBe(0n);
    } finally {
      await single.$disconnect();
    }
  });

  it('reads tenants and host names but cannot change them', async () => {
    await systemClient().tenantHost.create({
      data: { tenantId: a.tenant.id, host: `${hex(4)}.example.test` },
    });
    const tenant = await appClient().tenant.findUnique({
      where: { slug: a.tenant.slug },
      include: { hosts: true },
    });
    expect(tenant?.hosts).toHaveLength(1);
    expect(
      (
        await appClient().tenant.updateMany({
          where: { id: a.tenant.id },
          data: { name: 'renamed' },
        })
      ).count,
    ).toBe(0);
    await expect(
      appClient().tenant.create({ data: { slug: `rogue-${hex(3)}`, name: 'Rogue' } }),
    ).rejects.toThrow(/row-level security/);
  });

  it('cannot see operators or ledger batches', async () => {
    await systemClient().operator.create({
      data: { email: `${hex(4)}@example.test`, username: `op-${hex(4)}`, passwordHash: 'x' },
    });
    await systemClient().ledgerBatch.create({ data: { id: `batch-${hex(4)}` } });
    expect(await appClient().operator.count()).toBe(0);
    expect(await forTenant(a.tenant.id).ledgerBatch.count()).toBe(0);
  });

  it('is neither superuser, BYPASSRLS, nor the tables’ owner', async () => {
    const [role] = await appClient().$queryRaw<{ super: boolean; bypass: boolean; owns: bigint }[]>`
      SELECT r.rolsuper AS super, r.rolbypassrls AS bypass,
             (SELECT count(*) FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = current_user) AS owns
        FROM pg_roles r WHERE r.rolname = current_user`;
    expect(role).toEqual({ super: false, bypass: false, owns: 0n });
  });
});

describe('the system role', () => {
  it('sees every tenant and bypasses RLS without owning tables', async () => {
    const torrents = await systemClient().torrent.findMany({
      where: { id: { in: [a.torrent.id, b.torrent.id] } },
    });
    expect(torrents).toHaveLength(2);
    const [role] = await systemClient().$queryRaw<
      { super: boolean; bypass: boolean; owns: bigint }[]
    >`
      SELECT r.rolsuper AS super, r.rolbypassrls AS bypass,
             (SELECT count(*) FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = current_user) AS owns
        FROM pg_roles r WHERE r.rolname = current_user`;
    expect(role).toEqual({ super: false, bypass: true, owns: 0n });
  });
});

async function withTenantOn(client: ReturnType<typeof createPrismaClient>, tenantId: string) {
  await client.$transaction([
    client.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, TRUE)`,
    client.torrent.count(),
  ]);
}
