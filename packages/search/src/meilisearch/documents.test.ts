import { describe, expect, it } from 'vitest';
import { changedSwarmCounts, DESCRIPTION_INDEXED_CHARACTERS, inBatches, toTorrentDocument, type TorrentRow } from './documents';

const TENANT = '0b7d3c1e-2f4a-4c5b-8d6e-7f8091a2b3c4';

const row: TorrentRow = {
  id: '11111111-2222-4333-8444-555555555555',
  tenantId: TENANT,
  name: 'Sintel 2010 1080p',
  description: 'x'.repeat(DESCRIPTION_INDEXED_CHARACTERS + 10),
  category: 'movies',
  tags: ['HDR', 'open-movie', 'hdr'],
  freeleechPercent: 50,
  doubleUpload: true,
  size: 1_234_567_890n,
  seeders: 4,
  leechers: 2,
  timesCompleted: 9,
  createdAt: new Date('2026-12-01T10:00:00.500Z'),
};

describe('document mapping', () => {
  it('carries the tenant, lower-cased unique tags, a number size, unix-second dates and the write time', () => {
    const document = toTorrentDocument(row, 1_765_000_000_000);
    expect(document).toEqual({
      id: row.id,
      tenantId: TENANT,
      name: 'Sintel 2010 1080p',
      description: 'x'.repeat(DESCRIPTION_INDEXED_CHARACTERS),
      category: 'movies',
      tags: ['hdr', 'open-movie'],
      freeleechPercent: 50,
      doubleUpload: true,
      size: 1_234_567_890,
      seeders: 4,
      leechers: 2,
      timesCompleted: 9,
      createdAt: Date.parse('2026-12-01T10:00:00Z') / 1000,
      indexedAt: 1_765_000_000_000,
    });
    expect(toTorrentDocument({ ...row, category: null, tags: [] }, 0)).toMatchObject({ category: null, tags: [] });
  });
});

describe('swarm count batching', () => {
  const counts = (id: string, seeders: number, leechers = 0, timesCompleted = 0) => ({ id, seeders, leechers, timesCompleted });

  it('sends every torrent the first time, then only those whose counts changed', () => {
    const sent = new Map<string, string>();
    const first = changedSwarmCounts(TENANT, [counts('a', 1), counts('b', 2), counts('c', 0)], sent);
    expect(first.map((update) => update.id)).toEqual(['a', 'b', 'c']);
    expect(first[0]).toEqual({ tenantId: TENANT, id: 'a', seeders: 1, leechers: 0, timesCompleted: 0 });
    expect(changedSwarmCounts(TENANT, [counts('a', 1), counts('b', 2), counts('c', 0)], sent)).toEqual([]);
    const second = changedSwarmCounts(TENANT, [counts('a', 1), counts('b', 2, 1), counts('c', 0, 0, 1), counts('d', 0)], sent);
    expect(second.map((update) => update.id)).toEqual(['b', 'c', 'd']);
  });

  it('cuts updates into batches of at most the given size, in order', () => {
    const items = Array.from({ length: 2501 }, (_, index) => index);
    const batches = inBatches(items, 1000);
    expect(batches.map((batch) => batch.length)).toEqual([1000, 1000, 501]);
    expect(batches.flat()).toEqual(items);
    expect(inBatches([], 10)).toEqual([]);
    expect(() => inBatches(items, 0)).toThrow(/at least 1/);
  });
});
