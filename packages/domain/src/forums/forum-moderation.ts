// Staff actions on topics — pin, lock, move to another forum, merge into another topic —
// and members' subscriptions. Move and merge recount what they touch inside their
// transaction (topic rows locked first, in id order), and each staff action is audited.
// Both write `search.forum-changed` for each topic they change (forum, topic or positions
// of its posts), so the search engine's forum index follows.
import { withTenant, type TenantTransaction } from '@swarmhost/db';
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox-event';
import { FORUM_NOT_FOUND, isForumStaff, readableTopic, TOPIC_NOT_FOUND, type ForumViewer } from './forum-access';

function requireStaff(viewer: ForumViewer) {
  if (!isForumStaff(viewer)) throw new AppError('FORBIDDEN', 'only staff can pin, lock, move or merge topics');
}

/**
 * Locks topic rows (id order) and answers each one's forum as it is now: a move may have
 * committed since the topic was read. Every forum write takes its topic rows first and
 * the forum rows after (id order) — replies, deletions, moves and merges alike — so no
 * two of them wait on each other in a circle.
 */
export async function lockTopics(tx: TenantTransaction, ids: string[]): Promise<Map<string, string>> {
  const forums = new Map<string, string>();
  for (const id of [...new Set(ids)].sort()) {
    const [row] = await tx.$queryRaw<{ forum_id: string }[]>`SELECT forum_id::text FROM forum_topics WHERE id = ${id}::uuid FOR UPDATE`;
    if (!row) throw new AppError('NOT_FOUND', TOPIC_NOT_FOUND);
    forums.set(id, row.forum_id);
  }
  return forums;
}

export async function lockForums(tx: TenantTransaction, ids: string[]): Promise<void> {
  for (const id of [...new Set(ids)].sort()) await tx.$executeRaw`SELECT 1 FROM forums WHERE id = ${id}::uuid FOR UPDATE`;
}

/** Sets a topic's post count and last-post pointer from its rows (positions already 1..n). */
export async function recountTopic(tx: TenantTransaction, topicId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE forum_topics t SET post_count = s.posts, last_post_id = s.id, last_post_at = s.created_at, last_poster_id = s.author_id
    FROM (
      SELECT id, created_at, author_id, (SELECT count(*)::int FROM forum_posts WHERE topic_id = ${topicId}::uuid) AS posts
      FROM forum_posts WHERE topic_id = ${topicId}::uuid ORDER BY position DESC LIMIT 1
    ) s
    WHERE t.id = ${topicId}::uuid`;
}

/** Recounts a forum's topics, posts and last post from its topics (after a move or merge). */
export async function recountForum(tx: TenantTransaction, forumId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE forums f SET
      topic_count = s.topics, post_count = s.posts, last_post_id = s.last_post_id, last_post_at = s.last_post_at
    FROM (
      SELECT count(*)::int AS topics, coalesce(sum(post_count), 0)::int AS posts,
             (SELECT last_post_id FROM forum_topics WHERE forum_id = ${forumId}::uuid ORDER BY last_post_at DESC, id DESC LIMIT 1) AS last_post_id,
             max(last_post_at) AS last_post_at
      FROM forum_topics WHERE forum_id = ${forumId}::uuid
    ) s
    WHERE f.id = ${forumId}::uuid`;
}

export async function setTopicFlags(options: { tenantId: string; viewer: ForumViewer; topicId: string; pinned?: boolean; locked?: boolean }) {
  requireStaff(options.viewer);
  await withTenant(options.tenantId, async (tx) => {
    const { topic } = await readableTopic(tx, options.viewer, options.topicId);
    const data: { pinned?: boolean; locked?: boolean } = {};
    if (options.pinned !== undefined) data.pinned = options.pinned;
    if (options.locked !== undefined) data.locked = options.locked;
    if (Object.keys(data).length === 0) throw new AppError('BAD_REQUEST', 'say whether to pin or lock the topic');
    await tx.forumTopic.update({ where: { id: topic.id }, data });
    const actions = [
      options.pinned === undefined ? null : options.pinned ? 'forum.topic.pin' : 'forum.topic.unpin',
      options.locked === undefined ? null : options.locked ? 'forum.topic.lock' : 'forum.topic.unlock',
    ].filter((action): action is string => action !== null);
    for (const action of actions) {
      await recordAudit(tx, { tenantId: options.tenantId, actorMemberId: options.viewer.id, action, targetType: 'forum_topic', targetId: topic.id, details: { title: topic.title } });
    }
  });
}

