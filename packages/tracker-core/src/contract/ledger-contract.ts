// Contract: the ledger drain loses nothing and repeats identically after a crash, and
// the reaper drops abandoned peers and swarms with the counts kept right.
import { describe, expect, it } from 'vitest';
import { accountAnnounce } from '../accounting.js';
import type { PeerMemory } from '../accounting.js';
import type { LedgerEntry, SwarmStore } from '../store.js';
import { ledgerOf } from './announce-contract.js';
import {
  announce,
  INFO_HASH,
  MINUTE,
  OTHER_INFO_HASH,
  SECOND,
  T0,
  TENANT,
  TTL_SECONDS,
  watcher,
  WATCHER_MEMBER,
} from './harness.js';

/** A seeded pseudo-random sequence, so the scenario is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function byKey(entries: readonly LedgerEntry[]): Map<string, LedgerEntry> {
  return new Map(entries.map((entry) => [`${entry.infoHash}/${entry.memberId}`, entry]));
}

export function ledgerContract(getStore: () => SwarmStore): void {
  describe('ledger drain', () => {
    it('drains exactly the sum of the deltas of many announces, across batches', async () => {
      const store = getStore();
      const random = seededRandom(7);
      const factors = { downloadFactor: 0.5, uploadFactor: 2 };
      const peers = new Map<string, PeerMemory & { memberId: string; infoHash: string }>();
      const expected = new Map<string, { up: number; down: number; credUp: number; credDown: number; announces: number }>();
      const drained: LedgerEntry[] = [];
      // Someone downloads in both swarms all along, so every reported upload is believed.
      await store.announce(watcher({ nowMs: T0 }));
      await store.announce(watcher({ nowMs: T0, infoHash: OTHER_INFO_HASH }));
      for (let step = 0; step < 300; step++) {
        const n = 1 + Math.floor(random() * 12);
        const infoHash = n % 3 === 0 ? OTHER_INFO_HASH : INFO_HASH;
        const key = `${infoHash}/${n}`;
        const previous = peers.get(key);
        const nowMs = T0 + step * MINUTE;
        const uploaded = (previous?.uploaded ?? 0) + Math.floor(random() * 5000) - (random() < 0.05 ? 9000 : 0);
        const report = { uploaded: Math.max(0, uploaded), downloaded: (previous?.downloaded ?? 0) + 700, left: 10 };
        const input = announce({
          n,
          infoHash,
          nowMs,
          event: previous ? 'none' : 'started',
          creditFactors: factors,
          // Long enough that no peer expires in this scenario.
          peerTtlSeconds: 30 * 24 * 3600,
          ...report,
        });
        const result = await store.announce(input);
        expect(result.refused).toBeUndefined();
        // Every peer leeches (left 10) among other members' peers: upload is always believed.
        const accounting = accountAnnounce(previous, input, {
          announceIntervalSeconds: input.intervalSeconds,
          factors,
          maxBytesPerSecond: input.maxBytesPerSecond,
          otherLeechers: () => true,
        });
        peers.set(key, { ...report, lastAnnounceMs: nowMs, seeding: false, completionCounted: false, memberId: `member-${n}`, infoHash });
        const sums = expected.get(key) ?? { up: 0, down: 0, credUp: 0, credDown: 0, announces: 0 };
        sums.up += accounting.actualUploaded;
        sums.down += accounting.actualDownloaded;
        sums.credUp += accounting.creditedUploaded;
        sums.credDown += accounting.creditedDownloaded;
        sums.announces += 1;
        expected.set(key, sums);
        if (step % 97 === 0) {
          const batch = await store.beginDrain({ batchId: `mid-${step}`, limit: 1, nowMs });
          drained.push(...batch.entries);
          await store.completeDrain(batch.batchId);
        }
      }
      for (let round = 0; round < 5; round++) {
        const batch = await store.beginDrain({ batchId: `final-${round}`, limit: 1, nowMs: T0 });
        drained.push(...batch.entries);
        await store.completeDrain(batch.batchId);
      }
      const totals = new Map<string, { up: number; down: number; credUp: number; credDown: number; announces: number }>();
      for (const entry of drained) {
        if (entry.memberId === WATCHER_MEMBER) continue;
        const key = `${entry.infoHash}/${entry.memberId.replace('member-', '')}`;
        const sums = totals.get(key) ?? { up: 0, down: 0, credUp: 0, credDown: 0, announces: 0 };
        sums.up += entry.actualUploaded;
        sums.down += entry.actualDownloaded;
        sums.credUp += entry.creditedUploaded;
        sums.credDown += entry.creditedDownloaded;
        sums.announces += entry.announces;
        totals.set(key, sums);
      }
      expect(totals).toEqual(expected);
    });

    it('returns the same batch after a crash between beginDrain and completeDrain', async () => {
      const store = getStore();
      await store.announce(watcher());
      await store.announce(announce({ n: 1, uploaded: 10 }));
      await store.announce(announce({ n: 1, event: 'none', uploaded: 510, nowMs: T0 + MINUTE }));
      await store.announce(announce({ n: 2, infoHash: OTHER_INFO_HASH, left: 0 }));
      const begun = await store.beginDrain({ batchId: 'crash-1', limit: 100, nowMs: T0 + MINUTE });
      expect(begun.entries).toHaveLength(3);
      // The flusher dies here. Announces go on and must land in a later batch.
      await store.announce(announce({ n: 1, event: 'none', uploaded: 810, nowMs: T0 + 2 * MINUTE }));
      const pending = await store.pendingDrains(T0 + 2 * MINUTE);
      expect(pending.map((batch) => batch.batchId)).toEqual(['crash-1']);
      expect(byKey(pending[0]?.entries ?? [])).toEqual(byKey(begun.entries));
      const repeated = await store.beginDrain({ batchId: 'crash-1', limit: 100, nowMs: T0 + 2 * MINUTE });
      expect(byKey(repeated.entries)).toEqual(byKey(begun.entries));
      expect(ledgerOf(begun.entries, 'member-1')).toMatchObject({ actualUploaded: 500, announces: 2 });
      await store.completeDrain('crash-1');
      expect(await store.pendingDrains(T0)).toEqual([]);
      const next = await store.beginDrain({ batchId: 'after-1', limit: 100, nowMs: T0 + 2 * MINUTE });
      expect(next.entries).toHaveLength(1);
      expect(ledgerOf(next.entries, 'member-1')).toMatchObject({ actualUploaded: 300, announces: 1 });
      await store.completeDrain('after-1');
      expect((await store.beginDrain({ batchId: 'empty', limit: 100, nowMs: T0 })).entries).toEqual([]);
    });

    it('reports swarm counts with the batch', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 10, nowMs: T0 - MINUTE }));
      await store.announce(announce({ n: 1, left: 0, event: 'completed' }));
      await store.announce(announce({ n: 2 }));
      const batch = await store.beginDrain({ batchId: 'counts', limit: 10, nowMs: T0 });
      expect(batch.swarms).toEqual([
        { tenantId: TENANT, infoHash: INFO_HASH, complete: 1, incomplete: 1, downloaders: 1, downloaded: 1 },
      ]);
      expect(ledgerOf(batch.entries, 'member-1')).toMatchObject({ lastSeeding: true, active: true, completions: 1 });
      await store.completeDrain('counts');
    });

    it('rejects batch ids that could break key names', async () => {
      const store = getStore();
      await expect(store.beginDrain({ batchId: 'a}b', limit: 1, nowMs: T0 })).rejects.toThrow(/batch id/);
    });
  });

  describe('reaper', () => {
    it('drops abandoned swarms and keeps live peers, with counts right', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0 }));
      await store.announce(announce({ n: 2 }));
      await store.announce(announce({ n: 3, infoHash: OTHER_INFO_HASH, left: 0 }));
      await store.announce(announce({ n: 4, infoHash: OTHER_INFO_HASH, nowMs: T0 + 30 * MINUTE }));
      expect(await store.reapStale({ nowMs: T0 + TTL_SECONDS * SECOND - SECOND })).toEqual({
        peersRemoved: 0,
        swarmsRemoved: 0,
        swarms: [],
      });
      const reaped = await store.reapStale({ nowMs: T0 + TTL_SECONDS * SECOND + SECOND });
      expect(reaped.peersRemoved).toBe(2);
      expect(reaped.swarmsRemoved).toBe(1);
      expect(reaped.swarms).toEqual([
        { tenantId: TENANT, infoHash: INFO_HASH, complete: 0, incomplete: 0, downloaders: 0, downloaded: 0 },
      ]);
      const later = T0 + TTL_SECONDS * SECOND + 31 * MINUTE;
      const second = await store.reapStale({ nowMs: later });
      expect(second).toMatchObject({ peersRemoved: 2, swarmsRemoved: 1 });
      const counts = await store.scrape({
        tenantId: TENANT,
        infoHashes: [INFO_HASH, OTHER_INFO_HASH],
        nowMs: later,
        peerTtlSeconds: TTL_SECONDS,
      });
      expect(counts.get(OTHER_INFO_HASH)).toMatchObject({ complete: 0, incomplete: 0 });
      expect(await store.reapStale({ nowMs: later + TTL_SECONDS * SECOND })).toMatchObject({ swarmsRemoved: 0 });
    });

    it('removes only the expired peers of a swarm that is partly alive', async () => {
      const store = getStore();
      await store.announce(announce({ n: 1, left: 0 }));
      await store.announce(announce({ n: 2, nowMs: T0 + 30 * MINUTE }));
      // Not due yet: the swarm index follows the swarm's newest peer.
      expect((await store.reapStale({ nowMs: T0 + TTL_SECONDS * SECOND + SECOND })).peersRemoved).toBe(0);
      const fresh = await store.announce(announce({ n: 3, nowMs: T0 + TTL_SECONDS * SECOND + SECOND }));
      expect(fresh).toMatchObject({ complete: 0, incomplete: 2 });
    });

    it('keeps ledgers of reaped swarms for the drain', async () => {
      const store = getStore();
      await store.announce(watcher({ peerTtlSeconds: TTL_SECONDS }));
      await store.announce(announce({ n: 1, uploaded: 0 }));
      await store.announce(announce({ n: 1, event: 'none', uploaded: 100, nowMs: T0 + MINUTE }));
      await store.reapStale({ nowMs: T0 + MINUTE + TTL_SECONDS * SECOND + SECOND });
      const batch = await store.beginDrain({ batchId: 'reaped', limit: 10, nowMs: T0 });
      expect(ledgerOf(batch.entries, 'member-1')).toMatchObject({ actualUploaded: 100, active: true });
      await store.completeDrain('reaped');
    });
  });
}
