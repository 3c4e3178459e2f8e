// Writing in the forums: start a topic, reply, edit (the old body kept as a revision).
// A post, its topic's counters and last-post pointer and its forum's counters change in
// one transaction under the topic's row lock, so positions stay 1..n and counters exact
// however many members post at once. Subscribers hear of a reply after it committed. A
// written or edited post also writes `search.forum-changed` in its transaction, for the
// search engine's forum index (the worker's `search-forum-changed` job).
import { withTenant, type TenantTransaction } from '@swarmhost/db';
import { OUTBOX_TOPICS, type LiveEmitter } from '@swarmhost/events';
import { AppError } from '../errors';
import { notifyMember } from '../notifications/notify-member';
import { writeOutboxEvent } from '../outbox/write-outbox-event';
import { forumRights, isForumStaff, POST_NOT_FOUND, readableTopic, TOPIC_NOT_FOUND, type ForumViewer } from './forum-access';

export const FORUM_TITLE_MAX = 200;
export const FORUM_POST_MAX = 30_000;
/** Posts a member may write per window before "you are posting too fast". */
export const FORUM_POST_RATE = { posts: 5, windowMs: 60_000 };

export interface PostRateLimit {
  posts: number;
  windowMs: number;
}

function validTitle(raw: string): string {
  const title = raw.trim().replace(/\s+/g, ' ');
  if (title === '') throw new AppError('BAD_REQUEST', 'title: give the topic a title');
  if ([...title].length > FORUM_TITLE_MAX) throw new AppError('BAD_REQUEST', `title: must be at most ${FORUM_TITLE_MAX} characters`);
  return title;
}

function validBody(raw: string): string {
  const body = raw.trim();
  if (body === '') throw new AppError('BAD_REQUEST', 'message: write something first');
  if (body.length > FORUM_POST_MAX) throw new AppError('BAD_REQUEST', `message: must be at most ${FORUM_POST_MAX.toLocaleString('en')} characters`);
  return body;
}

/** Refuses a member's post past the rate; the advisory lock makes two posts at once count as two. */
async function checkPostRate(tx: TenantTransaction, memberId: string, limit: PostRateLimit, now: Date): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`forum-post:${memberId}`}, 0))`;
  const since = new Date(now.getTime() - limit.windowMs);
  const recent = await tx.forumPost.findMany({
    where: { authorId: memberId, createdAt: { gt: since } },
    orderBy: { createdAt: 'asc' },
    take: limit.posts,
    select: { createdAt: true },
  });
  if (recent.length >= limit.posts) {
    const waitSeconds = Math.max(1, Math.ceil((recent[0]!.createdAt.getTime() + limit.windowMs - now.getTime()) / 1000));
    throw new AppError('TOO_MANY_REQUESTS', `you are posting too fast: at most ${limit.posts} posts a minute. Wait ${waitSeconds} s and send it again`, {
      retryAfterSeconds: waitSeconds,
    });
  }
}

/**
 * Appends a post to a locked topic row and moves every counter and pointer with it. The
 * topic's forum is read with the lock: staff may have moved the topic while this post
 * waited, and then the forum it is in now is counted (after `moved` has checked it).
 */
async function appendPost(
  tx: TenantTransaction,
  options: { tenantId: string; topicId: string; forumId: string; authorId: string; body: string; now: Date; moved?: (forumId: string) => Promise<void> },
) {
  const [row] = await tx.$queryRaw<{ post_count: number; forum_id: string }[]>`SELECT post_count, forum_id::text FROM forum_topics WHERE id = ${options.topicId}::uuid FOR UPDATE`;
  // Staff deleted the topic while this post waited for its lock.
  if (!row) throw new AppError('NOT_FOUND', TOPIC_NOT_FOUND);
  const forumId = row.forum_id;
  if (forumId !== options.forumId) await options.moved?.(forumId);
  const position = row.post_count + 1;
  const post = await tx.forumPost.create({
    data: { tenantId: options.tenantId, topicId: options.topicId, authorId: options.authorId, position, body: options.body, createdAt: options.now },
    select: { id: true, position: true },
  });
  await tx.forumTopic.update({
    where: { id: options.topicId },
    data: { postCount: position, lastPostId: post.id, lastPostAt: options.now, lastPosterId: options.authorId },
  });
  await tx.forum.update({ where: { id: forumId }, data: { postCount: { increment: 1 }, lastPostId: post.id, lastPostAt: options.now } });
  // The author has read their own post and hears of later replies.
  await tx.forumSubscription.createMany({ data: [{ tenantId: options.tenantId, memberId: options.authorId, topicId: options.topicId }], skipDuplicates: true });
  await markReadUpTo(tx, options.tenantId, options.authorId, options.topicId, position);
  await writeOutboxEvent(tx, { tenantId: options.tenantId, topic: OUTBOX_TOPICS.forumSearchChanged, payload: { topicId: options.topicId, postId: post.id } });
  return post;
}

/** Moves a member's read marker forward (never back); re-reading a page writes nothing. */
export async function markReadUpTo(tx: TenantTransaction, tenantId: string, memberId: string, topicId: string, position: number): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO forum_topic_reads (tenant_id, member_id, topic_id, last_position, updated_at)
    VALUES (${tenantId}::uuid, ${memberId}::uuid, ${topicId}::uuid, ${position}, now())
    ON CONFLICT (member_id, topic_id) DO UPDATE SET last_position = EXCLUDED.last_position, updated_at = now()
    WHERE forum_topic_reads.last_position < EXCLUDED.last_position`;
}

