// Who may read, reply to and start topics in which forum. Rights are set per member
// group (forum_permissions); a member without a group counts as the tenant's default
// group; staff and admins read and post everywhere. Every forum use case asks here, so a
// forum a member may not read is NOT_FOUND for its topics, posts, search and latest posts.
import type { TenantTransaction } from '@swarmhost/db';
import { AppError } from '../errors';

export interface ForumViewer {
  id: string;
  role: 'member' | 'staff' | 'admin' | string;
  groupId: string | null;
}

export type ForumRight = 'read' | 'reply' | 'start';

export const isForumStaff = (viewer: { role: string }) => viewer.role === 'staff' || viewer.role === 'admin';

export const FORUM_NOT_FOUND = 'this forum does not exist here, or you may not read it';
export const TOPIC_NOT_FOUND = 'this topic does not exist here, or you may not read it';
export const POST_NOT_FOUND = 'this post does not exist here, or you may not read it';

async function effectiveGroupId(tx: TenantTransaction, viewer: ForumViewer): Promise<string | null> {
  if (viewer.groupId) return viewer.groupId;
  const fallback = await tx.group.findFirst({ where: { isDefault: true }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  return fallback?.id ?? null;
}

/** Every forum id the viewer may read (all of them for staff). */
export async function readableForumIds(tx: TenantTransaction, viewer: ForumViewer): Promise<string[]> {
  if (isForumStaff(viewer)) return (await tx.forum.findMany({ select: { id: true } })).map((forum) => forum.id);
  const groupId = await effectiveGroupId(tx, viewer);
  if (!groupId) return [];
  const rows = await tx.forumPermission.findMany({ where: { groupId, canRead: true }, select: { forumId: true } });
  return rows.map((row) => row.forumId);
}

export interface ForumRights {
  read: boolean;
  reply: boolean;
  start: boolean;
}

/** The viewer's rights in one forum (one query); throws NOT_FOUND when the forum is missing or unreadable. */
export async function forumRights(tx: TenantTransaction, viewer: ForumViewer, forumId: string): Promise<ForumRights> {
  const [row] = await tx.$queryRaw<{ can_read: boolean | null; can_reply: boolean | null; can_start_topics: boolean | null }[]>`
    SELECT p.can_read, p.can_reply, p.can_start_topics
    FROM forums f
    LEFT JOIN forum_permissions p ON p.forum_id = f.id
      AND p.group_id = coalesce(${viewer.groupId}::uuid, (SELECT id FROM groups WHERE is_default ORDER BY created_at LIMIT 1))
    WHERE f.id = ${forumId}::uuid`;
  if (!row) throw new AppError('NOT_FOUND', FORUM_NOT_FOUND);
  if (isForumStaff(viewer)) return { read: true, reply: true, start: true };
  if (!row.can_read) throw new AppError('NOT_FOUND', FORUM_NOT_FOUND);
  return { read: true, reply: row.can_reply === true, start: row.can_start_topics === true };
}

/** Reads a topic the viewer may read (NOT_FOUND otherwise) with their rights in its forum. */
export async function readableTopic(tx: TenantTransaction, viewer: ForumViewer, topicId: string) {
  const topic = await tx.forumTopic.findUnique({
    where: { id: topicId },
    select: { id: true, forumId: true, title: true, pinned: true, locked: true, postCount: true, authorId: true, createdAt: true },
  });
  if (!topic) throw new AppError('NOT_FOUND', TOPIC_NOT_FOUND);
  try {
    return { topic, rights: await forumRights(tx, viewer, topic.forumId) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', TOPIC_NOT_FOUND);
    throw error;
  }
}
