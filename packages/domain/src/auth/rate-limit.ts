// Login throttling in Redis: failed attempts are counted per account and per client
// IP in a fixed window, and a login is refused once either count reaches its limit.
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
  identifier: string;
  ip: string;
}

export async function assertLoginAllowed(attempt: LoginAttempt): Promise<void> {
  const account = accountKey(attempt.scope, attempt.identifier);
  const ip = ipKey(attempt.ip);
  const [accountFailures, ipFailures, accountTtl, ipTtl] = await attempt.redis
    .multi()
    .get(account)
    .get(ip)
    .ttl(account)
    .ttl(ip)
    .exec()
    .then((results) => (results ?? []).map(([, value]) => value));
  const minutes = (ttl: unknown) => Math.max(1, Math.ceil(Number(ttl) / 60));
  if (Number(accountFailures ?? 0) >= attempt.limits.perAccount) {
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `too many failed logins for this account; wait ${minutes(accountTtl)} minute(s) and try again, or reset your password`,
    );
  }
  if (Number(ipFailures ?? 0) >= attempt.limits.perIp) {
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `too many failed logins from your network address; wait ${minutes(ipTtl)} minute(s) and try again`,
    );
  }
}

export async function recordLoginFailure(attempt: LoginAttempt): Promise<void> {
  const window = attempt.limits.windowSeconds;
  await attempt.redis
    .multi()
    .incr(accountKey(attempt.scope, attempt.identifier))
    .expire(accountKey(attempt.scope, attempt.identifier), window, 'NX')
    .incr(ipKey(attempt.ip))
    .expire(ipKey(attempt.ip), window, 'NX')
    .exec();
}

export async function clearAccountFailures(attempt: Pick<LoginAttempt, 'redis' | 'scope' | 'identifier'>): Promise<void> {
  await attempt.redis.del(accountKey(attempt.scope, attempt.identifier));
}
