// SwarmStore in process memory: the tracker's production store with TRACKER_STORE=memory
// (the swarm's owner worker holds it; no Redis command per announce), and the
// executable reference for the Redis Lua script (same rules, same order of effects).
// Memory per peer is bounded: fixed-size fields, addresses as small latin1 strings
// (never the request's buffer), at most maxPeersPerMember peers per member and swarm.
// `bench/memory-footprint.ts` prints the RSS and heap per 100,000 peers.
import { accountAnnounce } from '../accounting.js';
import { addToLedger } from '../ledger.js';
import type { LedgerTotals } from '../ledger.js';
import {
  assertBatchId,
  STALE_SWEEP_PER_ANNOUNCE,
  STALE_SWEEP_PER_REAP,
} from '../store.js';
import type {
  BeginDrainInput,
  DrainBatch,
  LedgerEntry,
  ReapInput,
  ReapResult,
  ScrapeInput,
  StoreAnnounceInput,
  StoreAnnounceResult,
  SwarmCounts,
  SwarmSnapshot,
  SwarmStore,
} from '../store.js';
import { parseSwarmId, swarmId } from '../swarm-id.js';
import { MemorySwarm } from './memory-swarm.js';
import type { MemoryPeer, PeerKind, PickedPeers } from './memory-swarm.js';

type MemberLedger = Map<string, LedgerTotals>;

const NO_PEERS = Buffer.alloc(0);
const SWEEP_TURNS: readonly PeerKind[] = ['seeders', 'leechers', 'partials'];
const ZERO_COUNTS: SwarmCounts = { complete: 0, incomplete: 0, downloaders: 0, downloaded: 0 };

export class MemoryStore implements SwarmStore {
  private readonly swarms = new Map<string, MemorySwarm>();
  /** Swarm id → the time its last peer expires; what the reaper walks. */
  private readonly deadlines = new Map<string, number>();
  private readonly ledgers = new Map<string, MemberLedger>();
  private readonly dirty = new Set<string>();
  private readonly batches = new Map<string, Map<string, MemberLedger | undefined>>();

  announce(input: StoreAnnounceInput): Promise<StoreAnnounceResult> {
    const id = swarmId(input.tenantId, input.infoHash);
    const result = this.announceInSwarm(id, input);
    const deadline = input.nowMs + input.peerTtlSeconds * 1000;
    this.deadlines.set(id, Math.max(deadline, this.deadlines.get(id) ?? -Infinity));
    this.dirty.add(id);
    return Promise.resolve(result);
  }

