// Removes a tenant's Redis keys. Every key builder that stores something per tenant puts
// an id in the key name: the tenant's (login and step-up limits, chat buckets, the
// gateways' dashboard history and revocations, the Redis swarm store) or a member's or
// session's (re-authentication stamps). One SCAN over the key space finds every key that
// names any of those ids, so a key builder added later is covered as long as it names
// the tenant. BullMQ's job hashes hold the tenant in their data, not their name: the
// worker removes those through BullMQ (see apps/worker/src/tenant-deletion.ts).
import type { Redis } from 'ioredis';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export async function purgeTenantRedisKeys(options: { redis: Redis; tenantId: string; relatedIds: Iterable<string> }): Promise<number> {
  const ids = new Set([options.tenantId, ...options.relatedIds].map((id) => id.toLowerCase()));
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await options.redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    const doomed = keys.filter((key) => (key.match(UUID) ?? []).some((id) => ids.has(id.toLowerCase())));
    if (doomed.length > 0) removed += await options.redis.unlink(...doomed);
  } while (cursor !== '0');
  return removed;
}