export interface WriteOptions {
  tenantId: string;
  viewer: ForumViewer;
  now?: Date;
  rateLimit?: PostRateLimit;
  emitter?: LiveEmitter;
}

export async function startTopic(options: WriteOptions & { forumId: string; title: string; body: string }): Promise<{ topicId: string; postId: string }> {
  const title = validTitle(options.title);
  const body = validBody(options.body);
  const now = options.now ?? new Date();
  return withTenant(options.tenantId, async (tx) => {
    const rights = await forumRights(tx, options.viewer, options.forumId);
    if (!rights.start) throw new AppError('FORBIDDEN', 'your group may read this forum but not start topics in it');
    await checkPostRate(tx, options.viewer.id, options.rateLimit ?? FORUM_POST_RATE, now);
    const topic = await tx.forumTopic.create({
      data: { tenantId: options.tenantId, forumId: options.forumId, authorId: options.viewer.id, title, lastPostAt: now, createdAt: now },
      select: { id: true },
    });
    await tx.forum.update({ where: { id: options.forumId }, data: { topicCount: { increment: 1 } } });
    const post = await appendPost(tx, { tenantId: options.tenantId, topicId: topic.id, forumId: options.forumId, authorId: options.viewer.id, body, now });
    return { topicId: topic.id, postId: post.id };
  });
}

export async function replyToTopic(options: WriteOptions & { topicId: string; body: string }): Promise<{ postId: string; position: number }> {
  const body = validBody(options.body);
  const now = options.now ?? new Date();
  const result = await withTenant(options.tenantId, async (tx) => {
    const { topic, rights } = await readableTopic(tx, options.viewer, options.topicId);
    if (!rights.reply) throw new AppError('FORBIDDEN', 'your group may read this forum but not reply in it');
    if (topic.locked && !isForumStaff(options.viewer)) {
      throw new AppError('FORBIDDEN', 'this topic is locked: staff closed it to replies. Start a new topic or ask staff to unlock it');
    }
    await checkPostRate(tx, options.viewer.id, options.rateLimit ?? FORUM_POST_RATE, now);
    const post = await appendPost(tx, {
      tenantId: options.tenantId,
      topicId: topic.id,
      forumId: topic.forumId,
      authorId: options.viewer.id,
      body,
      now,
      // Moved meanwhile: the reply follows the topic only where the member may reply.
      moved: async (forumId) => {
        if (!(await forumRights(tx, options.viewer, forumId)).reply) {
          throw new AppError('FORBIDDEN', 'staff moved this topic to a forum where your group may not reply; your reply was not posted');
        }
      },
    });
    const subscribers = await tx.forumSubscription.findMany({ where: { topicId: topic.id, memberId: { not: options.viewer.id } }, select: { memberId: true } });
    const author = await tx.member.findUnique({ where: { id: options.viewer.id }, select: { username: true } });
    return { post, topic, subscribers, author };
  });
  // After the commit: a notification never names a post that was rolled back.
  for (const subscriber of result.subscribers) {
    await notifyMember({
      tenantId: options.tenantId,
      memberId: subscriber.memberId,
      kind: 'forum.reply',
      payload: {
        topicId: result.topic.id,
        topicTitle: result.topic.title,
        postId: result.post.id,
        position: result.post.position,
        authorUsername: result.author?.username ?? null,
      },
      emitter: options.emitter,
      sourceKey: `forum-post:${result.post.id}:${subscriber.memberId}`,
    });
  }
  return { postId: result.post.id, position: result.post.position };
}

