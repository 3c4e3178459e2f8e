import { describe, expect, it } from 'vitest';
import { jitteredInterval } from './interval.js';

describe('jitteredInterval', () => {
  it('spreads the interval ±10% with the injected random source', () => {
    expect(jitteredInterval(1800, 300, () => 0)).toBe(1620);
    expect(jitteredInterval(1800, 300, () => 0.5)).toBe(1800);
    expect(jitteredInterval(1800, 300, () => 0.999999)).toBe(1980);
  });

  it('never goes below min interval', () => {
    expect(jitteredInterval(100, 95, () => 0)).toBe(95);
  });
});
