// Proves a member owns their e-mail address: a single-use link by mail, redeemed on
// the site, which stamps emailVerifiedAt.
import { forTenant } from '@swarmhost/db';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import type { MailTransport } from '../mail/mail-transport';
import { issueOneTimeToken, redeemOneTimeToken } from './one-time-tokens';

export async function sendVerificationMail(options: {
  redis: Redis;
  mail: MailTransport;
  tenantId: string;
  memberId: string;
  email: string;
  siteUrl: string;
}): Promise<void> {
  const token = await issueOneTimeToken(options.redis, 'verify-email', { tenantId: options.tenantId, memberId: options.memberId });
  await options.mail.send({
    to: options.email,
    subject: 'Confirm your e-mail address',
    tenantId: options.tenantId,
    text: `Open this link to confirm your address (valid for 48 hours):\n\n${options.siteUrl}/verify-email?token=${token}\n`,
  });
}

export async function verifyEmail(options: { redis: Redis; tenantId: string; token: string }): Promise<void> {
  const subject = await redeemOneTimeToken(options.redis, 'verify-email', options.token);
  if (subject.tenantId !== options.tenantId) {
    throw new AppError('BAD_REQUEST', 'this verification link belongs to another community; open it on that site');
  }
  await forTenant(subject.tenantId).member.update({ where: { id: subject.memberId }, data: { emailVerifiedAt: new Date() } });
}