  private announceInSwarm(id: string, input: StoreAnnounceInput): StoreAnnounceResult {
    let swarm = this.swarms.get(id);
    if (swarm === undefined) {
      swarm = new MemorySwarm();
      this.swarms.set(id, swarm);
    }
    const ttlMs = input.peerTtlSeconds * 1000;
    const floorMs = input.nowMs - ttlMs;
    // One kind per announce, in turn, as the Lua script does.
    const sweepTurn = SWEEP_TURNS[swarm.announceSequence % 3] ?? 'seeders';
    swarm.sweepStale(floorMs, STALE_SWEEP_PER_ANNOUNCE, [sweepTurn]);

    const key = `${input.peerId}:${input.memberId}`;
    let previous = swarm.peers.get(key);
    if (previous !== undefined && previous.lastAnnounceMs < floorMs) {
      swarm.removePeer(previous);
      previous = undefined;
    }
    const ipv4 = input.compactAddress.length === 6;
    const address = input.compactAddress.toString('latin1');
    // The min interval is per address family: a dual-stack client announces over both.
    const lastOverFamilyMs = previous === undefined ? 0 : ipv4 ? previous.last4Ms : previous.last6Ms;
    const early = previous !== undefined && input.nowMs - lastOverFamilyMs < input.minIntervalSeconds * 1000;
    const exempt = input.event === 'completed' || input.event === 'stopped';
    if (early && !exempt) return refusal('min_interval', swarm.counts(floorMs));
    if (previous === undefined) {
      if (input.event === 'stopped') return withPeers(swarm.counts(floorMs), undefined);
      if (swarm.peerCountOf(input.memberId) >= input.maxPeersPerMember) {
        swarm.sweepStale(floorMs, STALE_SWEEP_PER_ANNOUNCE);
        if (swarm.peerCountOf(input.memberId) >= input.maxPeersPerMember) {
          return refusal('too_many_peers', swarm.counts(floorMs));
        }
      }
    }

    const accounting = accountAnnounce(
      previous === undefined
        ? undefined
        : {
            uploaded: previous.uploaded,
            downloaded: previous.downloaded,
            lastAnnounceMs: previous.lastAnnounceMs,
            seeding: previous.kind === 'seeders',
            completionCounted: previous.completionCounted,
          },
      input,
      {
        announceIntervalSeconds: input.intervalSeconds,
        factors: input.creditFactors,
        maxBytesPerSecond: input.maxBytesPerSecond,
        otherLeechers: () =>
          swarm.otherLeechersSince(input.memberId, previous?.lastAnnounceMs ?? input.nowMs, floorMs, input.maxPeersPerMember),
        memberSeedAccruedMs: swarm.seedMarks.get(input.memberId),
      },
    );
    swarm.completed += accounting.completions;
    if (previous?.kind === 'seeders') {
      swarm.seedMarks.set(input.memberId, Math.max(input.nowMs, swarm.seedMarks.get(input.memberId) ?? 0));
    }
    const seeding = input.left === 0;
    const kind: PeerKind = seeding ? 'seeders' : input.event === 'paused' ? 'partials' : 'leechers';
    if (previous?.kind === 'leechers' || (kind === 'leechers' && input.event !== 'stopped')) {
      swarm.noteLeeching(input.memberId, input.nowMs);
    }
    let stillActive = true;
    if (input.event === 'stopped') {
      if (previous !== undefined) stillActive = swarm.removePeer(previous) > 0;
    } else {
      // The other family's address stays while that family still announces within the TTL.
      const keep4 = previous !== undefined && previous.last4Ms >= floorMs;
      const keep6 = previous !== undefined && previous.last6Ms >= floorMs;
      const next: MemoryPeer = {
        key,
        memberId: input.memberId,
        address4: ipv4 ? address : keep4 ? previous?.address4 : undefined,
        address6: ipv4 ? (keep6 ? previous?.address6 : undefined) : address,
        last4Ms: ipv4 ? input.nowMs : keep4 ? (previous?.last4Ms ?? 0) : 0,
        last6Ms: ipv4 ? (keep6 ? (previous?.last6Ms ?? 0) : 0) : input.nowMs,
        uploaded: input.uploaded,
        downloaded: input.downloaded,
        lastAnnounceMs: input.nowMs,
        score: swarm.nextScore(input.nowMs),
        kind,
        completionCounted: (previous?.completionCounted ?? false) || accounting.completions === 1,
      };
      swarm.upsertPeer(previous, next);
    }
    swarm.ttlMs = ttlMs;

    const ledger = this.ledgers.get(id) ?? new Map<string, LedgerTotals>();
    this.ledgers.set(id, ledger);
    ledger.set(
      input.memberId,
      addToLedger(ledger.get(input.memberId), accounting, {
        nowMs: input.nowMs,
        seeding,
        active: stillActive,
      }),
    );

    const counts = swarm.counts(floorMs);
    // `completed` and `stopped` skip the min interval, so they get no peers inside it.
    if (input.event === 'stopped' || early) return withPeers(counts, undefined);
    const liveSizes: Record<PeerKind, number> = {
      seeders: counts.complete,
      leechers: counts.downloaders,
      partials: counts.incomplete - counts.downloaders,
    };
    const picked: PickedPeers = { peers4: [], peers6: [] };
    const pick = (pickKind: PeerKind, want: number): number =>
      swarm.pick(
        pickKind,
        { want, memberId: input.memberId, floorMs, liveSize: liveSizes[pickKind], ownAllowance: input.maxPeersPerMember },
        picked,
      );
    let want = input.numwant;
    if (seeding || kind === 'partials') {
      // Seeders and BEP 21 partial seeds want nothing: they only get downloaders.
      pick('leechers', want);
    } else {
      want -= pick('seeders', want);
      want -= pick('partials', want);
      pick('leechers', want);
    }
    return withPeers(counts, picked);
  }

