// One contract for every SearchIndex adapter, with its SearchIndexer: what the site may
// rely on whichever engine answers, for torrents and for forum posts. PostgreSQL always runs; Meilisearch runs when
// MEILISEARCH_URL names a server (the compose stack has one) and is reported as skipped,
// with the reason, otherwise. Each engine gets fresh tenants; the Meilisearch run uses an
// index of its own and deletes it at the end.
import { randomBytes } from 'node:crypto';
import { parseEnv, searchShape } from '@swarmhost/config';
import { systemClient } from '@swarmhost/db/system';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMeilisearchIndexer,
  createMeilisearchSearchIndex,
  createPostgresSearchIndex,
  createPostgresSearchIndexer,
  forumPostIndexUid,
  torrentIndexUid,
  type SearchFilters,
  type SearchIndex,
  type SearchIndexer,
} from '../src/index';

interface Engine {
  name: string;
  index: SearchIndex;
  indexer: SearchIndexer;
  cleanUp?: () => Promise<void>;
}

const env = parseEnv(searchShape);
const engines: Engine[] = [{ name: 'PostgreSQL', index: createPostgresSearchIndex(), indexer: createPostgresSearchIndexer() }];
if (env.MEILISEARCH_URL) {
  const client = new Meilisearch({ host: env.MEILISEARCH_URL, apiKey: env.MEILISEARCH_KEY });
  const prefix = `contract_${randomBytes(4).toString('hex')}`;
  const indexUid = torrentIndexUid(prefix);
  const forumIndexUid = forumPostIndexUid(prefix);
  engines.push({
    name: `Meilisearch at ${env.MEILISEARCH_URL}`,
    index: createMeilisearchSearchIndex({ client, indexUid, forumIndexUid, requests: createPostgresSearchIndex() }),
    indexer: createMeilisearchIndexer({ client, indexUid, forumIndexUid, batchSize: 2 }),
    cleanUp: async () => {
      await client.deleteIndex(indexUid).waitTask();
      await client.deleteIndex(forumIndexUid).waitTask();
    },
  });
} else {
  const reason = 'MEILISEARCH_URL is not set: no Meilisearch server here (none ships on npm or Debian); set it to run this contract against one';
  console.info(`search contract, Meilisearch: skipped — ${reason}`);
  describe.skip(`SearchIndex contract: Meilisearch (skipped: ${reason})`, () => {
    it('runs the same contract as PostgreSQL', () => {});
  });
}

interface TorrentFixture {
  status?: 'approved' | 'pending';
  category?: string;
  tags?: string[];
  freeleechPercent?: number;
}

