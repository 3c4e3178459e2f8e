import { describe, expect, it } from 'vitest';
import { progressLine } from './search';

describe('search:reindex progress', () => {
  const torrents = (indexed: number, total: number) => ({ documents: 'torrents' as const, indexed, total });

  it('draws a bar on a terminal', () => {
    expect(progressLine(torrents(0, 2000), true)).toBe(`[${'-'.repeat(30)}]   0%  0/2000 torrents`);
    expect(progressLine(torrents(1000, 2000), true)).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}]  50%  1000/2000 torrents`);
    expect(progressLine(torrents(2000, 2000), true)).toBe(`[${'#'.repeat(30)}] 100%  2000/2000 torrents`);
    expect(progressLine({ documents: 'forum posts', indexed: 5, total: 10 }, true)).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}]  50%  5/10 forum posts`);
  });

  it('prints plain lines otherwise, naming what is written, and a tenant without any is done at once', () => {
    expect(progressLine(torrents(1000, 3000), false)).toBe('reindex: 1000/3000 torrents (33%)');
    expect(progressLine(torrents(0, 0), false)).toBe('reindex: 0/0 torrents (100%)');
    expect(progressLine({ documents: 'forum posts', indexed: 250, total: 1000 }, false)).toBe('reindex: 250/1000 forum posts (25%)');
  });
});
