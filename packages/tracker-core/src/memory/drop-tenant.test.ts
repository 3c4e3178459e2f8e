// A deleted tenant's swarms leave memory at once (issue 14): dropTenant removes its
// swarms, booked deltas and peer changes, so nothing of it is handed to a flush, while
// another tenant's swarms (even one whose id starts like it) stay as they were.
import { describe, expect, it } from 'vitest';
import { announce, INFO_HASH, OTHER_INFO_HASH, T0, TENANT, TTL_SECONDS } from '../contract/harness.js';
import { MemoryStore } from './memory-store.js';

const OTHER_TENANT = `${TENANT}-2`;

describe('MemoryStore.dropTenant', () => {
  it('drops every swarm of the tenant and what it booked; other tenants keep theirs', async () => {
    const store = new MemoryStore({ persistPeers: true });
    await store.announce(announce({ n: 1, uploaded: 10 }));
    await store.announce(announce({ n: 2, left: 0 }));
    await store.announce(announce({ n: 3, infoHash: OTHER_INFO_HASH }));
    await store.announce(announce({ n: 4, tenantId: OTHER_TENANT }));
    await store.announce(announce({ n: 5, tenantId: OTHER_TENANT, left: 0 }));
    expect(store.footprint()).toEqual({ swarms: 3, peers: 5 });

    expect(store.dropTenant(TENANT)).toEqual({ infoHashes: [INFO_HASH, OTHER_INFO_HASH], peers: 3 });
    expect(store.footprint()).toEqual({ swarms: 1, peers: 2 });
    const scrape = await store.scrape({ tenantId: TENANT, infoHashes: [INFO_HASH, OTHER_INFO_HASH], nowMs: T0, peerTtlSeconds: TTL_SECONDS });
    expect([...scrape.values()].map((counts) => counts.complete + counts.incomplete)).toEqual([0, 0]);
    const other = await store.scrape({ tenantId: OTHER_TENANT, infoHashes: [INFO_HASH], nowMs: T0, peerTtlSeconds: TTL_SECONDS });
    expect(other.get(INFO_HASH)).toMatchObject({ complete: 1, incomplete: 1 });

    // The next drain carries only the other tenant: no ledger entry, peer or swarm of the dropped one.
    const batch = await store.beginDrain({ batchId: 'after-drop', limit: 100, nowMs: T0 });
    expect(new Set(batch.swarms.map((swarm) => swarm.tenantId))).toEqual(new Set([OTHER_TENANT]));
    expect(batch.entries.every((entry) => entry.tenantId === OTHER_TENANT)).toBe(true);
    expect(batch.peers?.upserted.map((peer) => peer.tenantId)).toEqual([OTHER_TENANT, OTHER_TENANT]);
    expect(batch.peers?.removed).toEqual([]);
    // And the reaper has nothing of it left to visit.
    const reaped = await store.reapStale({ nowMs: T0 + 2 * TTL_SECONDS * 1000 });
    expect(reaped.swarms.map((swarm) => swarm.tenantId)).toEqual([OTHER_TENANT]);
  });
});
