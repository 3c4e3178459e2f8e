// A tiny sorted set (by score, then insertion) with the range queries peer selection
// and counting need (by score range, from a rotating cursor). It holds the scored items themselves (the swarm's peers), not copies: one
// array slot per peer.

export interface ScoredKey {
  readonly score: number;
  readonly key: string;
}

export class SortedPeers<T extends ScoredKey = ScoredKey> {
  private readonly entries: T[] = [];

  get size(): number {
    return this.entries.length;
  }

  insert(item: T): void {
    const entries = this.entries;
    const last = entries[entries.length - 1];
    // Scores grow with time, so an upsert almost always appends.
    if (last === undefined || last.score < item.score) {
      entries.push(item);
      return;
    }
    entries.splice(this.firstIndexAtLeast(item.score), 0, item);
  }

  remove(score: number, key: string): void {
    for (let index = this.firstIndexAtLeast(score); index < this.entries.length; index++) {
      const entry = this.entries[index];
      if (entry === undefined || entry.score !== score) return;
      if (entry.key === key) {
        this.entries.splice(index, 1);
        return;
      }
    }
  }

  /** Entries with score > `above` (or ≥ `atLeast` when given instead), lowest first. */
  rangeFrom(bound: { above: number } | { atLeast: number }, limit: number): T[] {
    const start =
      'above' in bound ? this.firstIndexAbove(bound.above) : this.firstIndexAtLeast(bound.atLeast);
    return this.entries.slice(start, start + limit);
  }

  /** Entries with atLeast ≤ score ≤ atMost, lowest first. */
  rangeBetween(atLeast: number, atMost: number, limit: number): T[] {
    const start = this.firstIndexAtLeast(atLeast);
    const end = Math.min(this.firstIndexAbove(atMost), start + limit);
    return this.entries.slice(start, Math.max(start, end));
  }

  /** Entries with score < `below`, lowest first. */
  rangeBelow(below: number, limit: number): T[] {
    return this.entries.slice(0, Math.min(this.firstIndexAtLeast(below), limit));
  }

  countAtLeast(atLeast: number): number {
    return this.entries.length - this.firstIndexAtLeast(atLeast);
  }

  highestScore(): number | undefined {
    return this.entries[this.entries.length - 1]?.score;
  }

  private firstIndexAtLeast(score: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.entries[middle]?.score ?? Infinity) < score) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private firstIndexAbove(score: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.entries[middle]?.score ?? Infinity) <= score) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
