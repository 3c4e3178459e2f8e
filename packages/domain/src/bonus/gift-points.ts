// A member gives points to another member of the same community, by username, with an
// optional note; the receiver is notified (stored, and pushed live when an emitter is given).
import { withTenant } from '@swarmhost/db';
import type { LiveEmitter } from '@swarmhost/events';
import { AppError } from '../errors';
import { notifyMember } from '../notifications/notify-member';
import { pushBalances } from './push-balances';
import { assertPointAmount, transferPoints, LEDGER_TRANSACTION_OPTIONS } from './book-points';
import { validateNote } from './transfer-note';

export interface GiftPointsOptions {
  tenantId: string;
  fromMemberId: string;
  toUsername: string;
  amount: number;
  note?: string;
  emitter?: LiveEmitter;
}

export async function giftPoints(options: GiftPointsOptions): Promise<{ transactionId: string; balance: string; toUsername: string }> {
  assertPointAmount(options.amount);
  const note = validateNote(options.note);
  const username = options.toUsername.trim();
  if (username === '') throw new AppError('BAD_REQUEST', 'username: say who gets the gift');
  const result = await withTenant(options.tenantId, async (tx) => {
    const receiver = await tx.member.findFirst({ where: { username }, select: { id: true, username: true, status: true } });
    if (!receiver || receiver.status !== 'active') throw new AppError('NOT_FOUND', `no active member is called "${username}" here`);
    if (receiver.id === options.fromMemberId) throw new AppError('BAD_REQUEST', 'you cannot gift points to yourself');
    const sender = await tx.member.findUniqueOrThrow({ where: { id: options.fromMemberId }, select: { username: true } });
    const booked = await transferPoints(tx, {
      tenantId: options.tenantId,
      fromMemberId: options.fromMemberId,
      toMemberId: receiver.id,
      amount: options.amount,
      kind: 'gift',
      reference: { type: 'member', id: receiver.id },
      note,
    });
    return { booked, receiver, sender };
  }, LEDGER_TRANSACTION_OPTIONS);
  pushBalances(options.emitter, options.tenantId, [
    { memberId: options.fromMemberId, balance: result.booked.sent.balance },
    { memberId: result.receiver.id, balance: result.booked.received.balance },
  ]);
  await notifyMember({
    tenantId: options.tenantId,
    memberId: result.receiver.id,
    kind: 'bonus.gift',
    payload: { fromUsername: result.sender.username, amount: options.amount, note: note ?? '', transactionId: result.booked.received.id },
    emitter: options.emitter,
  });
  return { transactionId: result.booked.sent.id, balance: result.booked.sent.balance, toUsername: result.receiver.username };
}
