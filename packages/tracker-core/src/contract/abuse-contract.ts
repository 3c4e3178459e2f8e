// Contract: the limits that keep members from crediting themselves what they did not
// do (issue 17): bounded transfer, upload only to other members, seed time once per
// member, no peer lists for min-interval-exempt events, and dual-stack peers.
import { describe, expect, it } from 'vitest';
import type { SwarmStore } from '../store.js';
import { drainAll, ledgerOf } from './announce-contract.js';
import {
  address4,
  address6,
  announce,
  decodePeers,
  GIB,
  hexOf,
  MINUTE,
  SECOND,
  T0,
  watcher,
} from './harness.js';

export function abuseContract(getStore: () => SwarmStore): void {
  describe('bounded credit', () => {
    it('credits a 2^53 − 1 byte `stopped` 8 ms after `started` as one second at the maximum speed, flagged', async () => {
      const store = getStore();
      await store.announce(watcher());
      await store.announce(announce({ left: 0, uploaded: 0 }));
      await store.announce(announce({ left: 0, event: 'stopped', uploaded: Number.MAX_SAFE_INTEGER, nowMs: T0 + 8 }));
      expect(ledgerOf(await drainAll(store), 'member-1')).toMatchObject({
        reportedUploaded: Number.MAX_SAFE_INTEGER,
        actualUploaded: GIB,
        creditedUploaded: GIB,
        flaggedAnnounces: 1,
        lastFlagReason: 'speed',
      });
    });

    it('bounds download as well, by the tenant’s speed over the time since the last announce', async () => {
      const store = getStore();
      const maxBytesPerSecond = 1000;
      await store.announce(announce({ maxBytesPerSecond }));
      await store.announce(announce({ event: 'none', downloaded: 90_000, nowMs: T0 + MINUTE, maxBytesPerSecond }));
      await store.announce(announce({ event: 'none', downloaded: 100_000, nowMs: T0 + 2 * MINUTE, maxBytesPerSecond }));
      expect(ledgerOf(await drainAll(store), 'member-1')).toMatchObject({
        reportedDownloaded: 100_000,
        actualDownloaded: 60_000 + 10_000,
        creditedDownloaded: 70_000,
        flaggedAnnounces: 1,
        lastFlagReason: 'speed',
      });
    });

    it('credits no upload, and flags it, when no other member was downloading', async () => {
      const store = getStore();
      // The member's own second client downloading does not count.
      await store.announce(announce({ n: 2, memberId: 'member-1', left: 500 }));
      await store.announce(announce({ left: 0, uploaded: 0 }));
      await store.announce(announce({ left: 0, event: 'none', uploaded: 5000, nowMs: T0 + 5 * MINUTE }));
      expect(ledgerOf(await drainAll(store), 'member-1')).toMatchObject({
        reportedUploaded: 5000,
        actualUploaded: 0,
        creditedUploaded: 0,
        flaggedAnnounces: 1,
        lastFlagReason: 'no_leechers',
      });
    });

    it('credits upload to a downloader that finished between the seeder’s announces', async () => {
      const store = getStore();
      await store.announce(announce({ left: 0, uploaded: 0 }));
      await store.announce(announce({ n: 2, left: 1000, nowMs: T0 + MINUTE }));
      await store.announce(announce({ n: 2, left: 0, event: 'completed', nowMs: T0 + 2 * MINUTE }));
      await store.announce(announce({ left: 0, event: 'none', uploaded: 1000, nowMs: T0 + 30 * MINUTE }));
      // A later gap in which nobody downloaded earns nothing.
      await store.announce(announce({ left: 0, event: 'none', uploaded: 1500, nowMs: T0 + 60 * MINUTE }));
      expect(ledgerOf(await drainAll(store), 'member-1')).toMatchObject({
        reportedUploaded: 1500,
        actualUploaded: 1000,
        flaggedAnnounces: 1,
        lastFlagReason: 'no_leechers',
      });
    });
  });

  describe('seed time', () => {
    it('counts seed time once per member and torrent, not once per peer', async () => {
      const store = getStore();
      const own = (peer: number, nowMs: number) => announce({ n: peer, memberId: 'member-1', left: 0, event: 'none', nowMs });
      // Three seeding clients announcing every 30 minutes, 10 minutes apart: one hour of wall clock.
      for (const [peer, start] of [[1, 0], [2, 10], [3, 20]] as const) {
        await store.announce({ ...own(peer, T0 + start * MINUTE), event: 'started' });
      }
      for (const minute of [30, 40, 50, 60, 70, 80]) {
        await store.announce(own(1 + ((minute / 10) % 3), T0 + minute * MINUTE));
      }
      expect(ledgerOf(await drainAll(store), 'member-1').seedSeconds).toBe(80 * 60);
    });
  });

  describe('events inside the min interval', () => {
    it('answers `completed` and `stopped` inside the min interval without peers', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0 }));
      await store.announce(announce({ n: 3, left: 10 }));
      await store.announce(announce({ n: 2, left: 10 }));
      const spam = await store.announce(announce({ n: 2, left: 0, event: 'completed', nowMs: T0 + 10 * SECOND }));
      expect(spam.refused).toBeUndefined();
      expect(spam.peers4.length + spam.peers6.length).toBe(0);
      expect(spam.downloaded).toBe(1);
      const stopped = await store.announce(announce({ n: 3, left: 10, event: 'stopped', nowMs: T0 + 20 * SECOND }));
      expect(stopped.peers4.length).toBe(0);
      await store.announce(announce({ n: 4, left: 10 }));
      const later = await store.announce(announce({ n: 2, left: 0, event: 'completed', nowMs: T0 + 10 * MINUTE }));
      expect(decodePeers(later.peers4, 6)).toEqual([hexOf(address4(4))]);
    });
  });

  describe('dual-stack peers', () => {
    it('keeps one address per family for one peer id and applies the min interval per family', async () => {
      const store = getStore();
      const overV4 = await store.announce(announce({ n: 1, left: 0, compactAddress: address4(1) }));
      expect(overV4.refused).toBeUndefined();
      const overV6 = await store.announce(
        announce({ n: 1, left: 0, event: 'started', compactAddress: address6(1), nowMs: T0 + SECOND }),
      );
      expect(overV6.refused).toBeUndefined();
      // Still one peer, handed out under both families.
      expect(overV6).toMatchObject({ complete: 1, incomplete: 0 });
      const leecher = await store.announce(announce({ n: 2, nowMs: T0 + 2 * SECOND }));
      expect(decodePeers(leecher.peers4, 6)).toEqual([hexOf(address4(1))]);
      expect(decodePeers(leecher.peers6, 18)).toEqual([hexOf(address6(1))]);
      // Each family still has its own min interval.
      const againV4 = await store.announce(
        announce({ n: 1, left: 0, event: 'none', compactAddress: address4(1), nowMs: T0 + 10 * SECOND }),
      );
      expect(againV4.refused).toBe('min_interval');
      const laterV4 = await store.announce(
        announce({ n: 1, left: 0, event: 'none', compactAddress: address4(7), nowMs: T0 + 2 * MINUTE }),
      );
      expect(laterV4.refused).toBeUndefined();
      const moved = await store.announce(announce({ n: 3, nowMs: T0 + 2 * MINUTE }));
      expect(decodePeers(moved.peers4, 6).sort()).toEqual([hexOf(address4(2)), hexOf(address4(7))].sort());
      expect(decodePeers(moved.peers6, 18)).toEqual([hexOf(address6(1))]);
    });

    it('drops a family’s address once that family has not announced within the TTL', async () => {
      const store = getStore();
      const ttl = 600;
      await store.announce(announce({ n: 1, left: 0, compactAddress: address6(1), peerTtlSeconds: ttl }));
      await store.announce(announce({ n: 1, left: 0, compactAddress: address4(1), peerTtlSeconds: ttl, nowMs: T0 + 5 * MINUTE }));
      await store.announce(
        announce({ n: 1, left: 0, event: 'none', compactAddress: address4(1), peerTtlSeconds: ttl, nowMs: T0 + 11 * MINUTE }),
      );
      const leecher = await store.announce(announce({ n: 2, peerTtlSeconds: ttl, nowMs: T0 + 11 * MINUTE }));
      expect(decodePeers(leecher.peers4, 6)).toEqual([hexOf(address4(1))]);
      expect(leecher.peers6.length).toBe(0);
    });
  });
}
