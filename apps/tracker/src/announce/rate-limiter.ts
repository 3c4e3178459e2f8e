// Token buckets for announce rate limits: per tenant (the plan's budget, so one
// community cannot starve the others of the shared pool) and per passkey (the tenant's
// setting, against a runaway client). Budgets are for the whole pool: each worker
// refills at exactly its share (budget / workers, fractions kept), so the pool never
// sustains more than the budget. A bucket holds one second of the share, but at least
// one token, or a share below 1/s could never be spent: with a budget below the worker
// count, up to one request per worker may pass at once, then the pool refills at the budget.

interface Bucket {
  tokens: number;
  updatedMs: number;
  ratePerSecond: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private readonly keyLimit: number;

  /** `maxKeys` bounds memory: past it, buckets idle for over a second are dropped. */
  constructor(
    private readonly workerCount: number,
    maxKeys = 100_000,
  ) {
    this.keyLimit = maxKeys;
  }

  /** Takes one token; false when `key` is over its budget right now. */
  take(key: string, perSecondForPool: number, nowMs: number): boolean {
    const ratePerSecond = perSecondForPool / this.workerCount;
    const capacity = Math.max(ratePerSecond, 1);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.keyLimit) this.dropIdle(nowMs);
      bucket = { tokens: capacity, updatedMs: nowMs, ratePerSecond };
      this.buckets.set(key, bucket);
    } else {
      if (bucket.ratePerSecond !== ratePerSecond) {
        bucket.ratePerSecond = ratePerSecond;
        bucket.tokens = Math.min(bucket.tokens, capacity);
      }
      const elapsedMs = nowMs - bucket.updatedMs;
      if (elapsedMs > 0) {
        bucket.tokens = Math.min(capacity, bucket.tokens + (elapsedMs * ratePerSecond) / 1000);
        bucket.updatedMs = nowMs;
      }
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** A full bucket is as good as a new one: forgetting it changes nothing. */
  private dropIdle(nowMs: number): void {
    for (const [key, bucket] of this.buckets) {
      const capacity = Math.max(bucket.ratePerSecond, 1);
      if (bucket.tokens + ((nowMs - bucket.updatedMs) * bucket.ratePerSecond) / 1000 >= capacity) this.buckets.delete(key);
    }
    if (this.buckets.size >= this.keyLimit) this.buckets = new Map();
  }
}
