// Sizes and spam limits of private messages. The rate limits are fixed windows in
// Redis counted by one INCR + EXPIRE script, the mechanism the API token limit uses
// (api-tokens/token-rate-limit.ts); staff get ten times a member's allowance.
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

export const SUBJECT_MAX_LENGTH = 150;
export const MESSAGE_BODY_MAX_LENGTH = 10_000;
/** Recipients named when starting a conversation (the sender comes on top). */
export const MAX_RECIPIENTS = 10;
/** Members in one conversation, the starter included. */
export const MAX_PARTICIPANTS = 20;

export interface MessageRateLimits {
  conversationsPerHour: number;
  messagesPerMinute: number;
}

export const DEFAULT_MESSAGE_RATE_LIMITS: MessageRateLimits = { conversationsPerHour: 10, messagesPerMinute: 10 };
const STAFF_FACTOR = 10;

const COUNT_SCRIPT = `
local used = redis.call('INCR', KEYS[1])
if used == 1 or redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return { used, redis.call('TTL', KEYS[1]) }
`;

export interface MessageRateContext {
  redis: Redis;
  limits?: MessageRateLimits;
}

async function countInWindow(redis: Redis, key: string, windowSeconds: number): Promise<{ used: number; ttl: number }> {
  const [used, ttl] = (await redis.eval(COUNT_SCRIPT, 1, key, windowSeconds)) as [number, number];
  return { used: Number(used), ttl: Math.max(1, Number(ttl)) };
}

/**
 * Counts one new conversation (and its first message) for the member, or refuses with
 * TOO_MANY_REQUESTS saying how long to wait.
 */
export async function countNewConversation(context: MessageRateContext, who: { tenantId: string; memberId: string; isStaff: boolean }): Promise<void> {
  const limits = context.limits ?? DEFAULT_MESSAGE_RATE_LIMITS;
  const allowed = limits.conversationsPerHour * (who.isStaff ? STAFF_FACTOR : 1);
  const { used, ttl } = await countInWindow(context.redis, `swarmhost:pm-rate:conversations:${who.tenantId}:${who.memberId}`, 3600);
  if (used > allowed) {
    const minutes = Math.ceil(ttl / 60);
    throw new AppError('TOO_MANY_REQUESTS', `you can start ${allowed} conversations an hour; wait ${minutes} minute(s) or reply in an existing one`, {
      retryAfterSeconds: ttl,
    });
  }
  await countMessage(context, who);
}

/** Counts one message the member sends, or refuses with TOO_MANY_REQUESTS. */
export async function countMessage(context: MessageRateContext, who: { tenantId: string; memberId: string; isStaff: boolean }): Promise<void> {
  const limits = context.limits ?? DEFAULT_MESSAGE_RATE_LIMITS;
  const allowed = limits.messagesPerMinute * (who.isStaff ? STAFF_FACTOR : 1);
  const { used, ttl } = await countInWindow(context.redis, `swarmhost:pm-rate:messages:${who.tenantId}:${who.memberId}`, 60);
  if (used > allowed) {
    throw new AppError('TOO_MANY_REQUESTS', `you can send ${allowed} private messages a minute; wait ${ttl} second(s) and send again`, {
      retryAfterSeconds: ttl,
    });
  }
}

export function cleanSubject(subject: string): string {
  const cleaned = subject.replace(/\s+/g, ' ').trim();
  if (cleaned.length < 1 || cleaned.length > SUBJECT_MAX_LENGTH) {
    throw new AppError('BAD_REQUEST', `the subject must be 1-${SUBJECT_MAX_LENGTH} characters`);
  }
  return cleaned;
}

export function cleanBody(body: string): string {
  const cleaned = body.trim();
  if (cleaned.length < 1 || cleaned.length > MESSAGE_BODY_MAX_LENGTH) {
    throw new AppError('BAD_REQUEST', `a message must be 1-${MESSAGE_BODY_MAX_LENGTH} characters`);
  }
  return cleaned;
}
