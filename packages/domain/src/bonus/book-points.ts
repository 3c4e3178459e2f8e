// The points ledger's one write path for spends, purchases and transfers: inside the
// caller's tenant transaction it locks the member row(s), refuses an overdraft by name,
// writes the bonus_transactions row(s) and moves members.bonus_points by the same amount,
// so the balance is always the sum of the member's rows (the CHECK on members is the
// last line of defence, the lock is the first).
import { randomUUID } from 'node:crypto';
import { Prisma, type TenantTransaction } from '@swarmhost/db';
import { AppError } from '../errors';

/** The largest amount one booking may move: bounds typos and overflow alike. */
export const MAX_POINTS_PER_BOOKING = 10_000_000;

/**
 * For the withTenant transactions that book points: a burst of purchases or tips queues on
 * the member's row lock and on the connection pool, so wait longer than Prisma's 2 s for a
 * connection instead of failing a purchase that would have gone through.
 */
export const LEDGER_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

export interface LedgerReference {
  /** e.g. "store_item", "torrent", "member". */
  type: string;
  id: string;
}

export interface Booking {
  tenantId: string;
  memberId: string;
  /** Whole points; positive credits, negative debits. */
  amount: number;
  /** e.g. "store_purchase", "gift_sent", "tip_received". */
  reason: string;
  reference?: LedgerReference;
  note?: string;
}

export interface BookedRow {
  id: string;
  balance: string;
}

/** Formats a Decimal balance without trailing zeros ("12", "12.5"). */
export function formatPoints(value: Prisma.Decimal | number): string {
  return new Prisma.Decimal(value).toDecimalPlaces(4).toString();
}

export function assertPointAmount(amount: number, what = 'amount'): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new AppError('BAD_REQUEST', `${what} must be a whole number of points above 0 (got ${String(amount)})`);
  }
  if (amount > MAX_POINTS_PER_BOOKING) {
    throw new AppError('BAD_REQUEST', `${what} must be at most ${MAX_POINTS_PER_BOOKING} points (got ${amount})`);
  }
}

/** Locks the given members' rows in id order (so two transfers never deadlock) and returns their balances. */
export async function lockMembers(tx: TenantTransaction, memberIds: string[]): Promise<Map<string, Prisma.Decimal>> {
  const ids = [...new Set(memberIds)].sort();
  const balances = new Map<string, Prisma.Decimal>();
  for (const id of ids) {
    const rows = await tx.$queryRaw<{ bonus_points: Prisma.Decimal }[]>`
      SELECT bonus_points FROM members WHERE id = ${id}::uuid FOR UPDATE`;
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'that member does not exist here');
    balances.set(id, new Prisma.Decimal(row.bonus_points));
  }
  return balances;
}

export function notEnoughPoints(balance: Prisma.Decimal, cost: number): AppError {
  return new AppError('CONFLICT', `not enough points: you have ${formatPoints(balance)}, this costs ${cost}`, {
    reason: 'not_enough_points',
    balance: formatPoints(balance),
    cost,
  });
}

async function writeRow(tx: TenantTransaction, booking: Booking, id?: string, counterpartId?: string): Promise<BookedRow> {
  const row = await tx.bonusTransaction.create({
    data: {
      ...(id ? { id } : {}),
      tenantId: booking.tenantId,
      memberId: booking.memberId,
      amount: booking.amount,
      reason: booking.reason,
      referenceType: booking.reference?.type ?? null,
      referenceId: booking.reference?.id ?? null,
      counterpartId: counterpartId ?? null,
      note: booking.note ?? null,
    },
    select: { id: true },
  });
  const member = await tx.member.update({
    where: { id: booking.memberId },
    data: { bonusPoints: { increment: booking.amount } },
    select: { bonusPoints: true },
  });
  return { id: row.id, balance: formatPoints(member.bonusPoints) };
}

/**
 * Books one amount for one member: locks the row, refuses a debit the balance cannot
 * cover ("not enough points: you have N, this costs M"), writes the ledger row and the
 * new balance. Call inside withTenant; the caller's other writes commit with it.
 */
export async function bookPoints(tx: TenantTransaction, booking: Booking): Promise<BookedRow> {
  assertPointAmount(Math.abs(booking.amount));
  const balances = await lockMembers(tx, [booking.memberId]);
  const balance = balances.get(booking.memberId) ?? new Prisma.Decimal(0);
  if (booking.amount < 0 && balance.lessThan(-booking.amount)) throw notEnoughPoints(balance, -booking.amount);
  return writeRow(tx, booking);
}

export interface Transfer {
  tenantId: string;
  fromMemberId: string;
  toMemberId: string;
  /** Whole points, above 0. */
  amount: number;
  /** "gift" or "tip": the rows get `<kind>_sent` and `<kind>_received`. */
  kind: 'gift' | 'tip';
  /** What the transfer is about (the torrent of a tip); the rows name each other besides. */
  reference?: LedgerReference;
  note?: string;
}

/** Moves points between two members: both rows locked in id order, two rows naming each other. */
export async function transferPoints(tx: TenantTransaction, transfer: Transfer): Promise<{ sent: BookedRow; received: BookedRow }> {
  assertPointAmount(transfer.amount);
  if (transfer.fromMemberId === transfer.toMemberId) {
    throw new AppError('BAD_REQUEST', `you cannot ${transfer.kind === 'tip' ? 'tip' : 'gift points to'} yourself`);
  }
  const balances = await lockMembers(tx, [transfer.fromMemberId, transfer.toMemberId]);
  const balance = balances.get(transfer.fromMemberId) ?? new Prisma.Decimal(0);
  if (balance.lessThan(transfer.amount)) throw notEnoughPoints(balance, transfer.amount);
  // Both ids are chosen here so each row can name the other (the foreign key is deferred).
  const sentId = randomUUID();
  const receivedId = randomUUID();
  const common = { tenantId: transfer.tenantId, reference: transfer.reference, note: transfer.note };
  const sent = await writeRow(
    tx,
    { ...common, memberId: transfer.fromMemberId, amount: -transfer.amount, reason: `${transfer.kind}_sent` },
    sentId,
    receivedId,
  );
  const received = await writeRow(
    tx,
    { ...common, memberId: transfer.toMemberId, amount: transfer.amount, reason: `${transfer.kind}_received` },
    receivedId,
    sentId,
  );
  return { sent, received };
}
