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