describe.each(engines)('SearchIndex contract: $name', (engine) => {
  const { index, indexer } = engine;
  let tenantA = '';
  let tenantB = '';
  const ids = new Map<string, string>();
  const byName = (tenantId: string, name: string) => ids.get(`${tenantId}:${name}`) ?? `missing ${name}`;

  async function addTorrent(tenantId: string, name: string, fixture: TorrentFixture = {}): Promise<string> {
    const db = systemClient();
    const category = fixture.category
      ? await db.category.upsert({
          where: { tenantId_slug: { tenantId, slug: fixture.category } },
          create: { tenantId, slug: fixture.category, name: fixture.category },
          update: {},
        })
      : undefined;
    const torrent = await db.torrent.create({
      data: {
        tenantId,
        infoHash: randomBytes(20).toString('hex'),
        name,
        description: `about ${name}`,
        size: 1000n,
        fileCount: 1,
        pieceLength: 16384,
        torrentFile: new Uint8Array([100, 101]),
        status: fixture.status ?? 'approved',
        categoryId: category?.id ?? null,
        freeleechPercent: fixture.freeleechPercent ?? 0,
      },
      select: { id: true },
    });
    for (const tagName of fixture.tags ?? []) {
      const tag = await db.tag.upsert({ where: { tenantId_name: { tenantId, name: tagName } }, create: { tenantId, name: tagName }, update: {} });
      await db.torrentTag.create({ data: { tenantId, torrentId: torrent.id, tagId: tag.id } });
    }
    ids.set(`${tenantId}:${name}`, torrent.id);
    return torrent.id;
  }

  const found = async (tenantId: string, text: string, filters?: SearchFilters) =>
    (await index.search({ tenantId, text, limit: 20, filters })).hits.map((hit) => hit.torrentId);

  beforeAll(async () => {
    const db = systemClient();
    const suffix = randomBytes(3).toString('hex');
    tenantA = (await db.tenant.create({ data: { slug: `ca-${suffix}`, name: 'Contract A' } })).id;
    tenantB = (await db.tenant.create({ data: { slug: `cb-${suffix}`, name: 'Contract B' } })).id;
    await indexer.prepare();
    await addTorrent(tenantA, 'ubuntu-24.04-desktop-amd64.iso');
    await addTorrent(tenantA, 'debian-12-netinst.iso');
    await addTorrent(tenantA, 'Big Buck Bunny 1080p');
    await addTorrent(tenantA, 'Sintel 2010 1080p x264-GRP');
    await addTorrent(tenantA, 'ubuntu-server-pending.iso', { status: 'pending' });
    await addTorrent(tenantA, 'Harbor Lights 2160p', { category: 'movies', tags: ['hdr'], freeleechPercent: 50 });
    await addTorrent(tenantA, 'Harbor Lights 1080p', { category: 'movies' });
    await addTorrent(tenantA, 'Harbor Lights OST flac', { freeleechPercent: 100 });
    await addTorrent(tenantA, 'Harbor Lights making-of', { tags: ['HDR'] });
    await addTorrent(tenantB, 'ubuntu-24.04-desktop-amd64.iso');
    await addTorrent(tenantB, 'Lighthouse Keeper secret cut', { category: 'movies', tags: ['hdr'], freeleechPercent: 100 });
    for (const tenantId of [tenantA, tenantB]) {
      const own = [...ids].filter(([key]) => key.startsWith(`${tenantId}:`)).map(([, id]) => id);
      await indexer.syncTorrents(tenantId, own);
    }
  });

  afterAll(async () => {
    await engine.cleanUp?.();
  });

  it('finds a torrent by a word of its name', async () => {
    expect(await found(tenantA, 'debian')).toEqual([byName(tenantA, 'debian-12-netinst.iso')]);
  });

  it('tolerates a typo in the query', async () => {
    expect(await found(tenantA, 'ubunto')).toContain(byName(tenantA, 'ubuntu-24.04-desktop-amd64.iso'));
    expect(await found(tenantA, 'bunnny')).toContain(byName(tenantA, 'Big Buck Bunny 1080p'));
    expect((await found(tenantA, 'Sintle'))[0]).toBe(byName(tenantA, 'Sintel 2010 1080p x264-GRP'));
  });

  it('tolerates a typo in each word but needs every word, numbers as typed', async () => {
    const harbor = (...names: string[]) => names.map((name) => byName(tenantA, `Harbor Lights ${name}`)).sort();
    expect((await found(tenantA, 'harbr lihgts 2160p')).sort()).toEqual(harbor('2160p'));
    expect(await found(tenantA, 'Sintle 2010')).toEqual([byName(tenantA, 'Sintel 2010 1080p x264-GRP')]);
    expect(await found(tenantA, 'Sintle 2011')).toEqual([]);
    expect(await found(tenantA, 'harbr lights 4320p')).toEqual([]);
  });

  it('never returns another tenant’s torrent, whatever the text or filters', async () => {
    const ubuntu = await found(tenantA, 'ubuntu');
    expect(ubuntu).toEqual([byName(tenantA, 'ubuntu-24.04-desktop-amd64.iso')]);
    expect(await found(tenantB, 'ubuntu')).toEqual([byName(tenantB, 'ubuntu-24.04-desktop-amd64.iso')]);
    const secret = byName(tenantB, 'Lighthouse Keeper secret cut');
    expect(await found(tenantB, 'lighthouse secret')).toEqual([secret]);
    const ofTenantB = new Set([...ids].filter(([key]) => key.startsWith(`${tenantB}:`)).map(([, id]) => id));
    for (const text of ['lighthouse', 'secret', 'keeper', 'lighthouse secret cut', 'ubuntu desktop', 'iso']) {
      // Similar words of tenant A's own torrents may match; tenant B's never.
      const hits = [...(await found(tenantA, text)), ...(await found(tenantA, text, { category: 'movies', tag: 'hdr', freeleech: true }))];
      expect(hits.filter((id) => ofTenantB.has(id))).toEqual([]);
      // Even asking for the other tenant's torrent by id finds nothing.
      expect(await found(tenantA, text, { torrentIds: [secret] })).toEqual([]);
    }
  });

  it('never returns a torrent that is not approved', async () => {
    expect(await found(tenantA, 'server pending')).toEqual([]);
  });

  it('applies category, tag, freeleech and a torrent set together with the words', async () => {
    const harbor = (...names: string[]) => names.map((name) => byName(tenantA, `Harbor Lights ${name}`)).sort();
    const sorted = async (text: string, filters: SearchFilters) => (await found(tenantA, text, filters)).sort();
    expect(await sorted('harbor lights', {})).toEqual(harbor('2160p', '1080p', 'OST flac', 'making-of'));
    expect(await sorted('harbor lights', { category: 'movies' })).toEqual(harbor('2160p', '1080p'));
    expect(await sorted('harbor lights', { tag: 'HDR' })).toEqual(harbor('2160p', 'making-of'));
    expect(await sorted('harbor lights', { freeleech: true })).toEqual(harbor('2160p', 'OST flac'));
    expect(await sorted('harbor lights', { category: 'movies', tag: 'hdr', freeleech: true })).toEqual(harbor('2160p'));
    expect(await sorted('harbor lights', { category: 'no-such-category' })).toEqual([]);
    expect(await sorted('harbr', { category: 'movies', freeleech: true })).toEqual(harbor('2160p'));
    expect(await sorted('harbor', { torrentIds: harbor('1080p', 'OST flac') })).toEqual(harbor('1080p', 'OST flac'));
    expect(await sorted('harbor', { torrentIds: [] })).toEqual([]);
  });

  it('pages, says when more exist, and answers blank text with nothing', async () => {
    const first = await index.search({ tenantId: tenantA, text: 'harbor', limit: 3 });
    expect(first.hits).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    const second = await index.search({ tenantId: tenantA, text: 'harbor', limit: 3, offset: 3 });
    expect(second.hits).toHaveLength(1);
    expect(second.hasMore).toBe(false);
    expect(new Set([...first.hits, ...second.hits].map((hit) => hit.torrentId)).size).toBe(4);
    expect(first.hits.every((hit) => Number.isFinite(hit.score))).toBe(true);
    expect(await index.search({ tenantId: tenantA, text: '   ', limit: 5 })).toEqual({ hits: [], hasMore: false });
  });

  it('follows an edit, a deletion and an approval once the torrents are synced', async () => {
    const db = systemClient();
    const debian = byName(tenantA, 'debian-12-netinst.iso');
    const pending = byName(tenantA, 'ubuntu-server-pending.iso');
    const bunny = byName(tenantA, 'Big Buck Bunny 1080p');
    await db.torrent.update({ where: { id: debian }, data: { name: 'debian-13-trixie-netinst.iso' } });
    await db.torrent.update({ where: { id: pending }, data: { status: 'approved', approvedAt: new Date() } });
    await db.torrent.update({ where: { id: bunny }, data: { status: 'deleted', deletedAt: new Date() } });
    await indexer.syncTorrents(tenantA, [debian, pending, bunny]);
    expect(await found(tenantA, 'trixie')).toEqual([debian]);
    expect(await found(tenantA, 'server pending')).toEqual([pending]);
    expect(await found(tenantA, 'bunny')).toEqual([]);
  });

  it('drops on reindex a torrent deleted while no event reached the index, and keeps the rest', async () => {
    const db = systemClient();
    const ost = byName(tenantA, 'Harbor Lights OST flac');
    await db.torrent.update({ where: { id: ost }, data: { status: 'deleted', deletedAt: new Date() } });
    const progress: number[] = [];
    const result = await indexer.reindexTenant(tenantA, (step) => {
      if (step.documents === 'torrents') progress.push(step.indexed);
    });
    expect(await found(tenantA, 'harbor lights flac')).not.toContain(ost);
    expect((await found(tenantA, 'harbor lights')).sort()).toEqual(['2160p', '1080p', 'making-of'].map((name) => byName(tenantA, `Harbor Lights ${name}`)).sort());
    expect(await found(tenantB, 'lighthouse')).toEqual([byName(tenantB, 'Lighthouse Keeper secret cut')]);
    if (indexer.backend === 'meilisearch') {
      // 7 approved torrents of tenant A by now, written two per batch.
      expect(result).toMatchObject({ indexed: 7, total: 7 });
      expect(result.removed).toBeGreaterThanOrEqual(1);
      expect(progress.slice(0, 5)).toEqual([0, 2, 4, 6, 7]);
    }
  });

  it('removes a deleted tenant’s documents, and only that tenant’s', async () => {
    await indexer.removeTenant(tenantB);
    if (indexer.backend === 'meilisearch') expect(await found(tenantB, 'lighthouse')).toEqual([]);
    expect(await found(tenantA, 'sintel')).toEqual([byName(tenantA, 'Sintel 2010 1080p x264-GRP')]);
  });

  it('refuses a tenant id that is not a uuid instead of searching without it', async () => {
    await expect(index.search({ tenantId: 'not-a-tenant', text: 'ubuntu', limit: 5 })).rejects.toThrow();
    await expect(index.search({ tenantId: '', text: 'ubuntu', limit: 5 })).rejects.toThrow();
  });
  describe('forum posts', () => {
    let tenantC = '';
    let tenantD = '';
    const forums: Record<string, string> = {};
    const topics: Record<string, string> = {};
    const posts: Record<string, string> = {};
    const t0 = Date.now() - 3_600_000;

    async function addForum(tenantId: string, key: string) {
      const db = systemClient();
      const category = await db.forumCategory.upsert({ where: { tenantId_name: { tenantId, name: 'General' } }, create: { tenantId, name: 'General' }, update: {} });
      forums[key] = (await db.forum.create({ data: { tenantId, categoryId: category.id, name: key }, select: { id: true } })).id;
    }

    /** A topic whose posts are `bodies`, one minute apart from `minute` on. */
    async function addTopic(tenantId: string, forumKey: string, key: string, title: string, bodies: string[], minute: number) {
      const db = systemClient();
      const topic = await db.forumTopic.create({ data: { tenantId, forumId: forums[forumKey]!, title, postCount: bodies.length }, select: { id: true } });
      topics[key] = topic.id;
      for (const [index, body] of bodies.entries()) {
        const post = await db.forumPost.create({
          data: { tenantId, topicId: topic.id, position: index + 1, body, createdAt: new Date(t0 + (minute + index) * 60_000) },
          select: { id: true },
        });
        posts[`${key}#${index + 1}`] = post.id;
      }
    }

    const allPosts = (tenantId: string) => systemClient().forumPost.findMany({ where: { tenantId }, select: { id: true } }).then((rows) => rows.map((row) => row.id));
    const forumHits = (tenantId: string, text: string, forumKeys: string[], limit = 50) =>
      index.searchForumPosts({ tenantId, text, forumIds: forumKeys.map((key) => forums[key] ?? key), limit });
    const foundPosts = async (tenantId: string, text: string, forumKeys: string[]) => (await forumHits(tenantId, text, forumKeys)).map((hit) => hit.postId);

    beforeAll(async () => {
      const db = systemClient();
      const suffix = randomBytes(3).toString('hex');
      tenantC = (await db.tenant.create({ data: { slug: `cc-${suffix}`, name: 'Contract C' } })).id;
      tenantD = (await db.tenant.create({ data: { slug: `cd-${suffix}`, name: 'Contract D' } })).id;
      await addForum(tenantC, 'open');
      await addForum(tenantC, 'vip');
      await addForum(tenantD, 'other');
      await addTopic(tenantC, 'open', 'lanterns', 'Paper lanterns festival', ['who brings the lanterns', 'I will bring candles', 'lanterns are sold out'], 0);
      await addTopic(tenantC, 'open', 'kites', 'Kite weekend', ['kites and lanterns together?'], 10);
      await addTopic(tenantC, 'vip', 'hidden', 'Hidden plans', ['zebracorn secret words', 'more zebracorn'], 20);
      await addTopic(tenantD, 'other', 'foreign', 'Lanterns elsewhere', ['zebracorn lanterns of another site'], 30);
      await indexer.syncForumPosts(tenantC, await allPosts(tenantC));
      await indexer.syncForumPosts(tenantD, await allPosts(tenantD));
    });

    it('finds posts by a word of their body, newest first, and a topic’s first post by its title', async () => {
      expect(await foundPosts(tenantC, 'lanterns', ['open'])).toEqual([posts['kites#1'], posts['lanterns#3'], posts['lanterns#1']]);
      const byTitle = await forumHits(tenantC, 'festival', ['open']);
      expect(byTitle).toEqual([{ postId: posts['lanterns#1'], titleMatch: true }]);
      expect(await forumHits(tenantC, 'candles', ['open'])).toEqual([{ postId: posts['lanterns#2'], titleMatch: false }]);
      expect(await foundPosts(tenantC, 'lanterns', ['open']).then((hits) => hits.length)).toBe(3);
      expect((await forumHits(tenantC, 'lanterns', ['open'], 2)).map((hit) => hit.postId)).toEqual([posts['kites#1'], posts['lanterns#3']]);
      expect(await forumHits(tenantC, '   ', ['open'])).toEqual([]);
    });

    it('returns posts of the forums given only: an unreadable forum’s post is never a hit', async () => {
      expect(await foundPosts(tenantC, 'zebracorn', ['open'])).toEqual([]);
      expect(await foundPosts(tenantC, 'hidden plans', ['open'])).toEqual([]);
      expect(await foundPosts(tenantC, 'zebracorn', [])).toEqual([]);
      expect(await foundPosts(tenantC, 'zebracorn', ['not-a-forum-id'])).toEqual([]);
      expect(await foundPosts(tenantC, 'zebracorn', ['open', 'vip'])).toEqual([posts['hidden#2'], posts['hidden#1']]);
    });

    it('never returns another tenant’s post, even given that tenant’s forum', async () => {
      for (const text of ['zebracorn', 'lanterns', 'another site', 'elsewhere']) {
        const hits = await foundPosts(tenantC, text, ['open', 'vip', 'other']);
        expect(hits).not.toContain(posts['foreign#1']);
      }
      expect(await foundPosts(tenantD, 'zebracorn', ['other'])).toEqual([posts['foreign#1']]);
      expect(await foundPosts(tenantD, 'zebracorn', ['open', 'vip'])).toEqual([]);
    });

    it('follows an edit, a move, a merge and a removed post once synced', async () => {
      const db = systemClient();
      await db.forumPost.update({ where: { id: posts['lanterns#2']! }, data: { body: 'I will bring fireflies' } });
      await indexer.syncForumPosts(tenantC, [posts['lanterns#2']!]);
      expect(await foundPosts(tenantC, 'candles', ['open'])).toEqual([]);
      expect(await foundPosts(tenantC, 'fireflies', ['open'])).toEqual([posts['lanterns#2']]);

      // Moved into the VIP forum: gone from the open forum's results.
      await db.forumTopic.update({ where: { id: topics.kites! }, data: { forumId: forums.vip! } });
      await indexer.syncForumTopic(tenantC, topics.kites!);
      expect(await foundPosts(tenantC, 'kites', ['open'])).toEqual([]);
      expect(await foundPosts(tenantC, 'kites', ['vip'])).toEqual([posts['kites#1']]);

      // "Kite weekend" merged into "Hidden plans": its older post becomes #1, and the title's hit.
      await db.forumPost.updateMany({ where: { topicId: topics.kites! }, data: { topicId: topics.hidden! } });
      await db.$executeRaw`
        UPDATE forum_posts p SET position = n.position
        FROM (SELECT id, row_number() OVER (ORDER BY created_at, id)::int AS position FROM forum_posts WHERE topic_id = ${topics.hidden}::uuid) n
        WHERE p.id = n.id`;
      await db.forumTopic.delete({ where: { id: topics.kites! } });
      await indexer.syncForumTopic(tenantC, topics.hidden!);
      await indexer.syncForumTopic(tenantC, topics.kites!);
      expect(await forumHits(tenantC, 'hidden plans', ['vip'])).toEqual([{ postId: posts['kites#1'], titleMatch: true }]);
      expect(await foundPosts(tenantC, 'weekend', ['vip'])).toEqual([]);
      expect(await foundPosts(tenantC, 'zebracorn', ['vip'])).toEqual([posts['hidden#2'], posts['hidden#1']]);

      await db.forumPost.delete({ where: { id: posts['hidden#2']! } });
      await indexer.syncForumPosts(tenantC, [posts['hidden#2']!]);
      expect(await foundPosts(tenantC, 'zebracorn', ['vip'])).toEqual([posts['hidden#1']]);
    });

    it('drops on reindex a post deleted while no event reached the index, and keeps the rest', async () => {
      await systemClient().forumPost.delete({ where: { id: posts['lanterns#3']! } });
      const progress: number[] = [];
      const result = await indexer.reindexTenant(tenantC, (step) => {
        if (step.documents === 'forum posts') progress.push(step.indexed);
      });
      expect(await foundPosts(tenantC, 'lanterns', ['open', 'vip'])).toEqual([posts['kites#1'], posts['lanterns#1']]);
      expect(await foundPosts(tenantD, 'lanterns', ['other'])).toEqual([posts['foreign#1']]);
      if (indexer.backend === 'meilisearch') {
        // 4 posts of tenant C by now, written two per batch.
        expect(result.forumPosts).toMatchObject({ indexed: 4, total: 4 });
        expect(result.forumPosts.removed).toBeGreaterThanOrEqual(1);
        expect(progress).toEqual([0, 2, 4]);
      }
    });

    it('removes a deleted tenant’s forum posts, and only that tenant’s', async () => {
      await indexer.removeTenant(tenantD);
      if (indexer.backend === 'meilisearch') expect(await foundPosts(tenantD, 'zebracorn', ['other'])).toEqual([]);
      expect(await foundPosts(tenantC, 'fireflies', ['open'])).toEqual([posts['lanterns#2']]);
    });

    it('refuses a tenant id that is not a uuid instead of searching without it', async () => {
      await expect(index.searchForumPosts({ tenantId: 'not-a-tenant', text: 'lanterns', forumIds: [forums.open!], limit: 5 })).rejects.toThrow();
      await expect(index.searchForumPosts({ tenantId: '', text: 'lanterns', forumIds: [forums.open!], limit: 5 })).rejects.toThrow();
    });
  });
});
