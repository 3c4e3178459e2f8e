import { describe, expect, it } from 'vitest';
import { RecentlyIndexed } from './recently-indexed.js';

describe('RecentlyIndexed', () => {
  it('asks for an index write once per refresh period per swarm', () => {
    const recent = new RecentlyIndexed(10);
    expect(recent.claim('a', 1000, 500)).toBe(true);
    expect(recent.claim('a', 1400, 500)).toBe(false);
    expect(recent.claim('a', 1500, 500)).toBe(true);
    // A clock that went backwards never suppresses a write.
    expect(recent.claim('a', 900, 500)).toBe(true);
    recent.forget('a');
    expect(recent.claim('a', 901, 500)).toBe(true);
  });

  it('forgets the oldest swarm beyond its capacity', () => {
    const recent = new RecentlyIndexed(2);
    recent.claim('a', 0, 1000);
    recent.claim('b', 0, 1000);
    recent.claim('c', 0, 1000);
    expect(recent.claim('b', 1, 1000)).toBe(false);
    expect(recent.claim('a', 1, 1000)).toBe(true);
  });
});
