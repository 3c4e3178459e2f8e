import { randomBytes } from 'node:crypto';
import { withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSearchIndex } from '../src/index';
import { typoTerms } from '../src/postgres-search-index';

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
  await addTorrent(tenantA, 'Sintel 2010 1080p x264-GRP');
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

  it('finds "Sintel" when the member types "Sintle"', async () => {
    const result = await index.search({ tenantId: tenantA, text: 'Sintle', limit: 10 });
    expect(result.hits.map((hit) => hit.torrentId)).toEqual([ids[`${tenantA}:Sintel 2010 1080p x264-GRP`]]);
  });

  it('ranks word matches above typo matches', async () => {
    const result = await index.search({ tenantId: tenantA, text: 'bunny', limit: 10 });
    expect(result.hits[0]?.torrentId).toBe(ids[`${tenantA}:Big Buck Bunny 1080p`]);
    expect(result.hits[0]?.score).toBeGreaterThan(1);
  });

  it('can use its GIN indexes under row-level security: the text operators are LEAKPROOF', async () => {
    // Without the mark PostgreSQL evaluates `@@` and `<%` only after the RLS policy, as a
    // filter over every row of the tenant, never as an index condition.
    const rows = await withTenant(tenantA, (tx) =>
      tx.$queryRaw<{ name: string; leakproof: boolean }[]>`
        SELECT oid::regprocedure::text AS name, proleakproof AS leakproof FROM pg_proc
        WHERE oid IN ('ts_match_vq(tsvector,tsquery)'::regprocedure, 'word_similarity_op(text,text)'::regprocedure,
                      'word_similarity_commutator_op(text,text)'::regprocedure, 'enum_eq(anyenum,anyenum)'::regprocedure)`,
    );
    expect(rows).toHaveLength(4);
    expect(rows.filter((row) => !row.leakproof)).toEqual([]);
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

describe('PostgreSQL search index with filters', () => {
  let tenant = '';
  const named: Record<string, string> = {};

  beforeAll(async () => {
    const db = systemClient();
    tenant = (await db.tenant.create({ data: { slug: `sf-${randomBytes(3).toString('hex')}`, name: 'F' } })).id;
    const movies = await db.category.create({ data: { tenantId: tenant, name: 'Movies', slug: 'movies' } });
    const hdr = await db.tag.create({ data: { tenantId: tenant, name: 'hdr' } });
    const add = async (name: string, data: { categoryId?: string; freeleechPercent?: number; tagged?: boolean }) => {
      named[name] = await addTorrent(tenant, name);
      await db.torrent.update({ where: { id: named[name] }, data: { categoryId: data.categoryId ?? null, freeleechPercent: data.freeleechPercent ?? 0 } });
      if (data.tagged) await db.torrentTag.create({ data: { tenantId: tenant, torrentId: named[name]!, tagId: hdr.id } });
    };
    await add('Harbor Lights 2160p', { categoryId: movies.id, tagged: true, freeleechPercent: 50 });
    await add('Harbor Lights 1080p', { categoryId: movies.id });
    await add('Harbor Lights OST flac', { freeleechPercent: 100 });
    await add('Harbor Lights making-of', { tagged: true });
  });

  const found = async (text: string, filters: Parameters<typeof index.search>[0]['filters']) =>
    (await index.search({ tenantId: tenant, text, limit: 10, filters })).hits.map((hit) => hit.torrentId).sort();
  const ids = (...names: string[]) => names.map((name) => named[name] ?? '').sort();

  it('applies category, tag and freeleech together with the words', async () => {
    expect(await found('harbor lights', {})).toHaveLength(4);
    expect(await found('harbor lights', { category: 'movies' })).toEqual(ids('Harbor Lights 2160p', 'Harbor Lights 1080p'));
    expect(await found('harbor lights', { tag: 'HDR' })).toEqual(ids('Harbor Lights 2160p', 'Harbor Lights making-of'));
    expect(await found('harbor lights', { freeleech: true })).toEqual(ids('Harbor Lights 2160p', 'Harbor Lights OST flac'));
    expect(await found('harbor lights', { category: 'movies', tag: 'hdr', freeleech: true })).toEqual(ids('Harbor Lights 2160p'));
    expect(await found('harbor lights', { category: 'no-such-category' })).toEqual([]);
  });

  it('applies the filters on the typo path too', async () => {
    expect(await found('harbr', {})).toHaveLength(4);
    expect(await found('harbr', { category: 'movies', freeleech: true })).toEqual(ids('Harbor Lights 2160p'));
  });

  it('limits to a set of torrents', async () => {
    expect(await found('harbor', { torrentIds: ids('Harbor Lights 1080p', 'Harbor Lights OST flac') })).toEqual(ids('Harbor Lights 1080p', 'Harbor Lights OST flac'));
    expect(await found('harbor', { torrentIds: [] })).toEqual([]);
  });
});

describe('PostgreSQL search index: scene names and the typo path', () => {
  let tenant = '';
  const named: Record<string, string> = {};

  beforeAll(async () => {
    const db = systemClient();
    tenant = (await db.tenant.create({ data: { slug: `ss-${randomBytes(3).toString('hex')}`, name: 'S' } })).id;
    for (const name of ['Silent.Harbor.1987.1080p.BluRay.x264-GRP', 'Silent.Harbor.1990.720p.WEB.x265-ABC', 'Silent Night 1987 DVD', 'Crimson Echo 2001']) {
      named[name] = await addTorrent(tenant, name);
    }
  });

  const search = (text: string) => index.search({ tenantId: tenant, text, limit: 10 });
  const found = async (text: string) => (await search(text)).hits.map((hit) => hit.torrentId).sort();
  const ids = (...names: string[]) => names.map((name) => named[name] ?? '').sort();

  it('finds a dotted scene name by its words, as a word match', async () => {
    const result = await search('harbor 1987');
    expect(result.hits.map((hit) => hit.torrentId)).toEqual(ids('Silent.Harbor.1987.1080p.BluRay.x264-GRP'));
    expect(result.hits[0]?.score).toBeGreaterThan(1);
    // Compound words still match as typed.
    expect(await found('x264-grp')).toEqual(ids('Silent.Harbor.1987.1080p.BluRay.x264-GRP'));
    expect(await found('bluray')).toEqual(ids('Silent.Harbor.1987.1080p.BluRay.x264-GRP'));
  });

  it('corrects each word against the tenant’s vocabulary and needs every word', async () => {
    const typo = await search('silnet harbr');
    expect(typo.hits.map((hit) => hit.torrentId).sort()).toEqual(ids('Silent.Harbor.1987.1080p.BluRay.x264-GRP', 'Silent.Harbor.1990.720p.WEB.x265-ABC'));
    // A typo match ranks below every word match.
    for (const hit of typo.hits) expect(hit.score).toBeLessThan(1);
    expect(await found('silnet harbr 1990')).toEqual(ids('Silent.Harbor.1990.720p.WEB.x265-ABC'));
    // Numbers are never corrected, and no similar name stands in for a missing word.
    expect(await found('silnet harbr 1991')).toEqual([]);
    expect(await found('silent harbor 1984')).toEqual([]);
  });

  it('keeps exclusions on the typo path and reads quotes and "or" as plain words', async () => {
    expect(await found('silnet -bluray')).toEqual(ids('Silent.Harbor.1990.720p.WEB.x265-ABC', 'Silent Night 1987 DVD'));
    expect(await found('"crimsn echo"')).toEqual(ids('Crimson Echo 2001'));
    expect(await found('crimsn or nothing')).toEqual([]);
    expect(typoTerms('"silent harbor" or -bluray -x -')).toEqual({ words: 'silent harbor -', excluded: '-bluray -x' });
    expect(await found('!!! ###')).toEqual([]);
    // Whatever the member types, the corrected query is built from words only: no
    // text-search syntax error reaches them.
    for (const text of ["a:b & | ! ( ) <-> * 'quote' \\ «x» ’s", 'sil:* | harbr', "crimsn' echo", '1e10 ü ß', 'x'.repeat(200)]) {
      await expect(search(text)).resolves.toMatchObject({ hasMore: false });
    }
  });
});

describe('PostgreSQL search index: requests', () => {
  let tenant = '';
  let other = '';
  const titled: Record<string, string> = {};

  beforeAll(async () => {
    const db = systemClient();
    tenant = (await db.tenant.create({ data: { slug: `sr-${randomBytes(3).toString('hex')}`, name: 'R' } })).id;
    other = (await db.tenant.create({ data: { slug: `so-${randomBytes(3).toString('hex')}`, name: 'O' } })).id;
    const rows: [string, 'open' | 'filled' | 'closed'][] = [
      ['Silent Harbor 1987 BluRay', 'open'],
      ['Silent Harbor 1990 WEB', 'filled'],
      ['Silent Night 1987', 'open'],
      ['Crimson.Echo.2001.DVD', 'open'],
      ['Harbor Lights closed', 'closed'],
    ];
    for (const [title, status] of rows) {
      titled[title] = (await db.torrentRequest.create({ data: { tenantId: tenant, title, status }, select: { id: true } })).id;
    }
    await db.torrentRequest.create({ data: { tenantId: other, title: 'Silent Harbor 1987 BluRay' } });
  });

  const found = async (text: string) => (await index.searchRequests({ tenantId: tenant, text, limit: 50 })).map((hit) => hit.requestId).sort();
  const ids = (...titles: string[]) => titles.map((title) => titled[title] ?? '').sort();

  it('finds requests by their words, ranked above typo matches, never closed ones or another tenant’s', async () => {
    expect(await found('silent harbor')).toEqual(ids('Silent Harbor 1987 BluRay', 'Silent Harbor 1990 WEB'));
    expect(await found('harbor lights')).toEqual([]);
    const hits = await index.searchRequests({ tenantId: tenant, text: 'silent 1987', limit: 50 });
    expect(hits.map((hit) => hit.requestId).sort()).toEqual(ids('Silent Harbor 1987 BluRay', 'Silent Night 1987'));
    for (const hit of hits) expect(hit.score).toBeGreaterThan(1);
  });

  it('tolerates a typo in each word but needs every word, numbers as typed', async () => {
    const typo = await index.searchRequests({ tenantId: tenant, text: 'silnt harbr', limit: 50 });
    expect(typo.map((hit) => hit.requestId).sort()).toEqual(ids('Silent Harbor 1987 BluRay', 'Silent Harbor 1990 WEB'));
    for (const hit of typo) expect(hit.score).toBeLessThan(1);
    expect(await found('silnt harbr 1987')).toEqual(ids('Silent Harbor 1987 BluRay'));
    // No similar title stands in for a missing word, and numbers are never corrected.
    expect(await found('silent harbor 1984')).toEqual([]);
    expect(await found('silnt harbr 1991')).toEqual([]);
    // Words of a dotted title, as typed and with a typo.
    expect(await found('crimsn echo 2001')).toEqual(ids('Crimson.Echo.2001.DVD'));
    expect(await found('crimsn dvd')).toEqual(ids('Crimson.Echo.2001.DVD'));
  });

  it('keeps exclusions on the typo path and survives any text', async () => {
    expect(await found('silnt -bluray')).toEqual(ids('Silent Harbor 1990 WEB', 'Silent Night 1987'));
    for (const text of ["a:b & | ! ( ) <-> * 'quote' \\ «x» ’s", 'sil:* | harbr', "crimsn' echo", '1e10 ü ß', 'x'.repeat(200), '!!! ###']) {
      await expect(index.searchRequests({ tenantId: tenant, text, limit: 50 })).resolves.toBeInstanceOf(Array);
    }
  });
});
