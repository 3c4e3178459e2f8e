// A member tips a torrent's uploader from the torrent page; the uploader is notified and
// the torrent's tip total (sum of its tip_received rows) grows.
import { withTenant } from '@swarmhost/db';
import type { LiveEmitter } from '@swarmhost/events';
import { AppError } from '../errors';
import { notifyMember } from '../notifications/notify-member';
import { pushBalances } from './push-balances';
import { assertPointAmount, formatPoints, transferPoints, LEDGER_TRANSACTION_OPTIONS } from './book-points';
import { validateNote } from './transfer-note';

export interface TipUploaderOptions {
  tenantId: string;
  fromMemberId: string;
  torrentId: string;
  amount: number;
  note?: string;
  emitter?: LiveEmitter;
}

export async function tipUploader(options: TipUploaderOptions): Promise<{ transactionId: string; balance: string; tipTotal: string }> {
  assertPointAmount(options.amount);
  const note = validateNote(options.note);
  const result = await withTenant(options.tenantId, async (tx) => {
    const torrent = await tx.torrent.findFirst({
      where: { id: options.torrentId, status: 'approved' },
      select: { id: true, name: true, uploaderId: true },
    });
    if (!torrent) throw new AppError('NOT_FOUND', 'that torrent does not exist here');
    if (!torrent.uploaderId) throw new AppError('BAD_REQUEST', "this torrent's uploader is no longer a member: nobody to tip");
    if (torrent.uploaderId === options.fromMemberId) throw new AppError('BAD_REQUEST', 'you cannot tip yourself: this is your upload');
    const sender = await tx.member.findUniqueOrThrow({ where: { id: options.fromMemberId }, select: { username: true } });
    const booked = await transferPoints(tx, {
      tenantId: options.tenantId,
      fromMemberId: options.fromMemberId,
      toMemberId: torrent.uploaderId,
      amount: options.amount,
      kind: 'tip',
      reference: { type: 'torrent', id: torrent.id },
      note,
    });
    const total = await tx.bonusTransaction.aggregate({
      where: { reason: 'tip_received', referenceType: 'torrent', referenceId: torrent.id },
      _sum: { amount: true },
    });
    return { booked, torrent, uploaderId: torrent.uploaderId, sender, tipTotal: formatPoints(total._sum.amount ?? 0) };
  }, LEDGER_TRANSACTION_OPTIONS);
  pushBalances(options.emitter, options.tenantId, [
    { memberId: options.fromMemberId, balance: result.booked.sent.balance },
    { memberId: result.uploaderId, balance: result.booked.received.balance },
  ]);
  await notifyMember({
    tenantId: options.tenantId,
    memberId: result.uploaderId,
    kind: 'bonus.tip',
    payload: {
      fromUsername: result.sender.username,
      amount: options.amount,
      torrentId: result.torrent.id,
      torrentName: result.torrent.name,
      note: note ?? '',
    },
    emitter: options.emitter,
  });
  return { transactionId: result.booked.sent.id, balance: result.booked.sent.balance, tipTotal: result.tipTotal };
}
