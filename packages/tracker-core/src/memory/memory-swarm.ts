// One swarm held in process memory: its peer sets (seeders, downloaders, partial
// seeds), stale sweep, scoring and rotating peer picks.
import { SCORE_STEPS_PER_MS } from '../store.js';
import type { SwarmCounts } from '../store.js';
import { SortedPeers } from './sorted-peers.js';

/** Seeders (left = 0), BEP 21 partial seeds (`paused`, left > 0), and downloaders. */
export type PeerKind = 'seeders' | 'partials' | 'leechers';

export interface MemoryPeer {
  readonly key: string;
  readonly memberId: string;
  /**
   * One address per family (BEP 23 / BEP 7), each kept while that family announces: the
   * 6- or 18-byte compact form as a latin1 string (a small flat string, where a Buffer
   * per peer cost a few hundred bytes and could keep the request's buffer alive).
   */
  readonly address4: string | undefined;
  readonly address6: string | undefined;
  /** Latest announce over each family (0 = none): the min interval applies per family. */
  readonly last4Ms: number;
  readonly last6Ms: number;
  readonly left: number;
  readonly uploaded: number;
  readonly downloaded: number;
  readonly lastAnnounceMs: number;
  readonly score: number;
  readonly kind: PeerKind;
  readonly completionCounted: boolean;
}

/** Peers picked for one response, split by address family (BEP 23 / BEP 7), as latin1 compact strings. */
export interface PickedPeers {
  readonly peers4: string[];
  readonly peers6: string[];
}

export const PEER_KINDS: readonly PeerKind[] = ['seeders', 'leechers', 'partials'];

export class MemorySwarm {
  readonly peers = new Map<string, MemoryPeer>();
  readonly sets: Record<PeerKind, SortedPeers<MemoryPeer>> = {
    seeders: new SortedPeers<MemoryPeer>(),
    partials: new SortedPeers<MemoryPeer>(),
    leechers: new SortedPeers<MemoryPeer>(),
  };
  readonly cursors: Record<PeerKind, number | undefined> = {
    seeders: undefined,
    partials: undefined,
    leechers: undefined,
  };
  private readonly memberPeerCounts = new Map<string, number>();
  /** Member id → when one of its peers last earned seed time here (counted once per member). */
  readonly seedMarks = new Map<string, number>();
  /** The two latest distinct members seen downloading, newest first. */
  private readonly leechSightings: { memberId: string; ms: number }[] = [];
  private sequence = 0;
  completed = 0;
  ttlMs = 0;
  /** Keys of peers removed since the store last looked; only kept when the store persists peers. */
  removedKeys: string[] | undefined;

  get size(): number {
    return this.peers.size;
  }

  peerCountOf(memberId: string): number {
    return this.memberPeerCounts.get(memberId) ?? 0;
  }

  /** Score = announce time plus a per-swarm sequence fraction: unique, exact in a double. */
  nextScore(nowMs: number): number {
    this.sequence += 1;
    return nowMs + (this.sequence % SCORE_STEPS_PER_MS) / SCORE_STEPS_PER_MS;
  }

  /** Removes up to `limit` peers per kind not seen since `floorMs`; true if more remain. */
  sweepStale(
    floorMs: number,
    limit: number,
    kinds: readonly PeerKind[] = PEER_KINDS,
  ): { removed: number; moreStale: boolean } {
    let removed = 0;
    let moreStale = false;
    for (const kind of kinds) {
      const stale = this.sets[kind].rangeBelow(floorMs, limit);
      for (const peer of stale) this.removePeer(peer);
      removed += stale.length;
      if (stale.length === limit && this.sets[kind].rangeBelow(floorMs, 1).length > 0) moreStale = true;
    }
    return { removed, moreStale };
  }

  upsertPeer(previous: MemoryPeer | undefined, next: MemoryPeer): void {
    if (previous === undefined) {
      this.memberPeerCounts.set(next.memberId, this.peerCountOf(next.memberId) + 1);
    } else {
      this.sets[previous.kind].remove(previous.score, previous.key);
    }
    this.peers.set(next.key, next);
    this.sets[next.kind].insert(next);
  }

