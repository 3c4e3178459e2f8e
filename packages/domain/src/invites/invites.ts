// Invites for invite-only communities: members spend their invite quota (staff do
// not), each code is single-use and expires; the invite tree is kept via invitedById.
import { randomBytes } from 'node:crypto';
import { withTenant, forTenant } from '@swarmhost/db';
import { AppError } from '../errors';
import { checkEmail } from '../validation';

const INVITE_DAYS = 7;

export async function createInvite(options: {
  tenantId: string;
  inviterId: string;
  email?: string;
}): Promise<{ code: string; expiresAt: Date }> {
  const email = options.email?.trim() ? checkEmail(options.email) : null;
  return withTenant(options.tenantId, async (tx) => {
    const inviter = await tx.member.findUnique({ where: { id: options.inviterId }, select: { role: true, inviteQuota: true } });
    if (!inviter) throw new AppError('NOT_FOUND', 'your account was not found; log in again');
    const isStaff = inviter.role !== 'member';
    if (!isStaff) {
      const spent = await tx.member.updateMany({
        where: { id: options.inviterId, inviteQuota: { gt: 0 } },
        data: { inviteQuota: { decrement: 1 } },
      });
      if (spent.count === 0) throw new AppError('FORBIDDEN', 'you have no invites left; staff can grant more');
    }
    const code = randomBytes(12).toString('base64url');
    const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
    await tx.invite.create({ data: { tenantId: options.tenantId, code, inviterId: options.inviterId, email, expiresAt } });
    return { code, expiresAt };
  });
}

export async function listInvites(options: { tenantId: string; inviterId: string }) {
  const invites = await forTenant(options.tenantId).invite.findMany({
    where: { inviterId: options.inviterId },
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: { code: true, email: true, expiresAt: true, usedAt: true, usedBy: { select: { username: true } } },
  });
  return invites.map((invite) => ({
    code: invite.code,
    email: invite.email,
    expiresAt: invite.expiresAt,
    usedAt: invite.usedAt,
    usedBy: invite.usedBy?.username ?? null,
  }));
}
