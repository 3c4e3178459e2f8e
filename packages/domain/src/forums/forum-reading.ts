// Reading the forums: the index (categories, forums the viewer may read, unread marks),
// a forum's topics page and a topic's posts page. Pages are ranges on indexes — topics
// by (forum, pinned, last post) and posts by (topic, position) — with the denormalised
// counters giving the page count, so the last page of a 100,000-post forum costs what
// the first does. Reading a topic page moves the reader's marker to its last post.
import { Prisma, withTenant, type TenantTransaction } from '@swarmhost/db';
import { AppError } from '../errors';
import { forumRights, isForumStaff, readableForumIds, readableTopic, type ForumViewer } from './forum-access';
import { markReadUpTo } from './forum-posts';
import { excerpt } from '../text/excerpt';

export const TOPICS_PER_PAGE = 25;
export const POSTS_PER_PAGE = 25;

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

async function lastPostSummaries(tx: TenantTransaction, postIds: string[]) {
  if (postIds.length === 0) return new Map<string, { topicId: string; topicTitle: string; author: string | null; position: number }>();
  const rows = await tx.forumPost.findMany({
    where: { id: { in: postIds } },
    select: { id: true, position: true, topic: { select: { id: true, title: true } }, author: { select: { username: true } } },
  });
  return new Map(rows.map((row) => [row.id, { topicId: row.topic.id, topicTitle: row.topic.title, author: row.author?.username ?? null, position: row.position }]));
}

/** The forum index: categories in order with the forums the viewer may read. */
export async function getForumIndex(options: { tenantId: string; viewer: ForumViewer }) {
  return withTenant(options.tenantId, async (tx) => {
    const readable = await readableForumIds(tx, options.viewer);
    const categories = await tx.forumCategory.findMany({
      orderBy: [{ position: 'asc' }, { name: 'asc' }],
      select: {
        id: true,
        name: true,
        forums: {
          where: { id: { in: readable } },
          orderBy: [{ position: 'asc' }, { name: 'asc' }],
          select: { id: true, name: true, description: true, topicCount: true, postCount: true, lastPostId: true, lastPostAt: true },
        },
      },
    });
    const forumIds = categories.flatMap((category) => category.forums.map((forum) => forum.id));
    const unread = forumIds.length === 0 ? [] : await tx.$queryRaw<{ forum_id: string; unread: bigint }[]>`
      SELECT t.forum_id, count(*) AS unread
      FROM forum_topics t
      LEFT JOIN forum_topic_reads r ON r.topic_id = t.id AND r.member_id = ${options.viewer.id}::uuid
      WHERE t.forum_id IN (${Prisma.join(forumIds.map((id) => Prisma.sql`${id}::uuid`))})
        AND (r.last_position IS NULL OR r.last_position < t.post_count)
      GROUP BY t.forum_id`;
    const unreadBy = new Map(unread.map((row) => [row.forum_id, Number(row.unread)]));
    const last = await lastPostSummaries(tx, categories.flatMap((category) => category.forums.flatMap((forum) => (forum.lastPostId ? [forum.lastPostId] : []))));
    return categories
      .filter((category) => category.forums.length > 0 || isForumStaff(options.viewer))
      .map((category) => ({
        id: category.id,
        name: category.name,
        forums: category.forums.map((forum) => ({
          id: forum.id,
          name: forum.name,
          description: forum.description,
          topics: forum.topicCount,
          posts: forum.postCount,
          unreadTopics: unreadBy.get(forum.id) ?? 0,
          lastPost: forum.lastPostId && last.get(forum.lastPostId) ? { ...last.get(forum.lastPostId)!, at: iso(forum.lastPostAt) } : null,
        })),
      }));
  });
}

export type ForumIndex = Awaited<ReturnType<typeof getForumIndex>>;

function pageCount(items: number, perPage: number) {
  return Math.max(1, Math.ceil(items / perPage));
}

/** One page of a forum's topics: pinned first, then by last post, newest first. */
export async function getForumPage(options: { tenantId: string; viewer: ForumViewer; forumId: string; page?: number }) {
  return withTenant(options.tenantId, async (tx) => {
    const rights = await forumRights(tx, options.viewer, options.forumId);
    const forum = await tx.forum.findUniqueOrThrow({
      where: { id: options.forumId },
      select: { id: true, name: true, description: true, topicCount: true, postCount: true, category: { select: { name: true } } },
    });
    const pages = pageCount(forum.topicCount, TOPICS_PER_PAGE);
    const page = Math.min(Math.max(1, options.page ?? 1), pages);
    const topics = await tx.$queryRaw<
      { id: string; title: string; pinned: boolean; locked: boolean; post_count: number; last_post_at: Date; created_at: Date; author: string | null; last_poster: string | null; last_read: number | null }[]
    >`
      SELECT t.id, t.title, t.pinned, t.locked, t.post_count, t.last_post_at, t.created_at,
             a.username::text AS author, l.username::text AS last_poster, r.last_position AS last_read
      FROM (
        SELECT * FROM forum_topics
        WHERE tenant_id = ${options.tenantId}::uuid AND forum_id = ${options.forumId}::uuid
        ORDER BY pinned DESC, last_post_at DESC, id DESC
        LIMIT ${TOPICS_PER_PAGE} OFFSET ${(page - 1) * TOPICS_PER_PAGE}
      ) t
      LEFT JOIN members a ON a.id = t.author_id
      LEFT JOIN members l ON l.id = t.last_poster_id
      LEFT JOIN forum_topic_reads r ON r.topic_id = t.id AND r.member_id = ${options.viewer.id}::uuid
      ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC`;
    return {
      forum: { id: forum.id, name: forum.name, description: forum.description, category: forum.category.name, topics: forum.topicCount, posts: forum.postCount },
      may: { startTopic: rights.start, moderate: isForumStaff(options.viewer) },
      page,
      pages,
      topics: topics.map((topic) => {
        const lastRead = topic.last_read ?? 0;
        return {
          id: topic.id,
          title: topic.title,
          pinned: topic.pinned,
          locked: topic.locked,
          posts: topic.post_count,
          author: topic.author,
          lastPoster: topic.last_poster,
          lastPostAt: topic.last_post_at.toISOString(),
          createdAt: topic.created_at.toISOString(),
          unread: lastRead < topic.post_count,
          /** The page holding the first post the viewer has not read (the last page when none). */
          firstUnreadPage: pageCount(Math.min(lastRead + 1, topic.post_count), POSTS_PER_PAGE),
          firstUnreadPosition: Math.min(lastRead + 1, topic.post_count),
        };
      }),
    };
  });
}

