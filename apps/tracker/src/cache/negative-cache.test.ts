import { describe, expect, it } from 'vitest';
import { NegativeCache } from './negative-cache';

describe('NegativeCache', () => {
  it('forgets a key after its time to live', () => {
    const cache = new NegativeCache(1000, 10);
    cache.add('a', 0);
    expect(cache.has('a', 999)).toBe(true);
    expect(cache.has('a', 1000)).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('evicts the oldest entries past its bound', () => {
    const cache = new NegativeCache(1000, 2);
    cache.add('a', 0);
    cache.add('b', 0);
    cache.add('c', 0);
    expect(cache.has('a', 1)).toBe(false);
    expect(cache.has('b', 1)).toBe(true);
    expect(cache.has('c', 1)).toBe(true);
  });
});
