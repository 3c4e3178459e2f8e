// Between a correct password and the second factor, the login waits in Redis for five
// minutes under a random token the browser holds; nothing is granted until then. A token
// takes a few codes at most: after MAX_SECOND_FACTOR_TRIES it is dropped, and the member
// starts again with the password.
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

const PENDING_SECONDS = 300;
/** Codes one pending login may try; the account's own limit (LOGIN_RATE_*) counts them too. */
export const MAX_SECOND_FACTOR_TRIES = 5;

export interface PendingLogin {
  scope: 'member' | 'operator';
  tenantId?: string;
  subjectId: string;
  /** The key of the account's failure counter (rate-limit.ts). */
  identifier: string;
}

const key = (token: string) => `swarmhost:pending-login:${hashToken(token)}`;
const triesKey = (token: string) => `swarmhost:pending-login-tries:${hashToken(token)}`;

const EXPIRED = 'this login step expired; enter your password again';
export const TOO_MANY_CODES = `${MAX_SECOND_FACTOR_TRIES} wrong codes for this login; enter your password again to get a new attempt`;

export async function startPendingLogin(redis: Redis, pending: PendingLogin): Promise<string> {
  const token = newToken();
  await redis.set(key(token), JSON.stringify(pending), 'EX', PENDING_SECONDS);
  return token;
}

export async function readPendingLogin(redis: Redis, token: string): Promise<PendingLogin> {
  const raw = await redis.get(key(token));
  if (!raw) throw new AppError('UNAUTHORIZED', EXPIRED);
  return JSON.parse(raw) as PendingLogin;
}

/**
 * Counts one code tried with this token, before it is checked (so concurrent tries are
 * counted too). Returns whether it is the token's last try; past the last, the token is
 * dropped and the try refused.
 */
export async function reserveSecondFactorTry(redis: Redis, token: string): Promise<{ last: boolean }> {
  const [[, tries]] = (await redis.multi().incr(triesKey(token)).expire(triesKey(token), PENDING_SECONDS, 'NX').exec()) as [[null, number]];
  if (tries > MAX_SECOND_FACTOR_TRIES) {
    await finishPendingLogin(redis, token);
    throw new AppError('UNAUTHORIZED', TOO_MANY_CODES);
  }
  return { last: tries === MAX_SECOND_FACTOR_TRIES };
}

/**
 * Ends the pending login; returns false when it had already ended (a racing request
 * finished or dropped it). Its count of tries stays until it expires, so a try already
 * under way cannot start the count again.
 */
export async function finishPendingLogin(redis: Redis, token: string): Promise<boolean> {
  return (await redis.del(key(token))) === 1;
}