export type ForumPage = Awaited<ReturnType<typeof getForumPage>>;

/**
 * One page of a topic's posts by position. `page: 'unread'` opens the page with the
 * viewer's first unread post. The viewer's read marker moves to the page's last post.
 */
export async function getTopicPage(options: { tenantId: string; viewer: ForumViewer; topicId: string; page?: number | 'unread' }) {
  return withTenant(options.tenantId, async (tx) => {
    const { topic, rights } = await readableTopic(tx, options.viewer, options.topicId);
    const pages = pageCount(topic.postCount, POSTS_PER_PAGE);
    // The reader's marker, the forum's name and the subscription in one round trip.
    const [side] = await tx.$queryRaw<{ last_read: number | null; forum_name: string; subscribed: boolean }[]>`
      SELECT (SELECT last_position FROM forum_topic_reads WHERE member_id = ${options.viewer.id}::uuid AND topic_id = ${topic.id}::uuid) AS last_read,
             (SELECT name FROM forums WHERE id = ${topic.forumId}::uuid) AS forum_name,
             EXISTS (SELECT 1 FROM forum_subscriptions WHERE member_id = ${options.viewer.id}::uuid AND topic_id = ${topic.id}::uuid) AS subscribed`;
    const lastReadBefore = side?.last_read ?? 0;
    const firstUnread = Math.min(lastReadBefore + 1, Math.max(1, topic.postCount));
    const wanted = options.page === 'unread' ? Math.ceil(firstUnread / POSTS_PER_PAGE) : (options.page ?? 1);
    const page = Math.min(Math.max(1, wanted), pages);
    const from = (page - 1) * POSTS_PER_PAGE + 1;
    const posts = await tx.forumPost.findMany({
      where: { topicId: topic.id, position: { gte: from, lt: from + POSTS_PER_PAGE } },
      orderBy: { position: 'asc' },
      select: {
        id: true,
        position: true,
        body: true,
        createdAt: true,
        editedAt: true,
        editCount: true,
        authorId: true,
        author: { select: { username: true, role: true, title: true } },
      },
    });
    const last = posts.at(-1);
    if (last) await markReadUpTo(tx, options.tenantId, options.viewer.id, topic.id, last.position);
    const forum = { id: topic.forumId, name: side?.forum_name ?? '' };
    const subscribed = side?.subscribed ?? false;
    const staff = isForumStaff(options.viewer);
    return {
      topic: { id: topic.id, title: topic.title, pinned: topic.pinned, locked: topic.locked, posts: topic.postCount },
      forum,
      page,
      pages,
      firstUnreadPosition: lastReadBefore < topic.postCount ? firstUnread : null,
      subscribed,
      may: { reply: rights.reply && (!topic.locked || staff), moderate: staff },
      posts: posts.map((post) => ({
        id: post.id,
        position: post.position,
        body: post.body,
        createdAt: post.createdAt.toISOString(),
        editedAt: iso(post.editedAt),
        edits: post.editCount,
        author: post.author ? { username: post.author.username, staff: post.author.role !== 'member', title: post.author.title } : null,
        unread: post.position > lastReadBefore,
        mayEdit: staff || (post.authorId === options.viewer.id && !topic.locked),
      })),
    };
  });
}

export type TopicPage = Awaited<ReturnType<typeof getTopicPage>>;

/** The newest posts in forums the viewer may read (the home page's block). */
export async function latestForumPosts(options: { tenantId: string; viewer: ForumViewer; limit?: number }) {
  return withTenant(options.tenantId, async (tx) => {
    const readable = await readableForumIds(tx, options.viewer);
    if (readable.length === 0) return [];
    const rows = await tx.forumPost.findMany({
      where: { topic: { forumId: { in: readable } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: Math.min(options.limit ?? 5, 20),
      select: {
        id: true,
        position: true,
        body: true,
        createdAt: true,
        author: { select: { username: true } },
        topic: { select: { id: true, title: true, forum: { select: { id: true, name: true } } } },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      position: row.position,
      page: Math.ceil(row.position / POSTS_PER_PAGE),
      excerpt: excerpt(row.body),
      createdAt: row.createdAt.toISOString(),
      author: row.author?.username ?? null,
      topic: { id: row.topic.id, title: row.topic.title },
      forum: row.topic.forum,
    }));
  });
}


export function assertPage(page: number | undefined): void {
  if (page !== undefined && (!Number.isInteger(page) || page < 1)) throw new AppError('BAD_REQUEST', 'page: must be a whole number from 1');
}
