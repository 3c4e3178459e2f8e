import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { address4, address6, announce, peerId, T0 } from '../contract/harness.js';
import { swarmKeys } from './keys.js';
import { decodePeerRecord } from './peer-record.js';
import { RedisStore } from './redis-store.js';
import { deleteKeysWithPrefix } from './redis.test-support.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const keyPrefix = `test:tracker-core:${randomBytes(6).toString('hex')}:`;
afterAll(async () => {
  await deleteKeysWithPrefix(redis, keyPrefix);
  await redis.quit();
});

describe('decodePeerRecord', () => {
  it('reads the state of records the announce script writes, one or two addresses', async () => {
    const store = new RedisStore({ redis, keyPrefix });
    await store.announce(announce({ n: 1, left: 0 }));
    await store.announce(announce({ n: 1, left: 0, compactAddress: address6(1), nowMs: T0 + 1000 }));
    await store.announce(announce({ n: 2, event: 'paused', compactAddress: address4(2), nowMs: T0 + 2000 }));
    const keys = swarmKeys(keyPrefix, 'tenant-a', 'a1'.repeat(20));
    const field = (n: number) => Buffer.concat([Buffer.from(peerId(n), 'hex'), Buffer.from(`member-${n}`)]);
    const dual = await redis.hgetBuffer(keys.peers, field(1));
    const paused = await redis.hgetBuffer(keys.peers, field(2));
    expect(dual?.length).toBe(41 + 24);
    expect(decodePeerRecord(dual!)).toEqual({ lastAnnounceMs: T0 + 1000, seeding: true, partial: false });
    expect(decodePeerRecord(paused!)).toEqual({ lastAnnounceMs: T0 + 2000, seeding: false, partial: true });
  });

  it('reads records written before dual-stack peers, and refuses a short value', () => {
    const legacy = Buffer.alloc(25 + 6);
    legacy.writeDoubleLE(T0, 16);
    legacy.writeUInt8(1, 24);
    expect(decodePeerRecord(legacy)).toEqual({ lastAnnounceMs: T0, seeding: true, partial: false });
    expect(decodePeerRecord(Buffer.alloc(12))).toBeUndefined();
  });
});
