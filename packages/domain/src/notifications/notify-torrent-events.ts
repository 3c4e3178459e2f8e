// Notifications about a member's uploads, sent by the worker for the outbox events of
// moderation and comments: approved, rejected (with the reason), commented.
import { forTenant } from '@swarmhost/db';
import type { LiveEmitter } from '@swarmhost/events';
import { notifyMember } from './notify-member';

interface TorrentEventOptions {
  tenantId: string;
  torrentId: string;
  emitter?: LiveEmitter;
  /** Stores the notification at most once per key (see notifyMember). */
  sourceKey?: string;
}

async function uploaderOf(tenantId: string, torrentId: string) {
  return forTenant(tenantId).torrent.findUnique({ where: { id: torrentId }, select: { name: true, uploaderId: true } });
}

export async function notifyTorrentApproved(options: TorrentEventOptions): Promise<void> {
  const torrent = await uploaderOf(options.tenantId, options.torrentId);
  if (!torrent?.uploaderId) return;
  await notifyMember({
    tenantId: options.tenantId,
    memberId: torrent.uploaderId,
    kind: 'torrent.approved',
    payload: { torrentId: options.torrentId, torrentName: torrent.name },
    emitter: options.emitter,
    sourceKey: options.sourceKey,
  });
}

export async function notifyTorrentRejected(options: TorrentEventOptions & { reason: string }): Promise<void> {
  const torrent = await uploaderOf(options.tenantId, options.torrentId);
  if (!torrent?.uploaderId) return;
  await notifyMember({
    tenantId: options.tenantId,
    memberId: torrent.uploaderId,
    kind: 'torrent.rejected',
    payload: { torrentId: options.torrentId, torrentName: torrent.name, reason: options.reason },
    emitter: options.emitter,
    sourceKey: options.sourceKey,
  });
}

/** Tells the uploader someone else commented on their torrent (never about their own comment). */
export async function notifyCommentOnUpload(options: TorrentEventOptions & { commentId: string; authorId: string }): Promise<void> {
  const torrent = await uploaderOf(options.tenantId, options.torrentId);
  if (!torrent?.uploaderId || torrent.uploaderId === options.authorId) return;
  const author = await forTenant(options.tenantId).member.findUnique({ where: { id: options.authorId }, select: { username: true } });
  await notifyMember({
    tenantId: options.tenantId,
    memberId: torrent.uploaderId,
    kind: 'torrent.comment',
    payload: { torrentId: options.torrentId, torrentName: torrent.name, commentId: options.commentId, authorUsername: author?.username ?? null },
    emitter: options.emitter,
    sourceKey: options.sourceKey,
  });
}
