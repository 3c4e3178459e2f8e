// Remembers keys PostgreSQL did not know (unknown passkeys, unregistered info hashes)
// for a short while, so a client hammering a bad URL costs a map lookup, not a query.
// Bounded: past `maxEntries` the oldest entries go first (Map keeps insertion order).

export class NegativeCache {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  has(key: string, nowMs: number): boolean {
    const expiresAt = this.expiries.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt > nowMs) return true;
    this.expiries.delete(key);
    return false;
  }

  add(key: string, nowMs: number): void {
    this.expiries.delete(key);
    this.expiries.set(key, nowMs + this.ttlMs);
    while (this.expiries.size > this.maxEntries) {
      const oldest = this.expiries.keys().next();
      if (oldest.done === true) break;
      this.expiries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.expiries.delete(key);
  }

  clear(): void {
    this.expiries.clear();
  }

  get size(): number {
    return this.expiries.size;
  }
}
