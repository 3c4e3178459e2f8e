// A short-lived, per-process cache in front of a SearchIndex. Members repeat the same
// searches (a release everyone waits for, the page after this one), and ranking the
// matches is most of a search's cost (several ms of PostgreSQL per query at 100,000
// torrents). Only the ranked ids are cached: the rows a page shows are read fresh.
// A tenant's entries are dropped when one of its torrents changes (the site calls
// invalidateTenant from the Redis invalidation channel), and expire after ttlMs anyway.
// A ranking in steady use is recomputed in the background shortly before it expires,
// so members do not wait for the ranking every ttlMs.
import type { SearchIndex, SearchQuery, SearchResult } from './search-index';

export interface CachedSearchIndex extends SearchIndex {
  /** Forget every cached result of a tenant (a torrent was added, approved, edited or deleted). */
  invalidateTenant(tenantId: string): void;
  /** Forget everything. */
  clear(): void;
  /** Rankings held now (in use or computing). */
  size(): number;
}

export interface SearchCacheOptions {
  /** How long a ranking is reused. Default 10 s. */
  ttlMs?: number;
  /** Entries kept per process before the oldest go. Default 5,000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  tenantId: string;
  at: number;
  result: Promise<SearchResult>;
  refreshing?: boolean;
}

/** Share of the TTL after which a ranking that is asked for again is recomputed. */
const REFRESH_AHEAD = 0.7;

function cacheKey(query: SearchQuery): string | undefined {
  // A set of torrent ids is one member's own ("what I seed"): not worth sharing.
  if (query.filters?.torrentIds) return undefined;
  const filters = query.filters ?? {};
  return JSON.stringify([
    query.tenantId,
    query.text.replace(/\s+/g, ' ').trim().toLowerCase(),
    query.limit,
    query.offset ?? 0,
    filters.category ?? null,
    filters.tag?.toLowerCase() ?? null,
    filters.freeleech ?? false,
  ]);
}

export function cachedSearchIndex(inner: SearchIndex, options: SearchCacheOptions = {}): CachedSearchIndex {
  const ttlMs = options.ttlMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 5000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  // Bumped by invalidateTenant: a search that started before it is not stored after it.
  const generations = new Map<string, number>();

  /** Keeps `result` under `key` unless it fails or the tenant changed meanwhile. */
  function store(key: string, query: SearchQuery, result: Promise<SearchResult>): Promise<SearchResult> {
    const generation = generations.get(query.tenantId) ?? 0;
    const at = now();
    // Expired rankings go as soon as a new one comes, oldest first (every entry is set
    // anew, so the map is in age order): a flood of texts nobody repeats keeps the last
    // ttlMs of rankings, not the last maxEntries.
    for (const [oldKey, old] of entries) {
      if (at - old.at < ttlMs) break;
      entries.delete(oldKey);
    }
    // Concurrent identical searches share one query; a failure is never cached.
    const entry: Entry = { tenantId: query.tenantId, at, result };
    entries.set(key, entry);
    result.then(
      () => {
        if ((generations.get(query.tenantId) ?? 0) !== generation && entries.get(key) === entry) entries.delete(key);
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    return result;
  }

  /** Recomputes a ranking still in use; the old one serves until the new one is ready. */
  function refresh(key: string, query: SearchQuery, current: Entry): void {
    current.refreshing = true;
    const generation = generations.get(query.tenantId) ?? 0;
    inner.search(query).then(
      (result) => {
        if (entries.get(key) !== current || (generations.get(query.tenantId) ?? 0) !== generation) return;
        // Deleted and set, not overwritten: the fresh ranking goes to the end (age order).
        entries.delete(key);
        entries.set(key, { tenantId: query.tenantId, at: now(), result: Promise.resolve(result) });
      },
      () => {
        current.refreshing = false;
      },
    );
  }

  return {
    search(query) {
      const key = cacheKey(query);
      if (key === undefined || ttlMs <= 0) return inner.search(query);
      const hit = entries.get(key);
      const age = hit ? now() - hit.at : Infinity;
      if (hit && age < ttlMs) {
        if (age >= ttlMs * REFRESH_AHEAD && !hit.refreshing) refresh(key, query, hit);
        return hit.result;
      }
      if (hit) entries.delete(key);
      return store(key, query, inner.search(query));
    },
    // Requests change with every vote and fill; their searches are rare: not cached.
    searchRequests(query) {
      return inner.searchRequests(query);
    },
    // Forum posts change with every reply, and the hits depend on the member's forums.
    searchForumPosts(query) {
      return inner.searchForumPosts(query);
    },
    invalidateTenant(tenantId) {
      generations.set(tenantId, (generations.get(tenantId) ?? 0) + 1);
      for (const [key, entry] of entries) {
        if (entry.tenantId === tenantId) entries.delete(key);
      }
    },
    clear() {
      entries.clear();
      generations.clear();
    },
    size() {
      return entries.size;
    },
  };
}