  scrape(input: ScrapeInput): Promise<Map<string, SwarmCounts>> {
    const floorMs = input.nowMs - input.peerTtlSeconds * 1000;
    const counts = new Map<string, SwarmCounts>();
    for (const infoHash of input.infoHashes) {
      const swarm = this.swarms.get(swarmId(input.tenantId, infoHash));
      counts.set(infoHash, swarm?.counts(floorMs) ?? ZERO_COUNTS);
    }
    return Promise.resolve(counts);
  }

  /** Walks every swarm's deadline: fine for tests and benches, not for millions. */
  reapStale(input: ReapInput): Promise<ReapResult> {
    const due = [...this.deadlines]
      .filter(([, deadline]) => deadline <= input.nowMs)
      .sort((a, b) => a[1] - b[1])
      .slice(0, input.limit ?? 500);
    let peersRemoved = 0;
    let swarmsRemoved = 0;
    const swarms: SwarmSnapshot[] = [];
    for (const [id] of due) {
      const swarm = this.swarms.get(id);
      if (this.ledgers.has(id)) this.dirty.add(id);
      if (swarm === undefined) {
        this.deadlines.delete(id);
        continue;
      }
      const floorMs = input.nowMs - swarm.ttlMs;
      const sweep = swarm.sweepStale(floorMs, STALE_SWEEP_PER_REAP);
      peersRemoved += sweep.removed;
      swarms.push({ ...parseSwarmId(id), ...swarm.counts(floorMs) });
      if (swarm.size === 0) {
        this.swarms.delete(id);
        this.deadlines.delete(id);
        swarmsRemoved += 1;
      } else if (!sweep.moreStale) {
        const newest = Math.max(...Object.values(swarm.sets).map((set) => set.highestScore() ?? -Infinity));
        this.deadlines.set(id, Math.floor(newest) + swarm.ttlMs);
      }
    }
    return Promise.resolve({ peersRemoved, swarmsRemoved, swarms });
  }

  async beginDrain(input: BeginDrainInput): Promise<DrainBatch> {
    assertBatchId(input.batchId);
    let batch = this.batches.get(input.batchId);
    if (batch === undefined) {
      const claimed = [...this.dirty].slice(0, input.limit);
      if (claimed.length === 0) return { batchId: input.batchId, entries: [], swarms: [] };
      batch = new Map();
      for (const id of claimed) {
        this.dirty.delete(id);
        batch.set(id, this.ledgers.get(id));
        this.ledgers.delete(id);
      }
      this.batches.set(input.batchId, batch);
    }
    return this.describeBatch(input.batchId, batch, input.nowMs);
  }

  async completeDrain(batchId: string): Promise<void> {
    assertBatchId(batchId);
    this.batches.delete(batchId);
  }

  pendingDrains(nowMs: number): Promise<DrainBatch[]> {
    return Promise.resolve([...this.batches].map(([batchId, batch]) => this.describeBatch(batchId, batch, nowMs)));
  }

  private describeBatch(batchId: string, batch: Map<string, MemberLedger | undefined>, nowMs: number): DrainBatch {
    const entries: LedgerEntry[] = [];
    const swarms: SwarmSnapshot[] = [];
    for (const [id, ledger] of batch) {
      const { tenantId, infoHash } = parseSwarmId(id);
      for (const [memberId, totals] of ledger ?? []) entries.push({ tenantId, infoHash, memberId, ...totals });
      const swarm = this.swarms.get(id);
      const counts = swarm === undefined ? ZERO_COUNTS : swarm.counts(nowMs - swarm.ttlMs);
      swarms.push({ tenantId, infoHash, ...counts });
    }
    return { batchId, entries, swarms };
  }
}

function refusal(refused: 'min_interval' | 'too_many_peers', counts: SwarmCounts): StoreAnnounceResult {
  return { ...counts, refused, peers4: NO_PEERS, peers6: NO_PEERS };
}

function withPeers(counts: SwarmCounts, picked: PickedPeers | undefined): StoreAnnounceResult {
  return {
    ...counts,
    peers4: picked === undefined || picked.peers4.length === 0 ? NO_PEERS : Buffer.from(picked.peers4.join(''), 'latin1'),
    peers6: picked === undefined || picked.peers6.length === 0 ? NO_PEERS : Buffer.from(picked.peers6.join(''), 'latin1'),
  };
}
