import { describe, expect, it } from 'vitest';
import { SortedPeers } from './sorted-peers.js';

describe('SortedPeers', () => {
  it('keeps entries ordered by score and answers range queries like ZRANGEBYSCORE', () => {
    const set = new SortedPeers();
    for (const [score, key] of [[5, 'e'], [1, 'a'], [3, 'c'], [2, 'b'], [4, 'd']] as const) set.insert({ score, key });
    const keys = (entries: { key: string }[]) => entries.map((entry) => entry.key);
    expect(keys(set.rangeFrom({ atLeast: 2 }, 10))).toEqual(['b', 'c', 'd', 'e']);
    expect(keys(set.rangeFrom({ above: 2 }, 2))).toEqual(['c', 'd']);
    expect(keys(set.rangeBetween(2, 4, 10))).toEqual(['b', 'c', 'd']);
    expect(keys(set.rangeBelow(3, 10))).toEqual(['a', 'b']);
    expect(set.countAtLeast(4)).toBe(2);
    set.remove(3, 'c');
    set.remove(3, 'missing');
    expect(set.size).toBe(4);
    expect(set.highestScore()).toBe(5);
  });
});
