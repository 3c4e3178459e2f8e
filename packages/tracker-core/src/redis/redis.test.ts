import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { describeSwarmStoreContract } from '../store.contract.js';
import { RedisStore } from './redis-store.js';
import { deleteKeysWithPrefix } from './redis.test-support.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  await redis.quit();
});

describeSwarmStoreContract('RedisStore', () => {
  const keyPrefix = `test:tracker-core:${randomBytes(6).toString('hex')}:`;
  return Promise.resolve({
    store: new RedisStore({ redis, keyPrefix }),
    close: () => deleteKeysWithPrefix(redis, keyPrefix),
  });
});
