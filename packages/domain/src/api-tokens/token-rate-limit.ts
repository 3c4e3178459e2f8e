// Requests per API token in a fixed window in Redis (INCR + EXPIRE in one script), so a
// runaway script or an indexer polling too often is slowed down without touching the
// member's browser session. The refusal says when to try again.
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

export interface TokenRateLimit {
  requests: number;
  windowSeconds: number;
}

/** 120 calls a minute: plenty for upload tools and for Prowlarr's RSS sync and searches. */
export const DEFAULT_TOKEN_RATE_LIMIT: TokenRateLimit = { requests: 120, windowSeconds: 60 };

const COUNT_SCRIPT = `
local used = redis.call('INCR', KEYS[1])
if used == 1 or redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return { used, redis.call('TTL', KEYS[1]) }
`;

/**
 * Counts one call in the fixed window under `key` (INCR + EXPIRE in one script). The
 * same limiter serves API tokens and RSS keys; `over` says the call went past the limit.
 */
export async function countInWindow(options: { redis: Redis; key: string; limit: TokenRateLimit }): Promise<{ over: boolean; retryAfterSeconds: number }> {
  const [used, ttl] = (await options.redis.eval(COUNT_SCRIPT, 1, options.key, options.limit.windowSeconds)) as [number, number];
  return { over: used > options.limit.requests, retryAfterSeconds: Math.max(1, Number(ttl)) };
}

const UNCOUNT_SCRIPT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used > 0 then return redis.call('DECR', KEYS[1]) end
return 0
`;

/**
 * Gives back one call counted under `key` (its window's expiry stays): for a request
 * refused afterwards by another limit, such as the community's search budget, which
 * did no work and should not use up the caller's own allowance as well.
 */
export async function uncountInWindow(options: { redis: Redis; key: string }): Promise<void> {
  await options.redis.eval(UNCOUNT_SCRIPT, 1, options.key);
}

export const tokenRateKey = (tokenId: string) => `swarmhost:api-token-rate:${tokenId}`;

/** Counts one call for the token; TOO_MANY_REQUESTS (with `retryAfterSeconds`) past the limit. */
export async function countTokenRequest(options: { redis: Redis; tokenId: string; limit?: TokenRateLimit }): Promise<void> {
  const limit = options.limit ?? DEFAULT_TOKEN_RATE_LIMIT;
  const { over, retryAfterSeconds } = await countInWindow({ redis: options.redis, key: tokenRateKey(options.tokenId), limit });
  if (over) {
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `this token made more than ${limit.requests} requests in ${limit.windowSeconds} seconds; wait ${retryAfterSeconds} second(s)`,
      { retryAfterSeconds },
    );
  }
}

/** Gives back the call countTokenRequest counted (see uncountInWindow). */
export async function uncountTokenRequest(options: { redis: Redis; tokenId: string }): Promise<void> {
  await uncountInWindow({ redis: options.redis, key: tokenRateKey(options.tokenId) });
}
