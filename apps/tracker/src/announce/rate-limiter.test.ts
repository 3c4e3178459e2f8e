import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows one second of the worker share as a burst, then refills over time', () => {
    const limiter = new RateLimiter(2);
    const allowed = Array.from({ length: 8 }, () => limiter.take('t1', 10, 0)).filter(Boolean).length;
    expect(allowed).toBe(5);
    expect(limiter.take('t1', 10, 100)).toBe(false);
    expect(limiter.take('t1', 10, 200)).toBe(true);
  });

  it('refills a share below one a second at exactly that share, so the pool stays within its budget', () => {
    // 2 a second for a pool of 4 workers: each worker allows one every 2 seconds.
    const limiter = new RateLimiter(4);
    expect(limiter.take('p', 2, 0)).toBe(true);
    expect(limiter.take('p', 2, 1000)).toBe(false);
    expect(limiter.take('p', 2, 1999)).toBe(false);
    expect(limiter.take('p', 2, 2000)).toBe(true);
    const allowedInTenSeconds = Array.from({ length: 100 }, (_, tick) => limiter.take('q', 2, tick * 100)).filter(Boolean).length;
    expect(allowedInTenSeconds * 4).toBeLessThanOrEqual(2 * 10 + 4);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter(1);
    expect(limiter.take('t1', 1, 0)).toBe(true);
    expect(limiter.take('t1', 1, 0)).toBe(false);
    expect(limiter.take('t2', 1, 0)).toBe(true);
  });

  it('stays bounded, forgetting only buckets that are full again', () => {
    const limiter = new RateLimiter(1, 2);
    expect(limiter.take('a', 1, 0)).toBe(true);
    expect(limiter.take('b', 1, 0)).toBe(true);
    expect(limiter.take('c', 1, 500)).toBe(true);
    expect(limiter.take('c', 1, 500)).toBe(false);
    // 'a' and 'b' were not idle for a second, so the map was reset rather than grown:
    // 'a' starts over with a full bucket.
    expect(limiter.take('a', 1, 500)).toBe(true);
  });
});
