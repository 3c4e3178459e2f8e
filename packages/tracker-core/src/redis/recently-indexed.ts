// Remembers which swarms this process put into the swarm index lately, so most
// announces skip that ZADD. Safe because the reaper only needs every swarm with peers
// to be in the index; a deadline that lags is fine (the reaper then finds live peers
// and raises it). Re-indexing within half a TTL keeps the entry ahead of the reaper,
// which only removes a swarm whose indexed deadline has passed.

export class RecentlyIndexed {
  private readonly indexedAt = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** True when the swarm must be (re)indexed now; records that it is. */
  claim(id: string, nowMs: number, refreshMs: number): boolean {
    const last = this.indexedAt.get(id);
    if (last !== undefined && nowMs >= last && nowMs - last < refreshMs) return false;
    this.indexedAt.delete(id);
    this.indexedAt.set(id, nowMs);
    if (this.indexedAt.size > this.capacity) {
      const oldest = this.indexedAt.keys().next();
      if (oldest.done !== true) this.indexedAt.delete(oldest.value);
    }
    return true;
  }

  /** Forget a swarm (its index write failed). */
  forget(id: string): void {
    this.indexedAt.delete(id);
  }
}