/** Reads a post in a topic the viewer may read. */
async function readablePost(tx: TenantTransaction, viewer: ForumViewer, postId: string) {
  const post = await tx.forumPost.findUnique({ where: { id: postId }, select: { id: true, topicId: true, authorId: true, body: true, position: true } });
  if (!post) throw new AppError('NOT_FOUND', POST_NOT_FOUND);
  try {
    const { topic, rights } = await readableTopic(tx, viewer, post.topicId);
    return { post, topic, rights };
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', POST_NOT_FOUND);
    throw error;
  }
}

/**
 * Where a post is, for links and reports: its topic, position and page, and its author.
 * NOT_FOUND unless the viewer may read its forum.
 */
export async function locateForumPost(options: { tenantId: string; viewer: ForumViewer; postId: string }) {
  return withTenant(options.tenantId, async (tx) => {
    const { post, topic } = await readablePost(tx, options.viewer, options.postId);
    return { postId: post.id, topicId: topic.id, topicTitle: topic.title, position: post.position, page: Math.ceil(post.position / 25), authorId: post.authorId };
  });
}

/** One post for the edit page: its body and whether the viewer may edit it. */
export async function getForumPost(options: { tenantId: string; viewer: ForumViewer; postId: string }) {
  return withTenant(options.tenantId, async (tx) => {
    const { post, topic } = await readablePost(tx, options.viewer, options.postId);
    const mayEdit = isForumStaff(options.viewer) || (post.authorId === options.viewer.id && !topic.locked);
    return { id: post.id, body: post.body, position: post.position, topic: { id: topic.id, title: topic.title, locked: topic.locked }, mayEdit };
  });
}

/** The author (while the topic is open) or staff edit a post; the previous body becomes a revision. */
export async function editForumPost(options: WriteOptions & { postId: string; body: string }): Promise<void> {
  const body = validBody(options.body);
  const now = options.now ?? new Date();
  await withTenant(options.tenantId, async (tx) => {
    const { post, topic } = await readablePost(tx, options.viewer, options.postId);
    const staff = isForumStaff(options.viewer);
    if (post.authorId !== options.viewer.id && !staff) throw new AppError('FORBIDDEN', 'only the author or staff may edit this post');
    if (topic.locked && !staff) throw new AppError('FORBIDDEN', 'this topic is locked: its posts can no longer be edited');
    if (body === post.body) return;
    await tx.forumPostRevision.create({ data: { tenantId: options.tenantId, postId: post.id, body: post.body, editedById: options.viewer.id, createdAt: now } });
    await tx.forumPost.update({ where: { id: post.id }, data: { body, editedAt: now, editCount: { increment: 1 } } });
    await writeOutboxEvent(tx, { tenantId: options.tenantId, topic: OUTBOX_TOPICS.forumSearchChanged, payload: { topicId: topic.id, postId: post.id } });
  });
}

/** A post's earlier bodies, newest first, with the current one; readable by whoever reads the topic. */
export async function forumPostHistory(options: { tenantId: string; viewer: ForumViewer; postId: string }) {
  return withTenant(options.tenantId, async (tx) => {
    const { post, topic } = await readablePost(tx, options.viewer, options.postId);
    const current = await tx.forumPost.findUniqueOrThrow({
      where: { id: post.id },
      select: { body: true, createdAt: true, editedAt: true, author: { select: { username: true } } },
    });
    const revisions = await tx.forumPostRevision.findMany({ where: { postId: post.id }, orderBy: { createdAt: 'desc' }, select: { id: true, body: true, createdAt: true, editedById: true } });
    const editorIds = [...new Set(revisions.map((revision) => revision.editedById).filter((id): id is string => id !== null))];
    const editors = new Map((await tx.member.findMany({ where: { id: { in: editorIds } }, select: { id: true, username: true } })).map((member) => [member.id, member.username]));
    return {
      post: { id: post.id, position: post.position, author: current.author?.username ?? null, body: current.body, createdAt: current.createdAt.toISOString(), editedAt: current.editedAt?.toISOString() ?? null },
      topic: { id: topic.id, title: topic.title },
      // Each revision is the text as it was before the edit made at `replacedAt` by `editedBy`.
      revisions: revisions.map((revision) => ({
        id: revision.id,
        body: revision.body,
        replacedAt: revision.createdAt.toISOString(),
        editedBy: revision.editedById ? (editors.get(revision.editedById) ?? null) : null,
      })),
    };
  });
}
