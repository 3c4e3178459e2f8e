// A tiny sorted set (score → peer key) with the range queries the Redis store runs as
// ZRANGEBYSCORE/ZCOUNT, so both stores hand out the same peers in the same order.

export interface ScoredKey {
  readonly score: number;
  readonly key: string;
}

export class SortedPeers {
  private readonly entries: ScoredKey[] = [];

  get size(): number {
    return this.entries.length;
  }

  insert(score: number, key: string): void {
    const entries = this.entries;
    const last = entries[entries.length - 1];
    // Scores grow with time, so an upsert almost always appends.
    if (last === undefined || last.score < score) {
      entries.push({ score, key });
      return;
    }
    entries.splice(this.firstIndexAtLeast(score), 0, { score, key });
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
  rangeFrom(bound: { above: number } | { atLeast: number }, limit: number): ScoredKey[] {
    const start =
      'above' in bound ? this.firstIndexAbove(bound.above) : this.firstIndexAtLeast(bound.atLeast);
    return this.entries.slice(start, start + limit);
  }

  /** Entries with atLeast ≤ score ≤ atMost, lowest first. */
  rangeBetween(atLeast: number, atMost: number, limit: number): ScoredKey[] {
    const start = this.firstIndexAtLeast(atLeast);
    const end = Math.min(this.firstIndexAbove(atMost), start + limit);
    return this.entries.slice(start, Math.max(start, end));
  }

  /** Entries with score < `below`, lowest first. */
  rangeBelow(below: number, limit: number): ScoredKey[] {
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
