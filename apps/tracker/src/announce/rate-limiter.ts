// Token buckets for announce rate limits: per tenant (the plan's budget, so one
// community cannot starve the others of the shared pool) and per passkey (the tenant's
// setting, against a runaway client). Budgets are for the whole pool, so each worker
// refills at its share (budget / workers) and allows one second of its share as burst.

interface Bucket {
  tokens: number;
  updatedMs: number;
  ratePerSecond: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  /** `maxKeys` bounds memory: past it, buckets idle for over a second are dropped. */
  constructor(
    private readonly workerCount: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token; false when `key` is over its budget right now. */
  take(key: string, perSecondForPool: number, nowMs: number): boolean {
    const ratePerSecond = Math.max(perSecondForPool / this.workerCount, 1);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxKeys) this.dropIdle(nowMs);
      bucket = { tokens: ratePerSecond, updatedMs: nowMs, ratePerSecond };
      this.buckets.set(key, bucket);
    } else {
      if (bucket.ratePerSecond !== ratePerSecond) {
        bucket.ratePerSecond = ratePerSecond;
        bucket.tokens = Math.min(bucket.tokens, ratePerSecond);
      }
      const elapsedMs = nowMs - bucket.updatedMs;
      if (elapsedMs > 0) {
        bucket.tokens = Math.min(ratePerSecond, bucket.tokens + (elapsedMs * ratePerSecond) / 1000);
        bucket.updatedMs = nowMs;
      }
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** A bucket untouched for a second is full again: forgetting it changes nothing. */
  private dropIdle(nowMs: number): void {
    for (const [key, bucket] of this.buckets) if (nowMs - bucket.updatedMs >= 1000) this.buckets.delete(key);
    if (this.buckets.size >= this.maxKeys) this.buckets = new Map();
  }
}
