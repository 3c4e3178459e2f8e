// The member's own ledger, newest first, a page at a time, each row with its reference in
// words (the store item, the other member, the torrent) so the history reads by itself.
import { withTenant } from '@swarmhost/db';
import { AppError } from '../errors';
import { formatPoints } from './book-points';

export const BONUS_PAGE_SIZE = 20;

export interface BonusTransactionView {
  id: string;
  amount: string;
  reason: string;
  /** The reason and reference in words: "Tip from alice for Ubuntu 24.04". */
  description: string;
  note: string | null;
  createdAt: string;
}

export interface BonusTransactionPage {
  items: BonusTransactionView[];
  page: number;
  pageCount: number;
  total: number;
}

const REASON_WORDS: Record<string, string> = {
  store_purchase: 'Bought',
  gift_sent: 'Gift to',
  gift_received: 'Gift from',
  tip_sent: 'Tip to',
  tip_received: 'Tip from',
  seeding: 'Seeding',
  staff_adjustment: 'Adjusted by staff',
};

export async function listBonusTransactions(options: { tenantId: string; memberId: string; page?: number }): Promise<BonusTransactionPage> {
  const page = options.page ?? 1;
  if (!Number.isSafeInteger(page) || page < 1 || page > 100_000) throw new AppError('BAD_REQUEST', `page must be a whole number from 1 (got ${page})`);
  return withTenant(options.tenantId, async (tx) => {
    const where = { memberId: options.memberId };
    const [total, rows] = await Promise.all([
      tx.bonusTransaction.count({ where }),
      tx.bonusTransaction.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * BONUS_PAGE_SIZE,
        take: BONUS_PAGE_SIZE,
        select: { id: true, amount: true, reason: true, referenceType: true, referenceId: true, counterpartId: true, note: true, createdAt: true },
      }),
    ]);
    // The other side of each transfer names the other member; tips name the torrent.
    const counterpartIds = rows.flatMap((row) => (row.counterpartId ? [row.counterpartId] : []));
    const torrentIds = rows.flatMap((row) => (row.referenceType === 'torrent' && row.referenceId ? [row.referenceId] : []));
    const [counterparts, torrents] = await Promise.all([
      counterpartIds.length
        ? tx.bonusTransaction.findMany({ where: { id: { in: counterpartIds } }, select: { id: true, member: { select: { username: true } } } })
        : [],
      torrentIds.length ? tx.torrent.findMany({ where: { id: { in: torrentIds } }, select: { id: true, name: true } }) : [],
    ]);
    const usernameOf = new Map(counterparts.map((row) => [row.id, row.member.username]));
    const torrentNameOf = new Map(torrents.map((row) => [row.id, row.name]));
    const items = rows.map((row): BonusTransactionView => {
      const words = REASON_WORDS[row.reason] ?? row.reason.replaceAll('_', ' ');
      let description = words;
      if (row.counterpartId) description += ` ${usernameOf.get(row.counterpartId) ?? 'a former member'}`;
      if (row.referenceType === 'torrent' && row.referenceId) description += ` for ${torrentNameOf.get(row.referenceId) ?? 'a removed torrent'}`;
      if (row.reason === 'store_purchase' && row.note) description += ` ${row.note}`;
      // Accrual rows name their period by its start time.
      if (row.reason === 'seeding' && row.referenceId && !Number.isNaN(Date.parse(row.referenceId))) {
        description += `, period from ${new Date(row.referenceId).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      }
      return {
        id: row.id,
        amount: formatPoints(row.amount),
        reason: row.reason,
        description,
        note: row.reason === 'store_purchase' ? null : row.note,
        createdAt: row.createdAt.toISOString(),
      };
    });
    return { items, page, pageCount: Math.max(1, Math.ceil(total / BONUS_PAGE_SIZE)), total };
  });
}
