import { describe, expect, it } from 'vitest';
import { fromMeilisearchHits, quoteFilterValue, tenantFilter, toMeilisearchRequest, torrentFilter } from './query';

const TENANT = '0b7d3c1e-2f4a-4c5b-8d6e-7f8091a2b3c4';
const OTHER = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const TORRENT = '11111111-2222-4333-8444-555555555555';

describe('the tenant filter', () => {
  it('comes first in every filter and names the tenant in lower case', () => {
    expect(tenantFilter(TENANT.toUpperCase())).toBe(`tenantId = "${TENANT}"`);
    expect(torrentFilter(TENANT)).toBe(`tenantId = "${TENANT}"`);
    expect(torrentFilter(TENANT, { category: 'movies', tag: 'HDR', freeleech: true })).toBe(
      `tenantId = "${TENANT}" AND category = "movies" AND tags = "hdr" AND freeleechPercent > 0`,
    );
  });

  it('refuses a tenant id that is not a uuid, so nothing can be spliced into the filter', () => {
    expect(() => torrentFilter('')).toThrow(/tenant id must be a uuid/);
    expect(() => torrentFilter(`${TENANT}" OR tenantId != "x`)).toThrow(/tenant id must be a uuid/);
    expect(() => toMeilisearchRequest({ tenantId: 'demo', text: 'x', limit: 5 })).toThrow(/tenant id must be a uuid/);
  });

  it('quotes filter values so a category or tag cannot end the string', () => {
    expect(quoteFilterValue('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(torrentFilter(TENANT, { category: '" OR tenantId EXISTS OR category = "' })).toBe(
      `tenantId = "${TENANT}" AND category = "\\" OR tenantId EXISTS OR category = \\""`,
    );
  });

  it('limits to a set of torrents, keeps only uuids, and knows an empty set matches nothing', () => {
    expect(torrentFilter(TENANT, { torrentIds: [TORRENT, 'not-an-id'] })).toBe(`tenantId = "${TENANT}" AND id IN ["${TORRENT}"]`);
    expect(torrentFilter(TENANT, { torrentIds: [] })).toBeUndefined();
    expect(torrentFilter(TENANT, { torrentIds: ['x'] })).toBeUndefined();
  });
});

describe('query mapping', () => {
  it('asks for one more hit than the page, every word required, scores and ids only', () => {
    const request = toMeilisearchRequest({ tenantId: TENANT, text: '  Sintel   2010 ', limit: 25, offset: 50, filters: { freeleech: true } });
    expect(request).toEqual({
      text: 'Sintel 2010',
      pageSize: 25,
      params: {
        filter: `tenantId = "${TENANT}" AND freeleechPercent > 0`,
        limit: 26,
        offset: 50,
        matchingStrategy: 'all',
        showRankingScore: true,
        attributesToRetrieve: ['id', 'tenantId'],
      },
    });
  });

  it('keeps page sizes and offsets in bounds and sends nothing for blank text or an empty set', () => {
    expect(toMeilisearchRequest({ tenantId: TENANT, text: 'x', limit: 5000, offset: -3 })?.params).toMatchObject({ limit: 201, offset: 0 });
    expect(toMeilisearchRequest({ tenantId: TENANT, text: 'x', limit: 0 })?.params.limit).toBe(2);
    expect(toMeilisearchRequest({ tenantId: TENANT, text: '  \n ', limit: 5 })).toBeUndefined();
    expect(toMeilisearchRequest({ tenantId: TENANT, text: 'x', limit: 5, filters: { torrentIds: [] } })).toBeUndefined();
  });

  it('reads hits back in order, tells whether more exist, and drops any hit of another tenant', () => {
    const hits = [
      { id: 'a', tenantId: TENANT, _rankingScore: 0.9 },
      { id: 'intruder', tenantId: OTHER, _rankingScore: 0.8 },
      { id: 'no-tenant', _rankingScore: 0.7 },
      { id: 'b', tenantId: TENANT },
      { id: 'c', tenantId: TENANT, _rankingScore: 0.1 },
    ];
    expect(fromMeilisearchHits(TENANT, hits, 2)).toEqual({
      hits: [
        { torrentId: 'a', score: 0.9 },
        { torrentId: 'b', score: 0 },
      ],
      hasMore: true,
    });
    expect(fromMeilisearchHits(TENANT, hits, 3).hasMore).toBe(false);
  });
});
