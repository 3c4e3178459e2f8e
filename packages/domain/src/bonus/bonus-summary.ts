// What the /bonus page and the header link show about the signed-in member's points.
import { forTenant } from '@swarmhost/db';
import { formatPoints } from './book-points';

export interface BonusSummary {
  balance: string;
  freeleechTokens: number;
  /** ISO time personal freeleech ends, when it runs. */
  personalFreeleechUntil: string | null;
  inviteQuota: number;
  title: string | null;
}

export async function getBonusSummary(options: { tenantId: string; memberId: string; now?: Date }): Promise<BonusSummary> {
  const member = await forTenant(options.tenantId).member.findUniqueOrThrow({
    where: { id: options.memberId },
    select: { bonusPoints: true, freeleechTokens: true, personalFreeleechUntil: true, inviteQuota: true, title: true },
  });
  const now = options.now ?? new Date();
  const until = member.personalFreeleechUntil && member.personalFreeleechUntil > now ? member.personalFreeleechUntil.toISOString() : null;
  return {
    balance: formatPoints(member.bonusPoints),
    freeleechTokens: member.freeleechTokens,
    personalFreeleechUntil: until,
    inviteQuota: member.inviteQuota,
    title: member.title,
  };
}

/** The points a torrent's uploader received in tips for it. */
export async function getTorrentTipTotal(options: { tenantId: string; torrentId: string }): Promise<string> {
  const total = await forTenant(options.tenantId).bonusTransaction.aggregate({
    where: { reason: 'tip_received', referenceType: 'torrent', referenceId: options.torrentId },
    _sum: { amount: true },
  });
  return formatPoints(total._sum.amount ?? 0);
}
