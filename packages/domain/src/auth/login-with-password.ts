// First login step for members (tenant site) and operators (console): username or
// e-mail plus password, throttled per account and IP (the attempt is reserved before the
// password is checked). With TOTP enrolled the caller gets a pending-login token for the
// second step instead of a session, and the account's failures stay counted until that
// step succeeds too.
import { hashPassword, verifyPassword } from '@swarmhost/auth/password';
import { forTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import { startPendingLogin } from './pending-login';
import { clearLoginFailures, releaseLoginAttempt, reserveLoginAttempt, type LoginLimits } from './rate-limit';

export type LoginOutcome = { kind: 'signed-in'; subjectId: string } | { kind: 'second-factor'; pendingToken: string };

export interface PasswordLoginOptions {
  redis: Redis;
  limits: LoginLimits;
  identifier: string;
  password: string;
  ip: string;
}

const WRONG = 'wrong username/e-mail or password; check both and try again';

let dummyHash: Promise<string> | undefined;
/** Verifying against a throw-away hash keeps "no such account" as slow as "wrong password". */
function spendEqualTime(password: string) {
  dummyHash ??= hashPassword('swarmhost timing equaliser');
  return dummyHash.then((hash) => verifyPassword(hash, password));
}

export async function loginMemberWithPassword(options: PasswordLoginOptions & { tenantId: string }): Promise<LoginOutcome> {
  const identifier = options.identifier.trim();
  // Reserved before the database is asked: a flood of attempts stops at Redis.
  const attempt = { ...options, scope: options.tenantId, identifier };
  await reserveLoginAttempt(attempt);
  const member = await forTenant(options.tenantId).member.findFirst({
    where: identifier.includes('@') ? { email: identifier } : { username: identifier },
    select: { id: true, passwordHash: true, status: true, totpSecret: true },
  });
  const valid = member ? await verifyPassword(member.passwordHash, options.password) : await spendEqualTime(options.password);
  if (!member || !valid) throw new AppError('UNAUTHORIZED', WRONG);
  if (member.status === 'disabled') {
    await releaseLoginAttempt(attempt);
    throw new AppError('FORBIDDEN', 'this account is disabled; contact the community staff');
  }
  if (member.totpSecret) {
    await releaseLoginAttempt(attempt);
    const pendingToken = await startPendingLogin(options.redis, {
      scope: 'member',
      tenantId: options.tenantId,
      subjectId: member.id,
      identifier,
    });
    return { kind: 'second-factor', pendingToken };
  }
  await clearLoginFailures(attempt);
  return { kind: 'signed-in', subjectId: member.id };
}

export async function loginOperatorWithPassword(options: PasswordLoginOptions): Promise<LoginOutcome> {
  const identifier = options.identifier.trim();
  const attempt = { ...options, scope: 'operator', identifier };
  await reserveLoginAttempt(attempt);
  const operator = await systemClient().operator.findFirst({
    where: identifier.includes('@') ? { email: identifier } : { username: identifier },
    select: { id: true, passwordHash: true, status: true, totpSecret: true },
  });
  const valid = operator ? await verifyPassword(operator.passwordHash, options.password) : await spendEqualTime(options.password);
  if (!operator || !valid || operator.status !== 'active') throw new AppError('UNAUTHORIZED', WRONG);
  if (operator.totpSecret) {
    await releaseLoginAttempt(attempt);
    const pendingToken = await startPendingLogin(options.redis, { scope: 'operator', subjectId: operator.id, identifier });
    return { kind: 'second-factor', pendingToken };
  }
  await clearLoginFailures(attempt);
  return { kind: 'signed-in', subjectId: operator.id };
}

