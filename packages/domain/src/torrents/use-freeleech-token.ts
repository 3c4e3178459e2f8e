// A member spends one freeleech token on a torrent (issue 11): from then on their download
// of it is not counted. The token count and the token row change in one transaction; the
// tracker hears about it through a member invalidation and honours it within a second.
import { forTenant, withTenant } from '@swarmhost/db';
import { publishInvalidation, type Publisher } from '@swarmhost/events';
import { LEDGER_TRANSACTION_OPTIONS } from '../bonus/book-points';
import { AppError } from '../errors';
import { isUniqueViolation } from '../prisma-errors';

export interface UseFreeleechTokenOptions {
  tenantId: string;
  memberId: string;
  torrentId: string;
  /** Tells the tracker's caches the member changed. */
  publisher?: Publisher;
}

export interface FreeleechTokenUse {
  usedAt: string;
  tokensLeft: number;
}

export async function useFreeleechToken(options: UseFreeleechTokenOptions): Promise<FreeleechTokenUse> {
  const result = await withTenant(options.tenantId, async (tx) => {
    const torrent = await tx.torrent.findFirst({
      where: { id: options.torrentId, status: 'approved' },
      select: { id: true, freeleechPercent: true },
    });
    if (!torrent) throw new AppError('NOT_FOUND', 'that torrent does not exist here');
    if (torrent.freeleechPercent === 100) {
      throw new AppError('BAD_REQUEST', 'this torrent is already freeleech for everyone: keep your token');
    }
    const snatched = await tx.snatch.findFirst({ where: { memberId: options.memberId, torrentId: torrent.id }, select: { id: true } });
    if (snatched) {
      throw new AppError('BAD_REQUEST', 'you have already completed this download: a token would not change anything');
    }
    const already = await tx.freeleechToken.findUnique({
      where: { tenantId_memberId_torrentId: { tenantId: options.tenantId, memberId: options.memberId, torrentId: torrent.id } },
      select: { id: true },
    });
    if (already) throw new AppError('CONFLICT', 'you already used a freeleech token on this torrent');
    // The conditional decrement takes the member's row lock: concurrent uses queue here,
    // and the last token can be spent only once.
    const spent = await tx.member.updateMany({
      where: { id: options.memberId, freeleechTokens: { gt: 0 } },
      data: { freeleechTokens: { decrement: 1 } },
    });
    if (spent.count === 0) {
      throw new AppError('BAD_REQUEST', 'you have no freeleech tokens left: buy one in the bonus store');
    }
    const token = await tx.freeleechToken
      .create({ data: { tenantId: options.tenantId, memberId: options.memberId, torrentId: torrent.id }, select: { usedAt: true } })
      .catch((error: unknown) => {
        // The same member using a token on the same torrent twice at once: one wins, the
        // other's decrement rolls back with this transaction.
        if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'you already used a freeleech token on this torrent');
        throw error;
      });
    const member = await tx.member.findUniqueOrThrow({ where: { id: options.memberId }, select: { freeleechTokens: true } });
    return { usedAt: token.usedAt.toISOString(), tokensLeft: member.freeleechTokens };
  }, LEDGER_TRANSACTION_OPTIONS);
  if (options.publisher) {
    await publishInvalidation(options.publisher, { kind: 'member', tenantId: options.tenantId, memberId: options.memberId });
  }
  return result;
}

/** When the member used a token on the torrent (or null), and whether they completed it (a token would be wasted). */
export async function freeleechTokenState(options: {
  tenantId: string;
  memberId: string;
  torrentId: string;
}): Promise<{ usedAt: string | null; completed: boolean }> {
  const db = forTenant(options.tenantId);
  const key = { tenantId: options.tenantId, memberId: options.memberId, torrentId: options.torrentId };
  const [token, snatch] = await Promise.all([
    db.freeleechToken.findUnique({ where: { tenantId_memberId_torrentId: key }, select: { usedAt: true } }),
    db.snatch.findUnique({ where: { tenantId_memberId_torrentId: key }, select: { id: true } }),
  ]);
  return { usedAt: token?.usedAt.toISOString() ?? null, completed: snatch !== null };
}