export async function moveTopic(options: { tenantId: string; viewer: ForumViewer; topicId: string; forumId: string }) {
  requireStaff(options.viewer);
  await withTenant(options.tenantId, async (tx) => {
    const { topic } = await readableTopic(tx, options.viewer, options.topicId);
    const target = await tx.forum.findUnique({ where: { id: options.forumId }, select: { id: true, name: true } });
    if (!target) throw new AppError('BAD_REQUEST', `forum: ${FORUM_NOT_FOUND}`);
    // The topic's row first, then both forums' (id order): a reply to it waits, and a
    // reply elsewhere in either forum is counted by the recount or adds on top of it.
    const fromForumId = (await lockTopics(tx, [topic.id])).get(topic.id)!;
    if (target.id === fromForumId) throw new AppError('BAD_REQUEST', 'forum: the topic is in that forum already');
    await lockForums(tx, [fromForumId, target.id]);
    await tx.forumTopic.update({ where: { id: topic.id }, data: { forumId: target.id } });
    await recountForum(tx, fromForumId);
    await recountForum(tx, target.id);
    await writeOutboxEvent(tx, { tenantId: options.tenantId, topic: OUTBOX_TOPICS.forumSearchChanged, payload: { topicId: topic.id } });
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.viewer.id,
      action: 'forum.topic.move',
      targetType: 'forum_topic',
      targetId: topic.id,
      details: { title: topic.title, fromForumId, toForumId: target.id },
    });
  });
}

/**
 * Merges `topicId` into `intoTopicId`: its posts join the target and every post of the
 * target is renumbered by time, the source topic goes (its subscribers follow), and both
 * forums are recounted.
 */
export async function mergeTopic(options: { tenantId: string; viewer: ForumViewer; topicId: string; intoTopicId: string }) {
  requireStaff(options.viewer);
  if (options.topicId === options.intoTopicId) throw new AppError('BAD_REQUEST', 'a topic cannot be merged into itself');
  await withTenant(options.tenantId, async (tx) => {
    const { topic: source } = await readableTopic(tx, options.viewer, options.topicId);
    const target = await tx.forumTopic.findUnique({ where: { id: options.intoTopicId }, select: { id: true, forumId: true, title: true } });
    if (!target) throw new AppError('BAD_REQUEST', `target topic: ${TOPIC_NOT_FOUND}`);
    // Both topics' rows first (id order), then their forums' as they are now.
    const forumOf = await lockTopics(tx, [source.id, target.id]);
    const sourceForumId = forumOf.get(source.id)!;
    const targetForumId = forumOf.get(target.id)!;
    await lockForums(tx, [sourceForumId, targetForumId]);
    await tx.forumPost.updateMany({ where: { topicId: source.id }, data: { topicId: target.id } });
    await tx.$executeRaw`
      UPDATE forum_posts p SET position = n.position
      FROM (SELECT id, row_number() OVER (ORDER BY created_at, id)::int AS position FROM forum_posts WHERE topic_id = ${target.id}::uuid) n
      WHERE p.id = n.id AND p.position <> n.position`;
    await recountTopic(tx, target.id);
    await tx.$executeRaw`
      INSERT INTO forum_subscriptions (tenant_id, member_id, topic_id, created_at)
      SELECT tenant_id, member_id, ${target.id}::uuid, created_at FROM forum_subscriptions WHERE topic_id = ${source.id}::uuid
      ON CONFLICT DO NOTHING`;
    // The target's read markers stay (older merged posts may now sit below one and count
    // as read); the source's markers go with the topic.
    await tx.forumTopic.delete({ where: { id: source.id } });
    await recountForum(tx, sourceForumId);
    if (targetForumId !== sourceForumId) await recountForum(tx, targetForumId);
    // The target's posts (renumbered, the merged ones with it) and whatever the index still files under the source.
    await writeOutboxEvent(tx, { tenantId: options.tenantId, topic: OUTBOX_TOPICS.forumSearchChanged, payload: { topicId: target.id } });
    await writeOutboxEvent(tx, { tenantId: options.tenantId, topic: OUTBOX_TOPICS.forumSearchChanged, payload: { topicId: source.id } });
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.viewer.id,
      action: 'forum.topic.merge',
      targetType: 'forum_topic',
      targetId: target.id,
      details: { mergedTopicId: source.id, mergedTitle: source.title, intoTitle: target.title, posts: source.postCount },
    });
  });
}

export async function setTopicSubscription(options: { tenantId: string; viewer: ForumViewer; topicId: string; subscribed: boolean }) {
  await withTenant(options.tenantId, async (tx) => {
    const { topic } = await readableTopic(tx, options.viewer, options.topicId);
    if (options.subscribed) {
      await tx.forumSubscription.createMany({ data: [{ tenantId: options.tenantId, memberId: options.viewer.id, topicId: topic.id }], skipDuplicates: true });
    } else {
      await tx.forumSubscription.deleteMany({ where: { memberId: options.viewer.id, topicId: topic.id } });
    }
  });
}
