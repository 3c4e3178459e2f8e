import { describe, expect, it } from 'vitest';
import { cachedSearchIndex } from './cached-search-index';
import type { SearchIndex, SearchQuery, SearchResult } from './search-index';

function counting(result: (query: SearchQuery) => Promise<SearchResult> = async (query) => ({ hits: [{ torrentId: query.text, score: 1 }], hasMore: false })) {
  const calls: SearchQuery[] = [];
  const inner: SearchIndex = {
    search: (query) => {
      calls.push(query);
      return result(query);
    },
    searchRequests: async () => [],
    searchForumPosts: async () => [],
  };
  return { inner, calls };
}

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('cachedSearchIndex', () => {
  it('reuses a ranking for the same tenant, text, page and filters within the TTL', async () => {
    let clock = 0;
    const { inner, calls } = counting();
    const index = cachedSearchIndex(inner, { ttlMs: 1000, now: () => clock });
    await index.search({ tenantId: A, text: 'Sintel', limit: 25 });
    await index.search({ tenantId: A, text: ' sintel ', limit: 25 });
    expect(calls).toHaveLength(1);
    await index.search({ tenantId: B, text: 'sintel', limit: 25 });
    await index.search({ tenantId: A, text: 'sintel', limit: 25, offset: 25 });
    await index.search({ tenantId: A, text: 'sintel', limit: 25, filters: { category: 'movies' } });
    expect(calls).toHaveLength(4);
    clock = 1000;
    await index.search({ tenantId: A, text: 'sintel', limit: 25 });
    expect(calls).toHaveLength(5);
  });

  it('recomputes a ranking in use shortly before it expires, serving the old one meanwhile', async () => {
    let clock = 0;
    let version = 0;
    const { inner, calls } = counting(async () => ({ hits: [{ torrentId: `v${++version}`, score: 1 }], hasMore: false }));
    const index = cachedSearchIndex(inner, { ttlMs: 1000, now: () => clock });
    const first = async () => (await index.search({ tenantId: A, text: 'x', limit: 5 })).hits[0]?.torrentId;
    expect(await first()).toBe('v1');
    clock = 750;
    // Served at once from the old ranking; the new one replaces it when ready.
    expect(await first()).toBe('v1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toHaveLength(2);
    expect(await first()).toBe('v2');
    clock = 1400;
    expect(await first()).toBe('v2');
    expect(calls).toHaveLength(2);
  });

  it('drops expired rankings when a new one comes, a refreshed one counting from its refresh', async () => {
    let clock = 0;
    const { inner } = counting();
    const index = cachedSearchIndex(inner, { ttlMs: 1000, now: () => clock });
    // A flood of texts nobody repeats, 100 a second for 5 s: only the last second is held.
    for (let n = 0; n < 500; n++) {
      await index.search({ tenantId: A, text: `one-off ${n}`, limit: 25 });
      clock += 10;
    }
    expect(index.size()).toBe(100);
    // 'one-off 450' (set at 4,500 ms) is asked again at 5,300 ms and refreshed: it moves to
    // the end, so it does not shield the expired rankings set after it.
    clock = 5300;
    await index.search({ tenantId: A, text: 'one-off 450', limit: 25 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    clock = 6200;
    await index.search({ tenantId: A, text: 'later', limit: 25 });
    expect(index.size()).toBe(2); // 'one-off 450' (refreshed at 5,300 ms) and 'later'
  });

  it('forgets a tenant’s rankings when told, and only that tenant’s', async () => {
    const { inner, calls } = counting();
    const index = cachedSearchIndex(inner);
    await index.search({ tenantId: A, text: 'x', limit: 5 });
    await index.search({ tenantId: B, text: 'x', limit: 5 });
    index.invalidateTenant(A);
    await index.search({ tenantId: A, text: 'x', limit: 5 });
    await index.search({ tenantId: B, text: 'x', limit: 5 });
    expect(calls.map((query) => query.tenantId)).toEqual([A, B, A]);
  });

  it('does not keep a search that was running when the tenant changed', async () => {
    let release: () => void = () => {};
    const { inner, calls } = counting(
      (query) => new Promise((resolve) => (release = () => resolve({ hits: [{ torrentId: query.text, score: 1 }], hasMore: false }))),
    );
    const index = cachedSearchIndex(inner);
    const running = index.search({ tenantId: A, text: 'x', limit: 5 });
    index.invalidateTenant(A);
    release();
    await running;
    const again = index.search({ tenantId: A, text: 'x', limit: 5 });
    release();
    await again;
    expect(calls).toHaveLength(2);
  });

  it('never caches a failure or a member’s own torrent set', async () => {
    let fail = true;
    const { inner, calls } = counting(async () => {
      if (fail) throw new Error('down');
      return { hits: [], hasMore: false };
    });
    const index = cachedSearchIndex(inner);
    await expect(index.search({ tenantId: A, text: 'x', limit: 5 })).rejects.toThrow('down');
    fail = false;
    await index.search({ tenantId: A, text: 'x', limit: 5 });
    await index.search({ tenantId: A, text: 'x', limit: 5, filters: { torrentIds: [A] } });
    await index.search({ tenantId: A, text: 'x', limit: 5, filters: { torrentIds: [A] } });
    expect(calls).toHaveLength(4);
  });
});
