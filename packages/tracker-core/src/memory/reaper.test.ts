// MemoryStore's reaper walks deadline buckets: oldest swarms first, `limit` per call,
// every due swarm eventually, none that is not due.
import { describe, expect, it } from 'vitest';
import { announce, SECOND, T0, TTL_SECONDS } from '../contract/harness.js';
import { MemoryStore } from './memory-store.js';

describe('MemoryStore reaper', () => {
  it('removes due swarms oldest first, limit per call, across deadline buckets', async () => {
    const store = new MemoryStore();
    // 30 swarms, one peer each, announced 7 s apart (several per 10 s bucket, many buckets).
    const hashes = Array.from({ length: 30 }, (_, index) => index.toString(16).padStart(40, '0'));
    for (const [index, infoHash] of hashes.entries()) await store.announce(announce({ infoHash, nowMs: T0 + index * 7 * SECOND }));
    // When the first 20 have expired and the last 10 have not.
    const nowMs = T0 + TTL_SECONDS * 1000 + 19 * 7 * SECOND + SECOND;
    const first = await store.reapStale({ nowMs, limit: 8 });
    expect(first.swarms.map((swarm) => swarm.infoHash)).toEqual(hashes.slice(0, 8));
    const second = await store.reapStale({ nowMs, limit: 8 });
    expect(second.swarms.map((swarm) => swarm.infoHash)).toEqual(hashes.slice(8, 16));
    const third = await store.reapStale({ nowMs, limit: 8 });
    expect(third.swarms.map((swarm) => swarm.infoHash)).toEqual(hashes.slice(16, 20));
    expect(third.swarmsRemoved).toBe(4);
    expect((await store.reapStale({ nowMs, limit: 8 })).swarms).toEqual([]);
    const live = await store.scrape({ tenantId: 'tenant-a', infoHashes: hashes.slice(20), nowMs, peerTtlSeconds: TTL_SECONDS });
    expect([...live.values()].every((counts) => counts.incomplete === 1)).toBe(true);
  });
});
