// Redis-side guard on chat: a token bucket per member (burst, then a steady rate) that
// answers with a message saying how long to wait. Staff mutes are in chat-mutes.ts.
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

export interface ChatLimits {
  /** Messages a member may send at once. */
  burst: number;
  /** Messages regained per minute. */
  perMinute: number;
}

export const DEFAULT_CHAT_LIMITS: ChatLimits = { burst: 5, perMinute: 20 };

export interface ChatRedis {
  redis: Redis;
  /** Prefix of every key written here, e.g. "swarmhost:rt:". */
  keyPrefix: string;
  limits?: ChatLimits;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from browsers: anything that is not a uuid cannot name a row. */
export function requireId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new AppError('NOT_FOUND', `no such ${what}; reload the page`);
  return value;
}

// KEYS[1] bucket hash; ARGV: burst, refill per ms, now ms. Returns {allowed, waitMs}.
const TOKEN_BUCKET = `
local burst = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * perMs)
local allowed = 0
local waitMs = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  waitMs = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / perMs) + 1000)
return {allowed, waitMs}
`;

export async function takeChatToken(chat: ChatRedis, tenantId: string, memberId: string, nowMs = Date.now()): Promise<void> {
  const limits = chat.limits ?? DEFAULT_CHAT_LIMITS;
  const key = `${chat.keyPrefix}chat-bucket:${tenantId}:${memberId}`;
  const result = (await chat.redis.eval(TOKEN_BUCKET, 1, key, limits.burst, limits.perMinute / 60_000, nowMs)) as [number, number];
  if (result[0] !== 1) {
    const seconds = Math.max(1, Math.ceil(result[1] / 1000));
    throw new AppError('TOO_MANY_REQUESTS', `you are sending messages too fast; wait ${seconds} second(s) and send again`, {
      retryAfterMs: result[1],
    });
  }
}
