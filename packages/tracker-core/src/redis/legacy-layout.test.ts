// A tracker upgraded in place finds peer records and ledger values written before
// dual-stack peers and reported figures existed: it must read them, not lose the peers'
// baselines nor the undrained ledger.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { address4, announce, INFO_HASH, MINUTE, peerId, T0, TENANT, watcher } from '../contract/harness.js';
import { swarmKeys } from './keys.js';
import { RedisStore } from './redis-store.js';
import { deleteKeysWithPrefix } from './redis.test-support.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const keyPrefix = `test:tracker-core:${randomBytes(6).toString('hex')}:`;
afterAll(async () => {
  await deleteKeysWithPrefix(redis, keyPrefix);
  await redis.quit();
});

/** struct '<dddB' .. address: the peer record before dual-stack peers. */
function legacyPeerRecord(uploaded: number, lastMs: number, flags: number, address: Buffer): Buffer {
  const head = Buffer.alloc(25);
  head.writeDoubleLE(uploaded, 0);
  head.writeDoubleLE(0, 8);
  head.writeDoubleLE(lastMs, 16);
  head.writeUInt8(flags, 24);
  return Buffer.concat([head, address]);
}

/** struct '<dddddddddB': the ledger value before reported figures and flags. */
function legacyLedger(values: readonly number[], flags: number): Buffer {
  const packed = Buffer.alloc(73);
  values.forEach((value, index) => packed.writeDoubleLE(value, index * 8));
  packed.writeUInt8(flags, 72);
  return packed;
}

describe('RedisStore after an upgrade', () => {
  it('reads peer records and ledger values of the previous layout', async () => {
    const store = new RedisStore({ redis, keyPrefix });
    const keys = swarmKeys(keyPrefix, TENANT, INFO_HASH);
    await store.announce(watcher());
    // Member 1's leecher as the previous version stored it, plus its undrained ledger.
    const field = Buffer.concat([Buffer.from(peerId(1), 'hex'), Buffer.from('member-1')]);
    const setMember = Buffer.concat([Buffer.from([6]), address4(1), field]);
    await redis
      .multi()
      .hset(keys.peers, field, legacyPeerRecord(100, T0, 0, address4(1)))
      .zadd(keys.leechers, T0, setMember)
      .hincrby(keys.members, 'member-1', 1)
      .hset(keys.ledger, 'member-1', legacyLedger([40, 0, 40, 0, 0, 30, 2, 0, T0], 2))
      .exec();

    const next = await store.announce(announce({ n: 1, event: 'none', uploaded: 600, nowMs: T0 + MINUTE }));
    expect(next.refused).toBeUndefined();
    expect(next).toMatchObject({ complete: 0, incomplete: 2 });
    const batch = await store.beginDrain({ batchId: 'upgrade', limit: 10, nowMs: T0 + MINUTE });
    const entry = batch.entries.find((candidate) => candidate.memberId === 'member-1');
    expect(entry).toMatchObject({
      reportedUploaded: 40 + 500,
      actualUploaded: 40 + 500,
      creditedUploaded: 40 + 500,
      leechSeconds: 30 + 60,
      announces: 3,
      flaggedAnnounces: 0,
    });
    await store.completeDrain('upgrade');
    // The record was rewritten in the new layout, one IPv4 address.
    expect((await redis.hgetBuffer(keys.peers, field))?.length).toBe(41 + 6);
  });
});
