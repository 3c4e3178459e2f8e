// Staff delete a forum post or a whole topic, with a reason that goes into the audit log.
// Everything moves in one transaction under the topic's row lock (taken before the
// forum's, the order a reply takes them): the later posts close the gap so positions
// stay 1..n, read markers past the gap move back with them, and the topic's and forum's
// counters and last-post pointers are recounted from the rows. Edit revisions, read
// markers and subscriptions go with their post or topic (foreign-key cascades); reply
// notifications only quote the topic's title as text, so they stay. `search.forum-changed`
// for the topic lets the search engine drop what is gone and renumber the rest.
import { withTenant } from '@swarmhost/db';
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox-event';
import { isForumStaff, POST_NOT_FOUND, readableTopic, type ForumViewer } from './forum-access';
import { lockForums, lockTopics, recountForum, recountTopic } from './forum-moderation';

export const DELETE_REASON_MIN = 3;
export const DELETE_REASON_MAX = 500;

function requireStaff(viewer: ForumViewer) {
  if (!isForumStaff(viewer)) throw new AppError('FORBIDDEN', 'only staff can delete forum posts and topics');
}

function validReason(raw: string): string {
  const reason = raw.trim().replace(/\s+/g, ' ');
  if ([...reason].length < DELETE_REASON_MIN) throw new AppError('BAD_REQUEST', `reason: say why it is deleted (at least ${DELETE_REASON_MIN} characters); it goes into the audit log`);
  if ([...reason].length > DELETE_REASON_MAX) throw new AppError('BAD_REQUEST', `reason: must be at most ${DELETE_REASON_MAX} characters`);
  return reason;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/**
 * Deletes one reply. The topic's first post cannot go alone: deleting it means deleting
 * the topic (`deleteForumTopic`).
 */
export async function deleteForumPost(options: { tenantId: string; viewer: ForumViewer; postId: string; reason: string }): Promise<{ topicId: string }> {
  requireStaff(options.viewer);
  const reason = validReason(options.reason);
  return withTenant(options.tenantId, async (tx) => {
    const found = await tx.forumPost.findUnique({ where: { id: options.postId }, select: { topicId: true } });
    if (!found) throw new AppError('NOT_FOUND', POST_NOT_FOUND);
    const { topic } = await readableTopic(tx, options.viewer, found.topicId);
    const forumId = (await lockTopics(tx, [topic.id])).get(topic.id)!;
    // Read again under the lock: a merge or another deletion may have renumbered it.
    const post = await tx.forumPost.findUnique({ where: { id: options.postId }, select: { id: true, topicId: true, position: true, authorId: true, body: true } });
    if (!post || post.topicId !== topic.id) throw new AppError('NOT_FOUND', `${POST_NOT_FOUND}; reload the topic`);
    if (post.position === 1) throw new AppError('BAD_REQUEST', 'this is the topic’s first post: delete the whole topic instead');

    await tx.forumPost.delete({ where: { id: post.id } });
    await tx.$executeRaw`
      UPDATE forum_posts p SET position = n.position
      FROM (SELECT id, row_number() OVER (ORDER BY position, created_at, id)::int AS position FROM forum_posts WHERE topic_id = ${topic.id}::uuid) n
      WHERE p.id = n.id AND p.position <> n.position`;
    // A marker at or past the deleted post now means one post earlier; nobody gains or loses unread posts.
    await tx.$executeRaw`
      UPDATE forum_topic_reads SET last_position = last_position - 1
      WHERE topic_id = ${topic.id}::uuid AND last_position >= ${post.position}`;
    await recountTopic(tx, topic.id);
    // The forum's row, then its recount in a statement of its own: that statement's
    // snapshot holds every post committed before the lock, and a reply still waiting for
    // the lock adds its own increment on top.
    await lockForums(tx, [forumId]);
    await recountForum(tx, forumId);
    await writeOutboxEvent(tx, { tenantId: options.tenantId, topic: OUTBOX_TOPICS.forumSearchChanged, payload: { topicId: topic.id } });
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.viewer.id,
      action: 'forum.post.delete',
      targetType: 'forum_post',
      targetId: post.id,
      details: { reason, topicId: topic.id, topicTitle: topic.title, position: post.position, authorId: post.authorId, excerpt: excerpt(post.body) },
    });
    return { topicId: topic.id };
  });
}

/** Deletes a topic with all its posts; answers its forum, where the staff member goes next. */
export async function deleteForumTopic(options: { tenantId: string; viewer: ForumViewer; topicId: string; reason: string }): Promise<{ forumId: string }> {
  requireStaff(options.viewer);
  const reason = validReason(options.reason);
  return withTenant(options.tenantId, async (tx) => {
    const { topic } = await readableTopic(tx, options.viewer, options.topicId);
    const forumId = (await lockTopics(tx, [topic.id])).get(topic.id)!;
    const posts = await tx.forumPost.count({ where: { topicId: topic.id } });
    await tx.forumTopic.delete({ where: { id: topic.id } });
    await lockForums(tx, [forumId]);
    await recountForum(tx, forumId);
    await writeOutboxEvent(tx, { tenantId: options.tenantId, topic: OUTBOX_TOPICS.forumSearchChanged, payload: { topicId: topic.id } });
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.viewer.id,
      action: 'forum.topic.delete',
      targetType: 'forum_topic',
      targetId: topic.id,
      details: { reason, title: topic.title, forumId, posts, authorId: topic.authorId },
    });
    return { forumId };
  });
}

export interface DeletedForumPost {
  what: 'post' | 'topic';
  topicTitle: string | null;
  reason: string | null;
  deletedBy: string | null;
  deletedAt: string;
}

/**
 * For staff following a link to a post that is gone (a report's): who deleted it, when
 * and why — the post alone, or its whole topic (found through the reports on the post,
 * which keep its topic). Null when nothing says so; FORBIDDEN for members.
 */
export async function findDeletedForumPost(options: { tenantId: string; viewer: ForumViewer; postId: string }): Promise<DeletedForumPost | null> {
  if (!isForumStaff(options.viewer)) throw new AppError('FORBIDDEN', 'only staff can see deleted forum posts');
  return withTenant(options.tenantId, async (tx) => {
    if (await tx.forumPost.findUnique({ where: { id: options.postId }, select: { id: true } })) return null;
    const select = { action: true, details: true, createdAt: true, actorMember: { select: { username: true } } } as const;
    let entry = await tx.auditLog.findFirst({ where: { action: 'forum.post.delete', targetType: 'forum_post', targetId: options.postId }, orderBy: { createdAt: 'desc' }, select });
    if (!entry) {
      const topicIds = (await tx.report.findMany({ where: { targetType: 'post', targetId: options.postId, contextId: { not: null } }, select: { contextId: true } }))
        .map((report) => report.contextId)
        .filter((id): id is string => id !== null);
      if (topicIds.length > 0) {
        entry = await tx.auditLog.findFirst({ where: { action: 'forum.topic.delete', targetType: 'forum_topic', targetId: { in: topicIds } }, orderBy: { createdAt: 'desc' }, select });
      }
    }
    if (!entry) return null;
    const details = (entry.details ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : null);
    return {
      what: entry.action === 'forum.post.delete' ? 'post' : 'topic',
      topicTitle: text('topicTitle') ?? text('title'),
      reason: text('reason'),
      deletedBy: entry.actorMember?.username ?? null,
      deletedAt: entry.createdAt.toISOString(),
    };
  });
}