  /** Returns how many peers the member has left in the swarm. */
  removePeer(peer: MemoryPeer): number {
    this.removedKeys?.push(peer.key);
    this.peers.delete(peer.key);
    this.sets[peer.kind].remove(peer.score, peer.key);
    const remaining = this.peerCountOf(peer.memberId) - 1;
    if (remaining > 0) {
      this.memberPeerCounts.set(peer.memberId, remaining);
    } else {
      this.memberPeerCounts.delete(peer.memberId);
      this.seedMarks.delete(peer.memberId);
    }
    return remaining;
  }

  /** Remembers that `memberId` was downloading at `nowMs`. */
  noteLeeching(memberId: string, nowMs: number): void {
    const newest = this.leechSightings[0];
    if (newest?.memberId === memberId) {
      newest.ms = nowMs;
      return;
    }
    this.leechSightings.unshift({ memberId, ms: nowMs });
    if (this.leechSightings.length > 2) this.leechSightings.pop();
  }

  /**
   * Whether a member other than `memberId` downloaded here since `sinceMs`: one was seen
   * downloading since then, or one is a live downloader now. `ownAllowance` bounds how
   * many of the member's own peers may sit among the live downloaders looked at.
   */
  otherLeechersSince(memberId: string, sinceMs: number, floorMs: number, ownAllowance: number): boolean {
    if (this.leechSightings.some((sighting) => sighting.memberId !== memberId && sighting.ms >= sinceMs)) return true;
    for (const peer of this.sets.leechers.rangeFrom({ atLeast: floorMs }, ownAllowance + 1)) {
      if (peer.memberId !== memberId) return true;
    }
    return false;
  }

  counts(floorMs: number): SwarmCounts {
    const downloaders = this.sets.leechers.countAtLeast(floorMs);
    return {
      complete: this.sets.seeders.countAtLeast(floorMs),
      incomplete: downloaders + this.sets.partials.countAtLeast(floorMs),
      downloaders,
      downloaded: this.completed,
    };
  }

  /**
   * Takes up to `want` live peers of one kind, never the requesting member's. A set that
   * fits is taken whole; a larger one is walked on from where the previous pick stopped,
   * wrapping once, so successive announces hand out every peer in turn. `liveSize` is
   * the set's count of live peers; `ownAllowance` how many of the member's own peers
   * may sit among the candidates. Returns how many were taken.
   */
  pick(
    kind: PeerKind,
    request: { want: number; memberId: string; floorMs: number; liveSize: number; ownAllowance: number },
    out: PickedPeers,
  ): number {
    const { want, memberId, floorMs, liveSize, ownAllowance } = request;
    if (want <= 0 || liveSize === 0) return 0;
    const set = this.sets[kind];
    let taken = 0;
    let last: number | undefined;
    const consume = (entries: readonly MemoryPeer[]): void => {
      for (const peer of entries) {
        if (taken === want) return;
        last = peer.score;
        if (peer.memberId === memberId) continue;
        if (peer.address4 !== undefined) out.peers4.push(peer.address4);
        if (peer.address6 !== undefined) out.peers6.push(peer.address6);
        taken += 1;
      }
    };
    if (liveSize <= want) {
      consume(set.rangeFrom({ atLeast: floorMs }, liveSize));
      return taken;
    }
    const cursor = this.cursors[kind];
    const resumes = cursor !== undefined && cursor >= floorMs;
    consume(set.rangeFrom(resumes ? { above: cursor } : { atLeast: floorMs }, want + ownAllowance));
    if (taken < want && resumes) consume(set.rangeBetween(floorMs, cursor, want - taken + ownAllowance));
    if (last !== undefined) this.cursors[kind] = last;
    return taken;
  }

  /** The swarm's announce sequence so far (drives scores and the sweep turn). */
  get announceSequence(): number {
    return this.sequence;
  }
}
