// A member moves their account to another e-mail address. The new address must be
// confirmed again (the link goes there), and the old address is told, so a change made
// with a stolen session does not go unnoticed. The API lets only a recently
// re-authenticated session call this (auth/step-up.ts).
import { forTenant } from '@swarmhost/db';
import type { Redis } from 'ioredis';
import { sendVerificationMail } from '../auth/email-verification';
import { AppError } from '../errors';
import type { MailTransport } from '../mail/mail-transport';
import { sendSecurityNotice } from '../mail/security-notices';
import { isUniqueViolation } from '../prisma-errors';
import { checkEmail } from '../validation';

export async function changeEmail(options: {
  redis: Redis;
  mail: MailTransport;
  tenantId: string;
  memberId: string;
  newEmail: string;
  siteName: string;
  siteUrl: string;
}): Promise<{ email: string }> {
  const email = checkEmail(options.newEmail);
  const db = forTenant(options.tenantId);
  const member = await db.member.findUnique({ where: { id: options.memberId }, select: { email: true } });
  if (!member) throw new AppError('NOT_FOUND', 'your account no longer exists here');
  if (member.email.toLowerCase() === email.toLowerCase()) throw new AppError('BAD_REQUEST', 'that is already your address; enter a different one');
  try {
    await db.member.update({ where: { id: options.memberId }, data: { email, emailVerifiedAt: null } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'another account here uses that address; enter a different one');
    throw error;
  }
  await sendVerificationMail({ redis: options.redis, mail: options.mail, tenantId: options.tenantId, memberId: options.memberId, email, siteUrl: options.siteUrl });
  await sendSecurityNotice({ mail: options.mail, to: member.email, siteName: options.siteName, siteUrl: options.siteUrl, change: { kind: 'email-changed', newEmail: email } });
  return { email };
}
