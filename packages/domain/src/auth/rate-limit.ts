// Login throttling in Redis, per account and per client IP in a fixed window. Every
// attempt is reserved (checked and counted in one Redis script) BEFORE the password or
// code is verified, so concurrent attempts — a tRPC batch, parallel requests — cannot all
// pass the check while the first verification is still running. A correct step gives its
// own reservation back; only a whole successful login clears the account's count.
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

export interface LoginLimits {
  perAccount: number;
  perIp: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 5, perIp: 30, windowSeconds: 900 };

function accountKey(scope: string, identifier: string) {
  return `swarmhost:login-fail:account:${scope}:${identifier.trim().toLowerCase()}`;
}

function ipKey(ip: string) {
  return `swarmhost:login-fail:ip:${ip}`;
}

export interface LoginAttempt {
  redis: Redis;
  limits: LoginLimits;
  /** tenant id, or "operator" for the console. */
  scope: string;
  /** The account tried; none for a passkey login (the passkey names it only once verified). */
  identifier?: string;
  ip: string;
}

/**
 * KEYS: the counters; ARGV: each counter's limit, then the window in seconds. Refuses
 * (returns the 1-based index of the full counter and its TTL) without counting when any
 * counter is at its limit; otherwise counts the attempt on every counter.
 */
const RESERVE_SCRIPT = `
local count = #KEYS
for i = 1, count do
  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
  if used >= tonumber(ARGV[i]) then return { i, redis.call('TTL', KEYS[i]) } end
end
for i = 1, count do
  redis.call('INCR', KEYS[i])
  if redis.call('TTL', KEYS[i]) < 0 then redis.call('EXPIRE', KEYS[i], ARGV[count + 1]) end
end
return { 0, 0 }
`;

/** Takes one back from each counter that is above zero. */
const RELEASE_SCRIPT = `
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 0
`;

function countersOf(attempt: LoginAttempt): { keys: string[]; limits: number[] } {
  const keys = [ipKey(attempt.ip)];
  const limits = [attempt.limits.perIp];
  if (attempt.identifier !== undefined) {
    keys.unshift(accountKey(attempt.scope, attempt.identifier));
    limits.unshift(attempt.limits.perAccount);
  }
  return { keys, limits };
}

/**
 * Counts this attempt as a failure in advance, or refuses it with TOO_MANY_REQUESTS when
 * the account or the address has used up its attempts. Call before verifying anything;
 * a correct step then calls `releaseLoginAttempt` or `clearLoginFailures`.
 */
export async function reserveLoginAttempt(attempt: LoginAttempt): Promise<void> {
  const { keys, limits } = countersOf(attempt);
  const [refused, ttl] = (await attempt.redis.eval(RESERVE_SCRIPT, keys.length, ...keys, ...limits, attempt.limits.windowSeconds)) as [number, number];
  if (refused === 0) return;
  const minutes = Math.max(1, Math.ceil(Number(ttl) / 60));
  if (keys[refused - 1] === ipKey(attempt.ip)) {
    throw new AppError('TOO_MANY_REQUESTS', `too many failed logins from your network address; wait ${minutes} minute(s) and try again`);
  }
  throw new AppError(
    'TOO_MANY_REQUESTS',
    `too many failed logins for this account; wait ${minutes} minute(s) and try again, or reset your password`,
  );
}

/** A correct step (password before its second factor): gives back its own reservation, nothing more. */
export async function releaseLoginAttempt(attempt: LoginAttempt): Promise<void> {
  const { keys } = countersOf(attempt);
  await attempt.redis.eval(RELEASE_SCRIPT, keys.length, ...keys);
}

/** The whole login succeeded: the account's failures are forgotten and the address gets its reservation back. */
export async function clearLoginFailures(attempt: LoginAttempt): Promise<void> {
  if (attempt.identifier !== undefined) await attempt.redis.del(accountKey(attempt.scope, attempt.identifier));
  await attempt.redis.eval(RELEASE_SCRIPT, 1, ipKey(attempt.ip));
}
