// Contract: swarm membership, accounting and refusals of SwarmStore.announce, plus scrape.
import { describe, expect, it } from 'vitest';
import type { LedgerEntry, SwarmStore } from '../store.js';
import {
  announce,
  INFO_HASH,
  INTERVAL_SECONDS,
  MINUTE,
  OTHER_INFO_HASH,
  SECOND,
  T0,
  TENANT,
  TTL_SECONDS,
  watcher,
} from './harness.js';

export function ledgerOf(entries: readonly LedgerEntry[], memberId: string, infoHash = INFO_HASH): LedgerEntry {
  const entry = entries.find((candidate) => candidate.memberId === memberId && candidate.infoHash === infoHash);
  if (entry === undefined) throw new Error(`no ledger entry for ${memberId}`);
  return entry;
}

let batchCounter = 0;
export async function drainAll(store: SwarmStore, nowMs = T0): Promise<LedgerEntry[]> {
  batchCounter += 1;
  const batchId = `test-${batchCounter}`;
  const batch = await store.beginDrain({ batchId, limit: 1000, nowMs });
  await store.completeDrain(batchId);
  return [...batch.entries];
}

export function announceContract(getStore: () => SwarmStore): void {
  describe('swarm membership', () => {
    it('counts seeders, downloaders and BEP 21 partial seeds', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0 }));
      await store.announce(announce({ n: 2, left: 10 }));
      await store.announce(announce({ n: 3, left: 10, event: 'paused' }));
      const result = await store.announce(announce({ n: 4, left: 10, event: 'none' }));
      expect(result).toMatchObject({ complete: 1, incomplete: 3, downloaders: 2, downloaded: 0 });
      expect(result.refused).toBeUndefined();
    });

    it('moves a peer between sets when it finishes', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 10 }));
      const done = await store.announce(announce({ n: 1, left: 0, event: 'completed', nowMs: T0 + SECOND }));
      expect(done).toMatchObject({ complete: 1, incomplete: 0, downloaded: 1 });
    });

    it('removes a peer on stopped and still books its final deltas', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, uploaded: 100 }));
      await store.announce(announce({ n: 2 }));
      const stopped = await store.announce(
        announce({ n: 1, event: 'stopped', uploaded: 600, nowMs: T0 + 10 * SECOND }),
      );
      expect(stopped).toMatchObject({ complete: 0, incomplete: 1 });
      expect(stopped.peers4.length).toBe(0);
      const entry = ledgerOf(await drainAll(getStore()), 'member-1');
      expect(entry).toMatchObject({ actualUploaded: 500, announces: 2, active: false, leechSeconds: 10 });
    });

    it('ignores stopped from a peer it does not know', async () => {
      const store = getStore();
      const result = await store.announce(announce({ n: 1, event: 'stopped', uploaded: 500 }));
      expect(result).toMatchObject({ complete: 0, incomplete: 0 });
      expect(await drainAll(store)).toEqual([]);
    });
  });

  describe('accounting', () => {
    it('books deltas between announces and rebases after a client restart', async () => {
      const store = getStore();
      await store.announce(watcher());
      await store.announce(announce({ uploaded: 1000, downloaded: 500 }));
      await store.announce(announce({ event: 'none', uploaded: 4000, downloaded: 2500, nowMs: T0 + MINUTE }));
      // Restart: totals fall, nothing counts, the new totals become the base.
      await store.announce(announce({ event: 'none', uploaded: 300, downloaded: 100, nowMs: T0 + 2 * MINUTE }));
      await store.announce(announce({ event: 'none', uploaded: 800, downloaded: 150, nowMs: T0 + 3 * MINUTE }));
      const entry = ledgerOf(await drainAll(store), 'member-1');
      expect(entry).toMatchObject({
        actualUploaded: 3000 + 500,
        actualDownloaded: 2000 + 50,
        creditedUploaded: 3500,
        creditedDownloaded: 2050,
        announces: 4,
        leechSeconds: 180,
        seedSeconds: 0,
        active: true,
        lastSeeding: false,
        lastAnnounceMs: T0 + 3 * MINUTE,
      });
    });

    it('keeps actual and credited apart under freeleech and double upload', async () => {
      const store = getStore();
      const creditFactors = { downloadFactor: 0.25, uploadFactor: 2 };
      await store.announce(watcher());
      await store.announce(announce({ creditFactors }));
      await store.announce(
        announce({ creditFactors, event: 'none', uploaded: 1001, downloaded: 4003, nowMs: T0 + MINUTE }),
      );
      const entry = ledgerOf(await drainAll(store), 'member-1');
      expect(entry).toMatchObject({
        actualUploaded: 1001,
        actualDownloaded: 4003,
        creditedUploaded: 2002,
        creditedDownloaded: 1000,
      });
    });

    it('credits seed time by the previous state, each gap capped at two intervals', async () => {
      const store = getStore();
      await store.announce(announce({ left: 100 }));
      await store.announce(announce({ left: 0, event: 'completed', nowMs: T0 + 20 * MINUTE }));
      await store.announce(announce({ left: 0, event: 'none', nowMs: T0 + 50 * MINUTE }));
      // Five hours of silence (still within the TTL below) earn two intervals at most.
      await store.announce(
        announce({ left: 0, event: 'none', nowMs: T0 + 350 * MINUTE, peerTtlSeconds: 6 * 3600 }),
      );
      const entry = ledgerOf(await drainAll(store), 'member-1');
      expect(entry.leechSeconds).toBe(20 * 60);
      expect(entry.seedSeconds).toBe(30 * 60 + 2 * INTERVAL_SECONDS);
      expect(entry).toMatchObject({ lastSeeding: true, completions: 1 });
    });

    it('counts completed once per peer', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1 }));
      await store.announce(announce({ n: 1, left: 0, event: 'completed', nowMs: T0 + MINUTE }));
      const again = await store.announce(announce({ n: 1, left: 0, event: 'completed', nowMs: T0 + 2 * MINUTE }));
      expect(again.downloaded).toBe(1);
      await store.announce(announce({ n: 2, left: 10 }));
      const other = await store.announce(announce({ n: 2, left: 0, event: 'completed', nowMs: T0 + MINUTE }));
      expect(other.downloaded).toBe(2);
      const entries = await drainAll(store);
      expect(ledgerOf(entries, 'member-1').completions).toBe(1);
      expect(ledgerOf(entries, 'member-2').completions).toBe(1);
    });

    it('counts a known leecher reaching left 0 as one completion, whatever the event', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 1000 }));
      // aria2 --seed-time=0: the download ends and the only announce left is `stopped`.
      const stopped = await store.announce(announce({ n: 1, left: 0, event: 'stopped', nowMs: T0 + MINUTE }));
      expect(stopped).toMatchObject({ complete: 0, incomplete: 0, downloaded: 1 });
      expect(ledgerOf(await drainAll(store), 'member-1')).toMatchObject({ completions: 1, active: false });

      await store.announce(announce({ n: 2, left: 500 }));
      const implicit = await store.announce(announce({ n: 2, left: 0, event: 'none', nowMs: T0 + 2 * MINUTE }));
      expect(implicit.downloaded).toBe(2);
      // A late `completed`, or another left 0, from the same peer adds nothing.
      const late = await store.announce(announce({ n: 2, left: 0, event: 'completed', nowMs: T0 + 3 * MINUTE }));
      expect(late.downloaded).toBe(2);
      const again = await store.announce(announce({ n: 2, left: 0, event: 'none', nowMs: T0 + 5 * MINUTE }));
      expect(again.downloaded).toBe(2);
      expect(ledgerOf(await drainAll(store), 'member-2').completions).toBe(1);
    });

    it('counts no completion for a peer that starts with left 0', async () => {
      const store = getStore();
      const seeder = await store.announce(announce({ n: 1, left: 0, event: 'started' }));
      expect(seeder.downloaded).toBe(0);
      const still = await store.announce(announce({ n: 1, left: 0, event: 'none', nowMs: T0 + 2 * MINUTE }));
      const stopped = await store.announce(announce({ n: 1, left: 0, event: 'stopped', nowMs: T0 + 3 * MINUTE }));
      expect([still.downloaded, stopped.downloaded]).toEqual([0, 0]);
      expect(ledgerOf(await drainAll(store), 'member-1').completions).toBe(0);
    });

    it('counts no completion for `completed` on a first announce or with left > 0 (fake snatches)', async () => {
      const store = getStore();
      const first = await store.announce(announce({ n: 1, left: 0, event: 'completed' }));
      expect(first.downloaded).toBe(0);
      await store.announce(announce({ n: 2, left: 500 }));
      const unfinished = await store.announce(announce({ n: 2, left: 100, event: 'completed', nowMs: T0 + MINUTE }));
      expect(unfinished.downloaded).toBe(0);
      const entries = await drainAll(store);
      expect(ledgerOf(entries, 'member-1').completions).toBe(0);
      expect(ledgerOf(entries, 'member-2').completions).toBe(0);
      // The same peer reaching left 0 afterwards is the one real completion.
      const done = await store.announce(announce({ n: 2, left: 0, event: 'none', nowMs: T0 + 10 * MINUTE }));
      expect(done.downloaded).toBe(1);
    });
  });

  describe('refusals', () => {
    it('refuses announcing before min interval, except completed and stopped', async () => {
      const store = getStore();
      await store.announce(watcher());
      await store.announce(announce({ uploaded: 0 }));
      const early = await store.announce(announce({ event: 'none', uploaded: 50, nowMs: T0 + 10 * SECOND }));
      expect(early.refused).toBe('min_interval');
      expect(early.incomplete).toBe(2);
      const completed = await store.announce(
        announce({ event: 'completed', left: 0, uploaded: 70, nowMs: T0 + 20 * SECOND }),
      );
      expect(completed.refused).toBeUndefined();
      const stopped = await store.announce(announce({ event: 'stopped', left: 0, uploaded: 90, nowMs: T0 + 30 * SECOND }));
      expect(stopped.refused).toBeUndefined();
      const entry = ledgerOf(await drainAll(store), 'member-1');
      // The refused announce changed nothing: its upload is counted by the next one.
      expect(entry).toMatchObject({ announces: 3, actualUploaded: 90 });
    });

    it('refuses more than maxPeersPerMember peers of one member on one torrent', async () => {
      const store = getStore();
      const own = (peer: number, extra: Parameters<typeof announce>[0] = {}) =>
        announce({ n: peer, memberId: 'member-1', maxPeersPerMember: 2, ...extra });
      expect((await store.announce(own(1))).refused).toBeUndefined();
      expect((await store.announce(own(2))).refused).toBeUndefined();
      const third = await store.announce(own(3));
      expect(third.refused).toBe('too_many_peers');
      expect(third.incomplete).toBe(2);
      expect((await store.announce(own(1, { event: 'none', nowMs: T0 + 2 * MINUTE }))).refused).toBeUndefined();
      await store.announce(own(2, { event: 'stopped', nowMs: T0 + 2 * MINUTE }));
      expect((await store.announce(own(3, { nowMs: T0 + 2 * MINUTE }))).refused).toBeUndefined();
      // Other members are unaffected.
      expect((await store.announce(announce({ n: 9 }))).refused).toBeUndefined();
    });
  });

  describe('stale peers', () => {
    it('does not let a member’s expired peers block a new one', async () => {
      const store = getStore();
      const own = (peer: number, nowMs: number) =>
        announce({ n: peer, memberId: 'member-1', maxPeersPerMember: 2, nowMs });
      await store.announce(own(1, T0));
      await store.announce(own(2, T0 + 40 * MINUTE));
      const third = await store.announce(own(3, T0 + TTL_SECONDS * SECOND + MINUTE));
      expect(third.refused).toBeUndefined();
      expect(third.incomplete).toBe(2);
    });

    it('drops peers past their TTL on announce and keeps the counts right', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0 }));
      await store.announce(announce({ n: 2 }));
      const later = T0 + TTL_SECONDS * SECOND + SECOND;
      const result = await store.announce(announce({ n: 3, nowMs: later }));
      expect(result).toMatchObject({ complete: 0, incomplete: 1 });
      expect(result.peers4.length).toBe(0);
    });

    it('baselines a peer that returns after expiring, so its totals never count twice', async () => {
      const store = getStore();
      await store.announce(watcher());
      await store.announce(announce({ uploaded: 100 }));
      await store.announce(announce({ event: 'none', uploaded: 300, nowMs: T0 + MINUTE }));
      const back = T0 + MINUTE + TTL_SECONDS * SECOND + SECOND;
      await store.announce(watcher({ event: 'none', nowMs: back }));
      await store.announce(announce({ event: 'none', uploaded: 900, nowMs: back }));
      await store.announce(announce({ event: 'none', uploaded: 1000, nowMs: back + MINUTE }));
      const entry = ledgerOf(await drainAll(store, back), 'member-1');
      expect(entry).toMatchObject({ actualUploaded: 200 + 100, announces: 4 });
    });
  });

  describe('scrape', () => {
    it('returns counts per info hash, zeros for unknown swarms, ignoring expired peers', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0 }));
      await store.announce(announce({ n: 2, left: 10, nowMs: T0 - MINUTE }));
      await store.announce(announce({ n: 2, left: 0, event: 'completed' }));
      await store.announce(announce({ n: 3, event: 'paused' }));
      await store.announce(announce({ n: 4, infoHash: OTHER_INFO_HASH, nowMs: T0 + 2 * MINUTE }));
      const counts = await store.scrape({
        tenantId: TENANT,
        infoHashes: [INFO_HASH, OTHER_INFO_HASH, 'c3'.repeat(20)],
        nowMs: T0 + MINUTE,
        peerTtlSeconds: TTL_SECONDS,
      });
      expect(counts.get(INFO_HASH)).toEqual({ complete: 2, incomplete: 1, downloaders: 0, downloaded: 1 });
      expect(counts.get(OTHER_INFO_HASH)).toEqual({ complete: 0, incomplete: 1, downloaders: 1, downloaded: 0 });
      expect(counts.get('c3'.repeat(20))).toEqual({ complete: 0, incomplete: 0, downloaders: 0, downloaded: 0 });
      const expired = await store.scrape({
        tenantId: TENANT,
        infoHashes: [INFO_HASH],
        nowMs: T0 + TTL_SECONDS * SECOND + SECOND,
        peerTtlSeconds: TTL_SECONDS,
      });
      expect(expired.get(INFO_HASH)).toMatchObject({ complete: 0, incomplete: 0 });
    });

    it('keeps tenants apart', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0 }));
      const counts = await store.scrape({
        tenantId: 'tenant-b',
        infoHashes: [INFO_HASH],
        nowMs: T0,
        peerTtlSeconds: TTL_SECONDS,
      });
      expect(counts.get(INFO_HASH)?.complete).toBe(0);
    });
  });
}
