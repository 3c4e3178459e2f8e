import { describe, expect, it } from 'vitest';
import { TenantRateLimiter } from './rate-limiter';

describe('TenantRateLimiter', () => {
  it('allows one second of the worker share as a burst, then refills over time', () => {
    const limiter = new TenantRateLimiter(2);
    const allowed = Array.from({ length: 8 }, () => limiter.take('t1', 10, 0)).filter(Boolean).length;
    expect(allowed).toBe(5);
    expect(limiter.take('t1', 10, 100)).toBe(false);
    expect(limiter.take('t1', 10, 200)).toBe(true);
  });

  it('keeps tenants apart', () => {
    const limiter = new TenantRateLimiter(1);
    expect(limiter.take('t1', 1, 0)).toBe(true);
    expect(limiter.take('t1', 1, 0)).toBe(false);
    expect(limiter.take('t2', 1, 0)).toBe(true);
  });
});
