// MemoryStore with persistPeers: every drain carries the peers its swarms changed (their
// state at the instant the ledger was cut, or their removal), and restorePeers puts
// persisted peers back so the next announce is credited against the last persisted base.
import { describe, expect, it } from 'vitest';
import { address4, address6, announce, decodePeers, hexOf, INFO_HASH, MINUTE, peerId, T0, TENANT, TTL_SECONDS, watcher } from '../contract/harness.js';
import type { DrainBatch, PersistedPeer } from '../store.js';
import { MemoryStore } from './memory-store.js';

let sequence = 0;
async function drain(store: MemoryStore, nowMs: number): Promise<DrainBatch> {
  sequence += 1;
  const batch = await store.beginDrain({ batchId: `persist-${sequence}`, limit: 1000, nowMs });
  await store.completeDrain(batch.batchId);
  return batch;
}

describe('MemoryStore persisting its peers', () => {
  it('hands out each changed peer with the ledger delta it produced, and stopped peers as removed', async () => {
    const store = new MemoryStore({ persistPeers: true });
    await store.announce(watcher());
    await store.announce(announce({ n: 1, left: 0, uploaded: 100 }));
    await store.announce(announce({ n: 2, compactAddress: address6(2), left: 500, downloaded: 10, event: 'paused' }));
    const first = await drain(store, T0);
    expect(first.peers?.removed).toEqual([]);
    const byMember = new Map(first.peers?.upserted.map((peer) => [peer.memberId, peer]));
    expect(byMember.get('member-1')).toEqual({
      tenantId: TENANT, infoHash: INFO_HASH, memberId: 'member-1', peerId: peerId(1),
      ipv4: '10.0.0.1', portV4: 0x1ae1 + 1, left: 0, uploaded: 100, downloaded: 0,
      seeding: true, partial: false, completionCounted: false, lastAnnounceMs: T0,
    });
    expect(byMember.get('member-2')).toMatchObject({ ipv6: '2001:db8:0:0:0:0:0:2', portV6: 6881, partial: true, seeding: false, left: 500 });
    expect(first.peers?.upserted).toHaveLength(3);

    // Nothing changed: an empty drain. Then one upload report and one stop.
    const idle = await drain(store, T0);
    expect([idle.entries, idle.peers?.upserted ?? [], idle.peers?.removed ?? []]).toEqual([[], [], []]);
    await store.announce(announce({ n: 1, left: 0, uploaded: 5000, event: 'none', nowMs: T0 + 2 * MINUTE }));
    await store.announce(announce({ n: 2, compactAddress: address6(2), left: 500, event: 'stopped', nowMs: T0 + 2 * MINUTE }));
    const second = await drain(store, T0 + 2 * MINUTE);
    expect(second.entries.find((entry) => entry.memberId === 'member-1')?.reportedUploaded).toBe(4900);
    expect(second.peers?.upserted.map((peer) => [peer.memberId, peer.uploaded])).toEqual([['member-1', 5000]]);
    expect(second.peers?.removed).toEqual([{ tenantId: TENANT, infoHash: INFO_HASH, memberId: 'member-2', peerId: peerId(2) }]);
  });

  it('reports peers the reaper dropped as removed, even when their swarm is gone', async () => {
    const store = new MemoryStore({ persistPeers: true });
    await store.announce(announce({ n: 1 }));
    await drain(store, T0);
    const later = T0 + (TTL_SECONDS + 1) * 1000;
    const reaped = await store.reapStale({ nowMs: later });
    expect(reaped).toMatchObject({ peersRemoved: 1, swarmsRemoved: 1 });
    const batch = await drain(store, later);
    expect(batch.peers).toEqual({ upserted: [], removed: [{ tenantId: TENANT, infoHash: INFO_HASH, memberId: 'member-1', peerId: peerId(1) }] });
  });

  it('keeps the changed peers of a drain that was begun but not completed (re-delivered as they were)', async () => {
    const store = new MemoryStore({ persistPeers: true });
    await store.announce(announce({ n: 1 }));
    const begun = await store.beginDrain({ batchId: 'crashed', limit: 10, nowMs: T0 });
    await store.announce(announce({ n: 1, uploaded: 77, event: 'none', nowMs: T0 + 2 * MINUTE }));
    const [pending] = await store.pendingDrains(T0 + 2 * MINUTE);
    expect(pending?.peers).toEqual(begun.peers);
    expect(pending?.peers?.upserted[0]?.uploaded).toBe(0);
  });

  it('restores persisted peers: same swarm counts and peer lists, next announce credited against the persisted base', async () => {
    const before = new MemoryStore({ persistPeers: true });
    await before.announce(watcher());
    await before.announce(announce({ n: 1, left: 0, uploaded: 1000 }));
    await before.announce(announce({ n: 2, compactAddress: address6(2), left: 0, uploaded: 50 }));
    await before.announce(announce({ n: 3, left: 10, event: 'paused' }));
    const persisted: PersistedPeer[] = (await drain(before, T0)).peers?.upserted.slice() ?? [];

    const after = new MemoryStore({ persistPeers: true });
    expect(after.restorePeers(persisted, () => TTL_SECONDS)).toBe(4);
    expect(after.restorePeers(persisted, () => TTL_SECONDS)).toBe(0);
    const query = { tenantId: TENANT, infoHashes: [INFO_HASH], nowMs: T0, peerTtlSeconds: TTL_SECONDS };
    expect((await after.scrape(query)).get(INFO_HASH)).toEqual({ ...(await before.scrape(query)).get(INFO_HASH), downloaded: 0 });
    // Restoring is not a change: nothing to drain.
    expect((await drain(after, T0)).entries).toEqual([]);

    const next = announce({ n: 1, left: 0, uploaded: 4000, event: 'none', nowMs: T0 + 2 * MINUTE });
    await after.announce(next);
    const credited = (await drain(after, T0 + 2 * MINUTE)).entries.find((entry) => entry.memberId === 'member-1');
    expect(credited).toMatchObject({ reportedUploaded: 3000, actualUploaded: 3000, seedSeconds: 120 });

    const downloader = await after.announce(announce({ n: 4, left: 99, nowMs: T0 + 2 * MINUTE }));
    expect(decodePeers(downloader.peers4, 6)).toEqual(expect.arrayContaining([hexOf(address4(1))]));
    expect(decodePeers(downloader.peers6, 18)).toEqual([hexOf(address6(2))]);
  });

  it('restores IPv6 text as PostgreSQL prints it, and refuses an address that is neither family', () => {
    const store = new MemoryStore({ persistPeers: true });
    const base: PersistedPeer = {
      tenantId: TENANT, infoHash: INFO_HASH, memberId: 'member-1', peerId: peerId(1), left: 0, uploaded: 0, downloaded: 0,
      seeding: true, partial: false, completionCounted: false, lastAnnounceMs: T0,
    };
    expect(store.restorePeers([{ ...base, ipv6: '2001:db8::2:0', portV6: 6881 }, { ...base, memberId: 'member-2', ipv6: '::ffff:10.0.0.1', portV6: 1 }], () => TTL_SECONDS)).toBe(2);
    expect(() => store.restorePeers([{ ...base, memberId: 'member-3', ipv4: '10.0.0', portV4: 1 }], () => TTL_SECONDS)).toThrow(/IPv4 "10.0.0" is not a dotted address/);
  });
});
