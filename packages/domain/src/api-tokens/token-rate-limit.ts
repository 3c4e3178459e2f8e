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

/** Counts one call for the token; TOO_MANY_REQUESTS (with `retryAfterSeconds`) past the limit. */
export async function countTokenRequest(options: { redis: Redis; tokenId: string; limit?: TokenRateLimit }): Promise<void> {
  const limit = options.limit ?? DEFAULT_TOKEN_RATE_LIMIT;
  const key = `swarmhost:api-token-rate:${options.tokenId}`;
  const [used, ttl] = (await options.redis.eval(COUNT_SCRIPT, 1, key, limit.windowSeconds)) as [number, number];
  if (used > limit.requests) {
    const retryAfterSeconds = Math.max(1, Number(ttl));
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `this token made more than ${limit.requests} requests in ${limit.windowSeconds} seconds; wait ${retryAfterSeconds} second(s)`,
      { retryAfterSeconds },
    );
  }
}
