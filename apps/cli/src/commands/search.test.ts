import { describe, expect, it } from 'vitest';
import { progressLine } from './search';

describe('search:reindex progress', () => {
  it('draws a bar on a terminal', () => {
    expect(progressLine({ indexed: 0, total: 2000 }, true)).toBe(`[${'-'.repeat(30)}]   0%  0/2000 torrents`);
    expect(progressLine({ indexed: 1000, total: 2000 }, true)).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}]  50%  1000/2000 torrents`);
    expect(progressLine({ indexed: 2000, total: 2000 }, true)).toBe(`[${'#'.repeat(30)}] 100%  2000/2000 torrents`);
  });

  it('prints plain lines otherwise, and a tenant without torrents is done at once', () => {
    expect(progressLine({ indexed: 1000, total: 3000 }, false)).toBe('reindex: 1000/3000 torrents (33%)');
    expect(progressLine({ indexed: 0, total: 0 }, false)).toBe('reindex: 0/0 torrents (100%)');
  });
});
