// Contract: which peers an announce hands out (BEP 3 numwant, BEP 23 compact, BEP 7
// peers6, BEP 21 partial seeds) and that seeders rotate fairly.
import { describe, expect, it } from 'vitest';
import type { SwarmStore } from '../store.js';
import { address4, address6, announce, decodePeers, hexOf, MINUTE, T0 } from './harness.js';

export function selectionContract(getStore: () => SwarmStore): void {
  describe('peer selection', () => {
    it('never returns the caller’s own peer nor its member’s other peers', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, memberId: 'member-x', left: 0 }));
      await store.announce(announce({ n: 2, memberId: 'member-x', left: 0 }));
      await store.announce(announce({ n: 3, left: 0 }));
      const result = await store.announce(announce({ n: 4, memberId: 'member-x' }));
      expect(decodePeers(result.peers4, 6)).toEqual([hexOf(address4(3))]);
    });

    it('gives seeders and partial seeds only downloaders', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0 }));
      await store.announce(announce({ n: 2, event: 'paused' }));
      await store.announce(announce({ n: 3 }));
      const seeder = await store.announce(announce({ n: 4, left: 0 }));
      expect(decodePeers(seeder.peers4, 6)).toEqual([hexOf(address4(3))]);
      const partial = await store.announce(announce({ n: 5, event: 'paused' }));
      expect(decodePeers(partial.peers4, 6)).toEqual([hexOf(address4(3))]);
    });

    it('gives downloaders seeders first, then partial seeds, then downloaders', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1 }));
      await store.announce(announce({ n: 2, event: 'paused' }));
      await store.announce(announce({ n: 3, left: 0 }));
      await store.announce(announce({ n: 4, left: 0 }));
      const all = await store.announce(announce({ n: 5 }));
      expect(decodePeers(all.peers4, 6)).toEqual([3, 4, 2, 1].map((n) => hexOf(address4(n))));
      const two = await store.announce(announce({ n: 6, numwant: 2 }));
      expect(new Set(decodePeers(two.peers4, 6))).toEqual(new Set([3, 4].map((n) => hexOf(address4(n)))));
    });

    it('respects numwant, and numwant 0 returns no peers', async () => {
      const store = getStore();
      for (let n = 1; n <= 20; n++) await store.announce(announce({ n, left: n % 2 }));
      const five = await store.announce(announce({ n: 21, numwant: 5 }));
      expect(decodePeers(five.peers4, 6)).toHaveLength(5);
      const none = await store.announce(announce({ n: 22, numwant: 0 }));
      expect(none.peers4.length).toBe(0);
      expect(none).toMatchObject({ complete: 10, incomplete: 12 });
    });

    it('hands out every seeder over successive announces (10 seeders, numwant 3, 4 announces)', async () => {
      const store = getStore();
      for (let n = 1; n <= 10; n++) await store.announce(announce({ n, left: 0 }));
      const seen = new Set<string>();
      for (let round = 0; round < 4; round++) {
        const result = await store.announce(
          announce({ n: 99, numwant: 3, event: round === 0 ? 'started' : 'none', nowMs: T0 + round * MINUTE }),
        );
        const peers = decodePeers(result.peers4, 6);
        expect(peers).toHaveLength(3);
        for (const peer of peers) seen.add(peer);
      }
      expect(seen.size).toBe(10);
    });

    it('rotates fairly between several downloaders too', async () => {
      const store = getStore();
      for (let n = 1; n <= 6; n++) await store.announce(announce({ n, left: 0 }));
      const handedOut = new Map<string, number>();
      for (let downloader = 20; downloader < 26; downloader++) {
        const result = await store.announce(announce({ n: downloader, numwant: 2 }));
        for (const peer of decodePeers(result.peers4, 6)) handedOut.set(peer, (handedOut.get(peer) ?? 0) + 1);
      }
      // 6 announces × 2 peers over 6 seeders: each seeder exactly twice.
      expect([...handedOut.values()]).toEqual([2, 2, 2, 2, 2, 2]);
    });

    it('returns IPv6 peers in peers6 and IPv4 peers in peers4', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0, compactAddress: address6(1) }));
      await store.announce(announce({ n: 2, left: 0 }));
      const result = await store.announce(announce({ n: 3, compactAddress: address6(3) }));
      expect(decodePeers(result.peers6, 18)).toEqual([hexOf(address6(1))]);
      expect(decodePeers(result.peers4, 6)).toEqual([hexOf(address4(2))]);
    });

    it('follows a peer that changes its address', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0 }));
      await store.announce(announce({ n: 1, left: 0, event: 'none', compactAddress: address4(77), nowMs: T0 + MINUTE }));
      const result = await store.announce(announce({ n: 2, nowMs: T0 + MINUTE }));
      expect(decodePeers(result.peers4, 6)).toEqual([hexOf(address4(77))]);
      expect(result.complete).toBe(1);
    });
  });
}
