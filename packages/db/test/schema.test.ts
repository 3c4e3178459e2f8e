// The migrated database matches the Prisma schema, and the hand-written constraints
// hold: every model queries, RLS covers every tenant table, checks reject bad values.
import { describe, expect, it } from 'vitest';
import { forTenant, Prisma } from '../src/index';
import { systemClient } from '../src/system';
import { hex, makeTenant } from './helpers';

function delegateName(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}

describe('schema', () => {
  it('every model can be queried through Prisma', async () => {
    const db = systemClient() as unknown as Record<
      string,
      { findFirst(): Promise<unknown> } | undefined
    >;
    const models = Object.values(Prisma.ModelName);
    expect(models.length).toBeGreaterThanOrEqual(29);
    for (const model of models) {
      const delegate = db[delegateName(model)];
      if (!delegate) throw new Error(`no client delegate for ${model}`);
      await delegate.findFirst();
    }
  });

  it('every table with tenant_id has forced row-level security and a policy', async () => {
    const rows = await systemClient().$queryRaw<
      { table: string; enabled: boolean; forced: boolean; policies: bigint }[]
    >`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
       WHERE c.relkind = 'r'`;
    expect(rows.length).toBeGreaterThanOrEqual(25);
    for (const row of rows) expect(row, row.table).toMatchObject({ enabled: true, forced: true });
    for (const row of rows) expect(row.policies, row.table).toBeGreaterThan(0n);
  });

  it('usernames are unique per tenant regardless of case', async () => {
    const { tenant } = await makeTenant('cases');
    const other = await makeTenant('cases2');
    const base = { passwordHash: 'x' };
    await systemClient().member.create({
      data: {
        ...base,
        tenantId: tenant.id,
        username: 'Alice',
        email: 'a1@example.test',
        passkey: hex(16),
        rssKey: hex(16),
      },
    });
    await expect(
      systemClient().member.create({
        data: {
          ...base,
          tenantId: tenant.id,
          username: 'alice',
          email: 'a2@example.test',
          passkey: hex(16),
          rssKey: hex(16),
        },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    await systemClient().member.create({
      data: {
        ...base,
        tenantId: other.tenant.id,
        username: 'ALICE',
        email: 'a1@example.test',
        passkey: hex(16),
        rssKey: hex(16),
      },
    });
    const found = await forTenant(tenant.id).member.findFirst({ where: { username: 'aLiCe' } });
    expect(found?.username).toBe('Alice');
  });

  it('rejects bad passkeys, info hashes, freeleech steps and slugs', async () => {
    const { tenant, torrent } = await makeTenant('checks');
    const db = systemClient();
    await expect(
      db.torrent.update({ where: { id: torrent.id }, data: { freeleechPercent: 30 } }),
    ).rejects.toThrow(/torrents_freeleech_percent_step/);
    await expect(
      db.torrent.update({ where: { id: torrent.id }, data: { infoHash: 'Z'.repeat(40) } }),
    ).rejects.toThrow(/torrents_info_hash_format/);
    await expect(
      db.member.create({
        data: {
          tenantId: tenant.id,
          username: 'bad',
          email: 'bad@x.test',
          passwordHash: 'x',
          passkey: 'nothex'.padEnd(32, '!'),
          rssKey: hex(16),
        },
      }),
    ).rejects.toThrow(/members_passkey_format/);
    await expect(db.tenant.create({ data: { slug: 'Not_A_Slug', name: 'x' } })).rejects.toThrow(
      /tenants_slug_format/,
    );
    await expect(
      db.member.updateMany({
        where: { tenantId: tenant.id },
        data: { bonusPoints: { decrement: 1 } },
      }),
    ).rejects.toThrow(/members_balances_not_negative/);
  });

  it('finds torrents through the search vector', async () => {
    const { tenant } = await makeTenant('search');
    await systemClient().torrent.create({
      data: {
        tenantId: tenant.id,
        infoHash: hex(20),
        name: 'Big Buck Bunny 1080p',
        description: 'Blender open movie',
        size: 1n,
        fileCount: 1,
        pieceLength: 16384,
        torrentFile: Buffer.from('x'),
      },
    });
    const hits = await forTenant(tenant.id).$queryRaw<{ name: string }[]>`
      SELECT name FROM torrents WHERE search_vector @@ plainto_tsquery('simple', 'bunny blender')`;
    expect(hits.map((hit) => hit.name)).toEqual(['Big Buck Bunny 1080p']);
  });
});
