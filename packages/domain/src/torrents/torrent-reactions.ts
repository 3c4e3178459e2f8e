// What members do on a torrent page: comment, bookmark, thank the uploader. A comment
// writes a `comment.posted` outbox event in its transaction (the worker notifies the uploader).
import { forTenant, withTenant } from '@swarmhost/db';
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { AppError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox-event';

const MAX_COMMENT_LENGTH = 5000;

async function assertVisible(tenantId: string, torrentId: string) {
  const torrent = await forTenant(tenantId).torrent.findUnique({ where: { id: torrentId }, select: { status: true } });
  if (!torrent || torrent.status !== 'approved') throw new AppError('NOT_FOUND', 'this torrent does not exist here; reload the page');
}

export async function addComment(options: { tenantId: string; torrentId: string; authorId: string; body: string }) {
  const body = options.body.trim();
  if (body.length < 1 || body.length > MAX_COMMENT_LENGTH) {
    throw new AppError('BAD_REQUEST', `a comment must be 1-${MAX_COMMENT_LENGTH} characters`);
  }
  await assertVisible(options.tenantId, options.torrentId);
  return withTenant(options.tenantId, async (tx) => {
    const comment = await tx.comment.create({
      data: { tenantId: options.tenantId, torrentId: options.torrentId, authorId: options.authorId, body },
      select: { id: true },
    });
    const payload = { torrentId: options.torrentId, commentId: comment.id, authorId: options.authorId };
    await writeOutboxEvent(tx, { tenantId: options.tenantId, topic: OUTBOX_TOPICS.commentPosted, payload });
    return comment;
  });
}

export async function setBookmark(options: { tenantId: string; torrentId: string; memberId: string; bookmarked: boolean }) {
  const key = { tenantId: options.tenantId, memberId: options.memberId, torrentId: options.torrentId };
  const db = forTenant(options.tenantId);
  if (!options.bookmarked) {
    await db.bookmark.deleteMany({ where: key });
    return;
  }
  await assertVisible(options.tenantId, options.torrentId);
  await db.bookmark.upsert({ where: { tenantId_memberId_torrentId: key }, create: key, update: {} });
}

export async function thankUploader(options: { tenantId: string; torrentId: string; memberId: string }) {
  await assertVisible(options.tenantId, options.torrentId);
  const key = { tenantId: options.tenantId, memberId: options.memberId, torrentId: options.torrentId };
  await forTenant(options.tenantId).thanks.upsert({ where: { tenantId_memberId_torrentId: key }, create: key, update: {} });
}
