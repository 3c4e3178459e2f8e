// Staff actions on torrents: approve or reject queued uploads, edit, set freeleech and
// double upload, delete with a reason. Each writes an audit row in its transaction and
// tells the tracker (a deleted torrent's announces then fail with the reason). Approve
// and reject also write a `torrent.moderated` outbox event in that transaction: the
// worker tells the uploader and posts approvals in the general chat room. Every change
// to an approved torrent (or an approval) writes `search.torrent-changed` for the index.
import { freeleechPercents, forTenant, withTenant, type TenantTransaction } from '@swarmhost/db';
import { parseImdbId, parseTmdbId } from '../torrents/media-ids';
import { OUTBOX_TOPICS, publishInvalidation, type Publisher, type TorrentModeratedEvent } from '@swarmhost/events';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox-event';
import { MAX_DESCRIPTION_LENGTH } from '../torrents/upload-torrent';

export interface StaffContext {
  publisher: Publisher;
  tenantId: string;
  staffId: string;
}

function requireReason(reason: string | undefined, what: string): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length < 3 || trimmed.length > 500) throw new AppError('BAD_REQUEST', `give a reason (3-500 characters) to ${what}`);
  return trimmed;
}

async function changeTorrent(
  context: StaffContext,
  torrentId: string,
  action: string,
  data: Record<string, unknown>,
  details: Record<string, unknown>,
  alsoInTransaction?: (tx: TenantTransaction, before: { status: string }) => Promise<void>,
) {
  const infoHash = await withTenant(context.tenantId, async (tx) => {
    const torrent = await tx.torrent.findUnique({ where: { id: torrentId }, select: { infoHash: true, status: true } });
    if (!torrent || torrent.status === 'deleted') throw new AppError('NOT_FOUND', 'this torrent does not exist (any more); reload');
    await tx.torrent.update({ where: { id: torrentId }, data });
    await recordAudit(tx, { tenantId: context.tenantId, actorMemberId: context.staffId, action, targetType: 'torrent', targetId: torrentId, details });
    // Search shows approved torrents only: an approval, or any change to an approved
    // torrent (edit, delete), re-indexes it; approving it again (a double click) does not.
    const approving = data.status === 'approved';
    if (approving ? torrent.status !== 'approved' : torrent.status === 'approved') {
      await writeOutboxEvent(tx, { tenantId: context.tenantId, topic: OUTBOX_TOPICS.torrentSearchChanged, payload: { torrentId } });
    }
    await alsoInTransaction?.(tx, torrent);
    return torrent.infoHash;
  });
  await publishInvalidation(context.publisher, { kind: 'torrent', tenantId: context.tenantId, infoHash });
}

export async function listModerationQueue(tenantId: string) {
  return forTenant(tenantId).torrent.findMany({
    where: { status: 'pending' },
    orderBy: { createdAt: 'asc' },
    take: 100,
    select: { id: true, name: true, size: true, createdAt: true, uploader: { select: { username: true } } },
  });
}

/** The outbox event of a decision; none when the torrent already had that status (a double click). */
const moderated = (context: StaffContext, payload: TorrentModeratedEvent) => async (tx: TenantTransaction, before: { status: string }) => {
  if (before.status === payload.decision) return;
  await writeOutboxEvent(tx, { tenantId: context.tenantId, topic: OUTBOX_TOPICS.torrentModerated, payload });
};

export async function approveTorrent(context: StaffContext, torrentId: string) {
  const data = { status: 'approved', approvedAt: new Date(), approvedById: context.staffId, statusReason: null };
  await changeTorrent(context, torrentId, 'torrent.approve', data, {}, moderated(context, { decision: 'approved', torrentId, staffId: context.staffId }));
}

export async function rejectTorrent(context: StaffContext, torrentId: string, reason: string) {
  const why = requireReason(reason, 'reject an upload');
  const event = moderated(context, { decision: 'rejected', torrentId, staffId: context.staffId, reason: why });
  await changeTorrent(context, torrentId, 'torrent.reject', { status: 'rejected', statusReason: why }, { reason: why }, event);
}

export async function deleteTorrent(context: StaffContext, torrentId: string, reason: string) {
  const why = requireReason(reason, 'delete a torrent');
  await changeTorrent(context, torrentId, 'torrent.delete', { status: 'deleted', statusReason: why, deletedAt: new Date() }, { reason: why });
}

export async function editTorrent(
  context: StaffContext,
  torrentId: string,
  changes: { name?: string; description?: string; categoryId?: string | null; freeleechPercent?: number; doubleUpload?: boolean; imdbId?: string | null; tmdbId?: string | number | null; reason?: string },
) {
  const data: Record<string, unknown> = {};
  if (changes.name !== undefined) {
    const name = changes.name.trim();
    if (name.length < 1 || name.length > 250) throw new AppError('BAD_REQUEST', 'the name must be 1-250 characters');
    data.name = name;
  }
  if (changes.description !== undefined) {
    if (changes.description.length > MAX_DESCRIPTION_LENGTH) throw new AppError('BAD_REQUEST', 'the description is too long');
    data.description = changes.description;
  }
  if (changes.categoryId !== undefined) {
    // Read through the tenant scope: a foreign key alone would accept another tenant's category.
    if (changes.categoryId !== null) {
      const category = await forTenant(context.tenantId).category.findUnique({ where: { id: changes.categoryId }, select: { id: true } });
      if (!category) throw new AppError('BAD_REQUEST', 'that category does not exist here; pick one from the list');
    }
    data.categoryId = changes.categoryId;
  }
  if (changes.freeleechPercent !== undefined) {
    if (!(freeleechPercents as readonly number[]).includes(changes.freeleechPercent)) {
      throw new AppError('BAD_REQUEST', 'freeleech must be 0, 25, 50, 75 or 100 percent');
    }
    data.freeleechPercent = changes.freeleechPercent;
  }
  if (changes.doubleUpload !== undefined) data.doubleUpload = changes.doubleUpload;
  // An empty value clears the id.
  if (changes.imdbId !== undefined) data.imdbId = parseImdbId(changes.imdbId);
  if (changes.tmdbId !== undefined) data.tmdbId = parseTmdbId(changes.tmdbId);
  if (Object.keys(data).length === 0) throw new AppError('BAD_REQUEST', 'nothing to change; edit at least one field');
  await changeTorrent(context, torrentId, 'torrent.edit', data, { fields: Object.keys(data), reason: changes.reason?.trim() ?? null });
}
