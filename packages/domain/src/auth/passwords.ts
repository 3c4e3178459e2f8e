// Changing and resetting a member's password. Both end every session of the member,
// so a password someone else knew stops working everywhere at once.
import { hashPassword, passwordProblem, verifyPassword } from '@swarmhost/auth/password';
import { forTenant, withTenant } from '@swarmhost/db';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import type { MailTransport } from '../mail/mail-transport';
import { sendSecurityNotice } from '../mail/security-notices';
import { endAllMemberSessions } from '../sessions/member-sessions';
import { issueOneTimeToken, redeemOneTimeToken } from './one-time-tokens';
import type { StepUpAttempts } from './step-up';

function checkNewPassword(password: string) {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('BAD_REQUEST', problem);
}

export async function changePassword(options: {
  tenantId: string;
  memberId: string;
  currentPassword: string;
  newPassword: string;
  /** Counts wrong current passwords (auth/step-up.ts), so a stolen session cannot guess it. */
  attempts?: StepUpAttempts;
}): Promise<void> {
  checkNewPassword(options.newPassword);
  const db = forTenant(options.tenantId);
  await options.attempts?.reserve();
  const member = await db.member.findUnique({ where: { id: options.memberId }, select: { passwordHash: true } });
  if (!member || !(await verifyPassword(member.passwordHash, options.currentPassword))) {
    throw new AppError('BAD_REQUEST', 'the current password is wrong; enter the password you log in with now');
  }
  await options.attempts?.release();
  await db.member.update({ where: { id: options.memberId }, data: { passwordHash: await hashPassword(options.newPassword) } });
  await endAllMemberSessions(options.tenantId, options.memberId);
}

/** Always answers the same way, so the form does not reveal which addresses have accounts. */
export async function requestPasswordReset(options: {
  redis: Redis;
  mail: MailTransport;
  tenantId: string;
  email: string;
  siteUrl: string;
}): Promise<void> {
  const member = await forTenant(options.tenantId).member.findFirst({
    where: { email: options.email.trim() },
    select: { id: true, email: true },
  });
  if (!member) return;
  const token = await issueOneTimeToken(options.redis, 'reset-password', { tenantId: options.tenantId, memberId: member.id });
  await options.mail.send({
    to: member.email,
    subject: 'Reset your password',
    tenantId: options.tenantId,
    text: `Someone asked to reset your password. If it was you, open this link within an hour:\n\n${options.siteUrl}/reset-password?token=${token}\n\nOtherwise ignore this mail.`,
  });
}

/**
 * Sets a new password from a reset link, ends every session and removes the member's
 * passkeys: a passkey someone added with a stolen session would otherwise outlive the
 * reset. The member is told by mail (when `notify` is given) and by the answer.
 */
export async function resetPassword(options: {
  redis: Redis;
  tenantId: string;
  token: string;
  newPassword: string;
  notify?: { mail: MailTransport; siteName: string; siteUrl: string };
}): Promise<{ passkeysRemoved: number }> {
  checkNewPassword(options.newPassword);
  const subject = await redeemOneTimeToken(options.redis, 'reset-password', options.token);
  if (subject.tenantId !== options.tenantId) {
    throw new AppError('BAD_REQUEST', 'this reset link belongs to another community; open it on that site');
  }
  const passwordHash = await hashPassword(options.newPassword);
  const { email, passkeysRemoved } = await withTenant(subject.tenantId, async (tx) => {
    const member = await tx.member.update({ where: { id: subject.memberId }, data: { passwordHash }, select: { email: true } });
    const removed = await tx.webAuthnCredential.deleteMany({ where: { memberId: subject.memberId } });
    await tx.session.deleteMany({ where: { memberId: subject.memberId } });
    return { email: member.email, passkeysRemoved: removed.count };
  });
  if (options.notify) {
    await sendSecurityNotice({ ...options.notify, to: email, tenantId: subject.tenantId, change: { kind: 'password-reset', passkeysRemoved } });
  }
  return { passkeysRemoved };
}
