// "Start a community", first step: a console account for a community owner (role
// owner: it sees only the tenants it owns), and the link that proves its e-mail address.
// The caller signs the new account in; creating a community waits for the confirmed
// address and a second factor (start-community.ts).
import { hashPassword, passwordProblem } from '@swarmhost/auth/password';
import type { DbClient } from '@swarmhost/db';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import type { MailTransport } from '../mail/mail-transport';
import { isUniqueViolation } from '../prisma-errors';
import { checkEmail, checkUsername } from '../validation';
import { issueOwnerToken, peekOwnerToken, redeemOwnerToken } from './owner-tokens';

export interface SignUpOwnerOptions {
  db: DbClient;
  redis: Redis;
  mail: MailTransport;
  /** scheme://host[:port] of the console, for the link in the mail. */
  consoleUrl: string;
  username: string;
  email: string;
  password: string;
}

export async function signUpOwner(options: SignUpOwnerOptions): Promise<{ operatorId: string }> {
  // The username becomes the owner's admin member in each community, so it follows the member rules.
  const username = checkUsername(options.username.trim());
  const email = checkEmail(options.email);
  const problem = passwordProblem(options.password);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  const passwordHash = await hashPassword(options.password);
  let operatorId: string;
  try {
    ({ id: operatorId } = await options.db.operator.create({ data: { username, email, passwordHash, role: 'owner' }, select: { id: true } }));
  } catch (error) {
    if (isUniqueViolation(error, 'username')) throw new AppError('CONFLICT', `the username "${username}" is taken; choose another`);
    if (isUniqueViolation(error, 'email')) throw new AppError('CONFLICT', `${email} already has an account; log in on the console instead`);
    throw error;
  }
  await sendOwnerVerificationMail({ ...options, operatorId, email });
  return { operatorId };
}

export async function sendOwnerVerificationMail(options: { redis: Redis; mail: MailTransport; consoleUrl: string; operatorId: string; email: string }): Promise<void> {
  const token = await issueOwnerToken(options.redis, 'owner-email', { operatorId: options.operatorId });
  await options.mail.send({
    to: options.email,
    subject: 'Confirm your e-mail address to start your community',
    text: `Open this link to confirm your address (valid for 48 hours):\n\n${options.consoleUrl}/start/verify?token=${token}\n`,
  });
}

/** Stamps the account's address as confirmed; the link works once, for the account it was sent to. */
export async function verifyOwnerEmail(options: { db: DbClient; redis: Redis; token: string; operatorId?: string }): Promise<void> {
  // Read before it is spent: opened in another account's browser, the link stays usable for its own.
  const { operatorId } = await peekOwnerToken(options.redis, 'owner-email', options.token);
  if (options.operatorId !== undefined && options.operatorId !== operatorId) {
    throw new AppError('BAD_REQUEST', 'this confirmation link belongs to another account; log out and open it again');
  }
  await redeemOwnerToken(options.redis, 'owner-email', options.token);
  await options.db.operator.update({ where: { id: operatorId }, data: { emailVerifiedAt: new Date() } });
}
