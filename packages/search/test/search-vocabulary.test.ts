// The tenant vocabulary (`search_words`) that the PostgreSQL search corrects typos
// against: kept by triggers on torrents, so every way a torrent's name or status
// changes must leave it equal to what the approved torrents' names say.
import { randomBytes } from 'node:crypto';
import { withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { beforeEach, describe, expect, it } from 'vitest';

let tenant = '';
let other = '';

function torrentData(tenantId: string, name: string, status: 'approved' | 'pending' | 'rejected' = 'approved') {
  return {
    tenantId,
    infoHash: randomBytes(20).toString('hex'),
    name,
    size: 1000n,
    fileCount: 1,
    pieceLength: 16384,
    torrentFile: new Uint8Array([100, 101]),
    status,
  };
}

async function add(tenantId: string, name: string, status: 'approved' | 'pending' | 'rejected' = 'approved') {
  return (await systemClient().torrent.create({ data: torrentData(tenantId, name, status), select: { id: true } })).id;
}

/** The vocabulary as stored: word → torrents. */
async function vocabulary(tenantId: string): Promise<Record<string, number>> {
  const rows = await systemClient().$queryRaw<{ word: string; torrents: number }[]>`
    SELECT word, torrents FROM search_words WHERE tenant_id = ${tenantId}::uuid ORDER BY word`;
  return Object.fromEntries(rows.map((row) => [row.word, row.torrents]));
}

/** The vocabulary as it should be, computed from the torrents themselves. */
async function recomputed(tenantId: string): Promise<Record<string, number>> {
  const rows = await systemClient().$queryRaw<{ word: string; torrents: number }[]>`
    SELECT v.word, count(*)::int AS torrents FROM torrents t, swarmhost_name_words(t.name) AS v(word)
     WHERE t.tenant_id = ${tenantId}::uuid AND t.status = 'approved' GROUP BY v.word ORDER BY v.word`;
  return Object.fromEntries(rows.map((row) => [row.word, row.torrents]));
}

beforeEach(async () => {
  const db = systemClient();
  tenant = (await db.tenant.create({ data: { slug: `sv-${randomBytes(3).toString('hex')}`, name: 'Vocabulary' } })).id;
  other = (await db.tenant.create({ data: { slug: `so-${randomBytes(3).toString('hex')}`, name: 'Other' } })).id;
});

describe('the search vocabulary', () => {
  it('holds the words of approved names, split at punctuation, without numbers or words under 3 letters', async () => {
    await add(tenant, 'Silent.Harbor.1987.1080p.BluRay.x264-GRP');
    await add(tenant, 'Silent Night (1984) [FLAC]');
    await add(tenant, 'Hidden Harbor pending', 'pending');
    expect(await vocabulary(tenant)).toEqual({ '1080p': 1, bluray: 1, flac: 1, grp: 1, harbor: 1, night: 1, silent: 2, x264: 1 });
  });

  it('follows approval, rejection, renames and deletion, and drops a word no torrent has', async () => {
    const id = await add(tenant, 'Hidden Valley', 'pending');
    expect(await vocabulary(tenant)).toEqual({});
    const db = systemClient();
    await db.torrent.update({ where: { id }, data: { status: 'approved' } });
    expect(await vocabulary(tenant)).toEqual({ hidden: 1, valley: 1 });
    const second = await add(tenant, 'Hidden Empire');
    expect(await vocabulary(tenant)).toEqual({ empire: 1, hidden: 2, valley: 1 });
    await db.torrent.update({ where: { id }, data: { name: 'Frozen Valley' } });
    expect(await vocabulary(tenant)).toEqual({ empire: 1, frozen: 1, hidden: 1, valley: 1 });
    await db.torrent.update({ where: { id: second }, data: { status: 'rejected' } });
    expect(await vocabulary(tenant)).toEqual({ frozen: 1, valley: 1 });
    // The tracker's counter updates touch neither name nor status: nothing changes.
    await db.torrent.update({ where: { id }, data: { seeders: 5, leechers: 2 } });
    expect(await vocabulary(tenant)).toEqual({ frozen: 1, valley: 1 });
    await db.torrent.delete({ where: { id } });
    expect(await vocabulary(tenant)).toEqual({});
  });

  it('stays equal to the torrents through bulk inserts, updates and deletes in many tenants at once', async () => {
    const db = systemClient();
    const words = ['silent', 'harbor', 'crimson', 'echo', 'midnight', 'garden', 'iron', 'river'];
    const pick = (n: number) => words[n % words.length]!;
    const statuses = ['approved', 'pending', 'rejected'] as const;
    await db.torrent.createMany({
      data: Array.from({ length: 120 }, (_, n) =>
        torrentData(n % 4 === 0 ? other : tenant, `${pick(n)}.${pick(n * 7 + 3)}.${1990 + (n % 9)}-${pick(n * 3)}`, statuses[n % 3]),
      ),
    });
    const ids = (await db.torrent.findMany({ where: { tenantId: tenant }, select: { id: true }, orderBy: { infoHash: 'asc' } })).map((row) => row.id);
    await db.torrent.updateMany({ where: { id: { in: ids.slice(0, 20) } }, data: { status: 'approved' } });
    await db.torrent.updateMany({ where: { id: { in: ids.slice(20, 30) } }, data: { name: 'Iron River Echo' } });
    await db.torrent.updateMany({ where: { id: { in: ids.slice(30, 45) } }, data: { status: 'pending' } });
    await db.torrent.deleteMany({ where: { id: { in: ids.slice(40, 60) } } });
    for (const tenantId of [tenant, other]) {
      const expected = await recomputed(tenantId);
      expect(Object.keys(expected).length).toBeGreaterThan(3);
      expect(await vocabulary(tenantId)).toEqual(expected);
    }
  });

  it('stays equal to the torrents when members upload and staff delete at the same moment', async () => {
    const keep = await add(tenant, 'Copper Canyon Copper');
    // 24 transactions at once over the same few words, adding and removing, as the
    // application role in the tenant's scope (row-level security on the vocabulary).
    const doomed = await Promise.all(Array.from({ length: 8 }, (_, n) => add(tenant, `Copper Canyon ${n % 2 ? 'Amber' : 'Atlas'} Fields`)));
    await Promise.all([
      ...Array.from({ length: 16 }, (_, n) =>
        withTenant(tenant, (tx) => tx.torrent.create({ data: torrentData(tenant, `Amber Atlas Copper ${n % 3 ? 'Fields' : 'Canyon'}`), select: { id: true } })),
      ),
      ...doomed.map((id) => withTenant(tenant, (tx) => tx.torrent.delete({ where: { id } }))),
    ]);
    expect(await vocabulary(tenant)).toEqual(await recomputed(tenant));
    expect((await vocabulary(tenant)).copper).toBe(17);
    expect(keep).toBeTruthy();
  });

  it('is per tenant under row-level security: a tenant never reads another tenant’s words', async () => {
    await add(other, 'Lighthouse Keeper secret cut');
    await withTenant(tenant, (tx) => tx.torrent.create({ data: torrentData(tenant, 'Quiet Forest') }));
    expect(await vocabulary(tenant)).toEqual({ forest: 1, quiet: 1 });
    const seen = await withTenant(tenant, (tx) => tx.$queryRaw<{ word: string }[]>`SELECT word FROM search_words ORDER BY word`);
    expect(seen.map((row) => row.word)).toEqual(['forest', 'quiet']);
    // Nor can the application role write a word into another tenant's vocabulary.
    await expect(
      withTenant(tenant, (tx) => tx.$executeRaw`INSERT INTO search_words (tenant_id, word, torrents) VALUES (${other}::uuid, 'planted', 1)`),
    ).rejects.toThrow(/row-level security/);
    expect(await vocabulary(other)).toEqual({ cut: 1, keeper: 1, lighthouse: 1, secret: 1 });
  });
});
