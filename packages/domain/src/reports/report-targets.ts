// What a report can point at, and whether the reporter may: a member reports only what
// they can see (a torrent's page, a comment on one, a member's profile). Anything else
// answers NOT_FOUND, exactly as if it did not exist, so a report never confirms that a
// hidden row is there. A forum post: its forum must be readable by the reporter's group
// (forums/forum-access.ts); a private message: the reporter takes part in its
// conversation (messages/reportable-message.ts), and staff then read that conversation.
import type { TenantTransaction } from '@swarmhost/db';
import { AppError } from '../errors';
import { readableTopic } from '../forums/forum-access';
import { excerpt } from '../text/excerpt';

export const REPORT_TARGET_TYPES = ['torrent', 'comment', 'post', 'message', 'member'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];

export interface ReportViewer {
  id: string;
  role: string;
  /** For forum rights; read from the member row when not given. */
  groupId?: string | null;
}

export interface ResolvedTarget {
  /** What staff see in the queue: a name, a username or an excerpt. */
  label: string;
  /** Where the target lives: a comment's torrent, a post's topic, a message's conversation. */
  contextId: string | null;
}

const LABEL_MAX = 300;

/** A label shows the text plainly (no Markdown marks), cut at 120 characters. */
const labelText = (body: string) => excerpt(body, 120);

const clip = (label: string) => (label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 1)}…` : label);

/** The torrent page's rule (getTorrent): approved for everyone, pending/rejected for the uploader and staff, deleted for staff. */
function torrentVisible(torrent: { status: string; uploaderId: string | null }, viewer: ReportViewer): boolean {
  const isStaff = viewer.role !== 'member';
  if (torrent.status === 'approved') return true;
  if (torrent.status === 'deleted') return isStaff;
  return isStaff || torrent.uploaderId === viewer.id;
}

const notFound = (what: string) => new AppError('NOT_FOUND', `no such ${what} here, or you cannot see it; reload the page`);

export async function resolveReportTarget(tx: TenantTransaction, targetType: ReportTargetType, targetId: string, viewer: ReportViewer): Promise<ResolvedTarget> {
  switch (targetType) {
    case 'torrent': {
      const torrent = await tx.torrent.findUnique({ where: { id: targetId }, select: { name: true, status: true, uploaderId: true } });
      if (!torrent || !torrentVisible(torrent, viewer)) throw notFound('torrent');
      return { label: clip(torrent.name), contextId: null };
    }
    case 'comment': {
      const comment = await tx.comment.findUnique({
        where: { id: targetId },
        select: { body: true, deletedAt: true, torrentId: true, author: { select: { username: true } }, torrent: { select: { status: true, uploaderId: true } } },
      });
      if (!comment || comment.deletedAt !== null || !torrentVisible(comment.torrent, viewer)) throw notFound('comment');
      return { label: clip(`${comment.author?.username ?? 'deleted member'}: ${labelText(comment.body)}`), contextId: comment.torrentId };
    }
    case 'member': {
      const member = await tx.member.findUnique({ where: { id: targetId }, select: { username: true } });
      if (!member) throw notFound('member');
      if (targetId === viewer.id) throw new AppError('BAD_REQUEST', 'you cannot report yourself; open a ticket if you need staff');
      return { label: clip(member.username), contextId: null };
    }
    case 'post': {
      const post = await tx.forumPost.findUnique({ where: { id: targetId }, select: { body: true, topicId: true, author: { select: { username: true } } } });
      if (!post) throw notFound('forum post');
      const groupId = viewer.groupId !== undefined ? viewer.groupId : ((await tx.member.findUnique({ where: { id: viewer.id }, select: { groupId: true } }))?.groupId ?? null);
      try {
        await readableTopic(tx, { id: viewer.id, role: viewer.role, groupId }, post.topicId);
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound('forum post');
        throw error;
      }
      return { label: clip(`${post.author?.username ?? 'deleted member'}: ${labelText(post.body)}`), contextId: post.topicId };
    }
    case 'message': {
      // Only someone still taking part in the conversation sees its messages (staff included).
      const message = await tx.privateMessage.findFirst({
        where: { id: targetId, conversation: { participants: { some: { memberId: viewer.id, leftAt: null } } } },
        select: { body: true, conversationId: true, author: { select: { username: true } } },
      });
      if (!message) throw notFound('message');
      return { label: clip(`${message.author?.username ?? 'a former member'}: ${labelText(message.body)}`), contextId: message.conversationId };
    }
  }
}

/** Where staff open the reported thing (a message: its conversation in the staff reader). */
export function reportTargetHref(report: { targetType: ReportTargetType; targetId: string; contextId: string | null; targetLabel: string }): string | null {
  switch (report.targetType) {
    case 'torrent':
      return `/torrents/${report.targetId}`;
    case 'comment':
      return report.contextId ? `/torrents/${report.contextId}#comment-${report.targetId}` : null;
    case 'member':
      return `/profile/${encodeURIComponent(report.targetLabel)}`;
    case 'post':
      return `/forums/posts/${report.targetId}`;
    case 'message':
      return report.contextId ? `/staff/messages/${report.contextId}` : null;
  }
}
