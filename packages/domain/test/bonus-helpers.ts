// Members with a starting balance booked through the ledger, and the ledger's view of a
// member (balance beside the sum of their rows), for the bonus tests.
import { randomBytes } from 'node:crypto';
import { Prisma, withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { bookPoints } from '../src/index';

export async function memberWithPoints(tenantId: string, points: number) {
  const username = `m${randomBytes(4).toString('hex')}`;
  const member = await systemClient().member.create({
    data: { tenantId, username, email: `${username}@x.org`, passwordHash: 'x', passkey: randomBytes(16).toString('hex'), rssKey: randomBytes(16).toString('hex') },
    select: { id: true, username: true },
  });
  if (points > 0) {
    await withTenant(tenantId, (tx) => bookPoints(tx, { tenantId, memberId: member.id, amount: points, reason: 'staff_adjustment' }));
  }
  return member;
}

export async function ledgerState(memberId: string) {
  const db = systemClient();
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId } });
  const sum = await db.bonusTransaction.aggregate({ where: { memberId }, _sum: { amount: true }, _count: true });
  return { member, balance: member.bonusPoints.toString(), ledgerSum: new Prisma.Decimal(sum._sum.amount ?? 0).toString(), rows: sum._count };
}
