// What a report can point at, and whether the reporter may: a member reports only what
// they can see (a torrent's page, a comment on one, a member's profile). Anything else
// answers NOT_FOUND, exactly as if it did not exist, so a report never confirms that a
// hidden row is there. Forum posts and private messages join when their tables do.
import type { TenantTransaction } from '@swarmhost/db';
import { AppError } from '../errors';

export const REPORT_TARGET_TYPES = ['torrent', 'comment', 'post', 'message', 'member'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];

export interface ReportViewer {
  id: string;
  role: string;
}

export interface ResolvedTarget {
  /** What staff see in the queue: a name, a username or an excerpt. */
  label: string;
  /** Where the target lives: a comment's torrent, a post's topic, a message's conversation. */
  contextId: string | null;
}

const LABEL_MAX = 300;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

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
      return { label: clip(`${comment.author?.username ?? 'deleted member'}: ${excerpt(comment.body)}`), contextId: comment.torrentId };
    }
    case 'member': {
      const member = await tx.member.findUnique({ where: { id: targetId }, select: { username: true } });
      if (!member) throw notFound('member');
      if (targetId === viewer.id) throw new AppError('BAD_REQUEST', 'you cannot report yourself; open a ticket if you need staff');
      return { label: clip(member.username), contextId: null };
    }
    case 'post':
      throw new AppError('BAD_REQUEST', 'reporting forum posts is not supported yet; open a ticket and link the post instead');
    case 'message':
      throw new AppError('BAD_REQUEST', 'reporting private messages is not supported yet; open a ticket and quote the message instead');
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
      return report.contextId ? `/forums/topics/${report.contextId}#post-${report.targetId}` : null;
    case 'message':
      return report.contextId ? `/staff/messages/${report.contextId}` : null;
  }
}
