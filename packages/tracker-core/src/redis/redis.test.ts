import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { describeSwarmStoreContract } from '../store.contract.js';
import { RedisStore } from './redis-store.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  await redis.quit();
});

/** Deletes every key under this test's random prefix, and nothing else. */
export async function deleteKeysWithPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

describeSwarmStoreContract('RedisStore', () => {
  const keyPrefix = `test:tracker-core:${randomBytes(6).toString('hex')}:`;
  return Promise.resolve({
    store: new RedisStore({ redis, keyPrefix }),
    close: () => deleteKeysWithPrefix(redis, keyPrefix),
  });
});
