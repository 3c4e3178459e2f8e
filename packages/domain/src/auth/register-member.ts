// Self-service registration on a tenant's site, following its registration mode:
// open, invite-only (the invite is claimed, the member created and the invite tree
// recorded in one transaction; a code serves once even to racing registrations),
// application (people apply at /apply instead) or closed. The plan's member limit is
// held in the same transaction (plans/quota.ts). A verification mail goes out afterwards.
import { hashPassword, passwordProblem } from '@swarmhost/auth/password';
import { parseTenantSettings, withTenant } from '@swarmhost/db';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import type { MailTransport } from '../mail/mail-transport';
import { holdQuota } from '../plans/quota';
import { noteTenantUsageLater } from '../plans/usage-notices';
import { isUniqueViolation } from '../prisma-errors';
import { newPasskey, newRssKey } from '../secrets';
import { checkEmail, checkUsername } from '../validation';
import { sendVerificationMail } from './email-verification';

export interface RegisterMemberOptions {
  redis: Redis;
  mail: MailTransport;
  tenant: { id: string; name: string; settings: unknown };
  siteUrl: string;
  username: string;
  email: string;
  password: string;
  inviteCode?: string;
}

export async function registerMember(options: RegisterMemberOptions): Promise<{ memberId: string }> {
  const mode = parseTenantSettings(options.tenant.settings).registrationMode;
  if (mode === 'closed') {
    throw new AppError('FORBIDDEN', `${options.tenant.name} is not taking new members right now; ask a member for an invite later`);
  }
  const inviteCode = options.inviteCode?.trim() ?? '';
  if (mode === 'application' && inviteCode === '') {
    throw new AppError('FORBIDDEN', `${options.tenant.name} takes new members by application: apply on the Apply page and the staff will answer by e-mail`);
  }
  if (mode === 'invite' && inviteCode === '') {
    throw new AppError('FORBIDDEN', `${options.tenant.name} is invite-only; enter the invite code a member sent you`);
  }
  const username = checkUsername(options.username.trim());
  const email = checkEmail(options.email);
  const problem = passwordProblem(options.password);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  const passwordHash = await hashPassword(options.password);
  const tenantId = options.tenant.id;
  try {
    const memberId = await withTenant(tenantId, async (tx) => {
      await holdQuota(tx, { tenantId, tenantName: options.tenant.name, resource: 'members' });
      const invite = inviteCode ? await tx.invite.findFirst({ where: { tenantId, code: inviteCode } }) : null;
      if (inviteCode && (!invite || invite.usedAt || invite.usedById || invite.revokedAt || invite.expiresAt.getTime() < Date.now())) {
        throw new AppError('BAD_REQUEST', 'this invite code is unknown, used or expired; ask for a new invite');
      }
      if (invite?.email && invite.email.toLowerCase() !== email.toLowerCase()) {
        throw new AppError('BAD_REQUEST', `this invite was sent to ${invite.email}; register with that address`);
      }
      const usedAt = new Date();
      if (invite) {
        // Claimed with a conditional update: of registrations racing for one code, the
        // first to commit wins; the others wait on the row, match nothing, and roll back.
        const claimed = await tx.invite.updateMany({ where: { id: invite.id, usedAt: null, usedById: null, revokedAt: null }, data: { usedAt } });
        if (claimed.count !== 1) throw new AppError('CONFLICT', 'this invite code was just used by someone else; ask for a new invite');
      }
      const defaultGroup = await tx.group.findFirst({ where: { tenantId, isDefault: true }, select: { id: true } });
      const member = await tx.member.create({
        data: {
          tenantId,
          username,
          email,
          passwordHash,
          passkey: newPasskey(),
          rssKey: newRssKey(),
          groupId: defaultGroup?.id ?? null,
          invitedById: invite?.inviterId ?? null,
        },
        select: { id: true },
      });
      if (invite) {
        await tx.invite.update({ where: { id: invite.id }, data: { usedById: member.id, usedAt } });
      }
      return member.id;
    });
    await sendVerificationMail({ redis: options.redis, mail: options.mail, tenantId, memberId, email, siteUrl: options.siteUrl });
    noteTenantUsageLater({ tenantId, tenantName: options.tenant.name, mail: options.mail });
    return { memberId };
  } catch (error) {
    if (isUniqueViolation(error, 'username')) {
      throw new AppError('CONFLICT', `the username "${username}" is taken; choose another`);
    }
    if (isUniqueViolation(error, 'email')) {
      throw new AppError('CONFLICT', `${email} already has an account here; log in or reset your password`);
    }
    throw error;
  }
}
