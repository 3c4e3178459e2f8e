import { describe, expect, it } from 'vitest';
import { clusterKeySlot, hashTagOf } from './cluster-slot.js';

describe('clusterKeySlot', () => {
  it('matches the slots Redis Cluster documents', () => {
    // CRC16/XMODEM("123456789") = 0x31C3 = 12739.
    expect(clusterKeySlot('123456789')).toBe(12739);
    expect(clusterKeySlot('foo')).toBe(12182);
    expect(clusterKeySlot('bar')).toBe(5061);
  });

  it('hashes only the first non-empty hash tag', () => {
    expect(hashTagOf('{user1000}.following').toString()).toBe('user1000');
    expect(clusterKeySlot('{user1000}.following')).toBe(clusterKeySlot('{user1000}.followers'));
    expect(hashTagOf('foo{}{bar}').toString()).toBe('foo{}{bar}');
    expect(hashTagOf('foo{{bar}}zap').toString()).toBe('{bar');
    expect(hashTagOf('foo{bar}{zap}').toString()).toBe('bar');
  });
});
