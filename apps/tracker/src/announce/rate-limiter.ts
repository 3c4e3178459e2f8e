// Per-tenant token buckets, so one community's clients cannot starve the others of the
// shared worker pool. The plan's budget is for the whole pool, so each worker refills
// at its share (budget / workers); a burst of one second's share is allowed.

interface Bucket {
  tokens: number;
  updatedMs: number;
  ratePerSecond: number;
}

export class TenantRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly workerCount: number) {}

  /** Takes one token; false when the tenant is over its budget right now. */
  take(tenantId: string, announcesPerSecond: number, nowMs: number): boolean {
    const ratePerSecond = Math.max(announcesPerSecond / this.workerCount, 1);
    let bucket = this.buckets.get(tenantId);
    if (bucket === undefined) {
      bucket = { tokens: ratePerSecond, updatedMs: nowMs, ratePerSecond };
      this.buckets.set(tenantId, bucket);
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
}
