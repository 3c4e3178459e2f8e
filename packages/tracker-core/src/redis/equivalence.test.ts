// Differential test: the Redis Lua script and MemoryStore (the executable reference)
// must answer a long random announce sequence identically, ledger included.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnounceEvent } from '../protocol.js';
import { address4, address6, announce, INFO_HASH, SECOND, T0 } from '../contract/harness.js';
import { MemoryStore } from '../memory/memory-store.js';
import type { LedgerEntry, StoreAnnounceResult } from '../store.js';
import { RedisStore } from './redis-store.js';
import { deleteKeysWithPrefix } from './redis.test-support.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const keyPrefix = `test:tracker-core:${randomBytes(6).toString('hex')}:`;

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, keyPrefix);
  await redis.quit();
});

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function comparable(result: StoreAnnounceResult): Record<string, unknown> {
  return { ...result, peers4: result.peers4.toString('hex'), peers6: result.peers6.toString('hex') };
}

function sorted(entries: readonly LedgerEntry[]): LedgerEntry[] {
  return [...entries].sort((a, b) => `${a.infoHash}${a.memberId}`.localeCompare(`${b.infoHash}${b.memberId}`));
}

describe('RedisStore and MemoryStore agree', () => {
  it('on 600 random announces: refusals, counts, peers, rotation, expiry and ledger', async () => {
    const memory = new MemoryStore();
    // Index every announce, as MemoryStore does, so both reapers visit the same swarms.
    const redisStore = new RedisStore({ redis, keyPrefix, indexCacheSize: 0 });
    const random = seededRandom(42);
    const events: AnnounceEvent[] = ['none', 'none', 'none', 'started', 'completed', 'stopped', 'paused'];
    const totals = new Map<number, number>();
    let nowMs = T0;
    const outcomes = new Map<string, number>();
    for (let step = 0; step < 600; step++) {
      nowMs += Math.floor(random() * 40) * SECOND;
      const peer = 1 + Math.floor(random() * 24);
      const uploaded = (totals.get(peer) ?? 0) + Math.floor(random() * 10_000) - (random() < 0.05 ? 50_000 : 0);
      totals.set(peer, Math.max(0, uploaded));
      const input = announce({
        n: peer,
        memberId: `member-${peer % 9}`,
        infoHash: peer % 5 === 0 ? 'c3'.repeat(20) : INFO_HASH,
        // Every fourth peer is dual-stack: it announces over either family.
        compactAddress: peer % 4 === 0 && random() < 0.5 ? address6(peer) : address4(peer),
        event: events[Math.floor(random() * events.length)] ?? 'none',
        left: random() < 0.4 ? 0 : 1000,
        uploaded: Math.max(0, uploaded),
        downloaded: step * 100,
        numwant: Math.floor(random() * 8),
        nowMs,
        minIntervalSeconds: 20,
        peerTtlSeconds: 300,
        maxPeersPerMember: 2,
        creditFactors: { downloadFactor: 0.75, uploadFactor: 2 },
        // Low enough that some reports exceed it and are bounded and flagged.
        maxBytesPerSecond: 400,
      });
      const [fromMemory, fromRedis] = await Promise.all([memory.announce(input), redisStore.announce(input)]);
      expect({ step, ...comparable(fromRedis) }).toEqual({ step, ...comparable(fromMemory) });
      const outcome = fromMemory.refused ?? (fromMemory.peers4.length + fromMemory.peers6.length > 0 ? 'peers' : 'no peers');
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (step % 150 === 149) {
        const reapAt = nowMs + 200 * SECOND;
        const [memoryReap, redisReap] = await Promise.all([
          memory.reapStale({ nowMs: reapAt }),
          redisStore.reapStale({ nowMs: reapAt }),
        ]);
        expect(redisReap).toEqual(memoryReap);
      }
    }
    const [memoryBatch, redisBatch] = await Promise.all([
      memory.beginDrain({ batchId: 'equal', limit: 100, nowMs }),
      redisStore.beginDrain({ batchId: 'equal', limit: 100, nowMs }),
    ]);
    expect(sorted(redisBatch.entries)).toEqual(sorted(memoryBatch.entries));
    expect(redisBatch.entries.length).toBeGreaterThan(10);
    // The sequence really exercises every path.
    expect([...outcomes.keys()].sort()).toEqual(['min_interval', 'no peers', 'peers', 'too_many_peers']);
    const reasons = new Set(memoryBatch.entries.map((entry) => entry.lastFlagReason));
    expect(reasons.has('speed') && reasons.has('no_leechers')).toBe(true);
  });
});
