// A short-lived, per-process cache of torrent list and search pages. Browsing members
// ask for the same few pages over and over (the front page of the list, the search
// everyone types after a release), and every such page is one SQL statement plus its
// JSON: under load that statement and its round trip are most of the call. A page that
// is the same for every member of a tenant (no "mine" filter) is kept for ttlMs:
// swarm figures may lag by that much (they lag the tracker's flush anyway, and open
// pages get them live), while any change to a torrent or to the tenant drops the
// tenant's pages at once: the process that made the change drops them before it tells
// the others (see localFirstPublisher), the others when the invalidation reaches them.

export interface PageCache {
  /**
   * The cached value under (tenantId, key), or `compute()`'s, kept for the TTL.
   * Concurrent callers of one key share one computation; a failure is never kept.
   */
  get<T>(tenantId: string, key: string, compute: () => Promise<T>): Promise<T>;
  /** Forget every page of a tenant (a torrent or the tenant's settings changed). */
  invalidateTenant(tenantId: string): void;
  clear(): void;
  /** Pages held now (in use or computing). */
  size(): number;
}

export interface PageCacheOptions {
  /** How long a page is reused. 0 turns the cache off. */
  ttlMs: number;
  /** Pages kept per process before the oldest go. Default 2,000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  tenantId: string;
  at: number;
  value: Promise<unknown>;
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const { ttlMs } = options;
  const maxEntries = options.maxEntries ?? 2000;
  const now = options.now ?? Date.now;
  // A page is kept from the moment its computation starts, so an invalidation also drops
  // one still being read (its rows may predate the change): its callers get it, later
  // callers read again.
  const entries = new Map<string, Entry>();

  function keep(cacheKey: string, tenantId: string, value: Promise<unknown>): void {
    const at = now();
    // Expired pages go as soon as a new one comes, oldest first (a page is always set
    // anew, so the map is in age order): a flood of searches nobody repeats keeps the last
    // ttlMs of pages, not the last maxEntries, and the process's heap does not grow with it.
    for (const [key, old] of entries) {
      if (at - old.at < ttlMs) break;
      entries.delete(key);
    }
    const entry: Entry = { tenantId, at, value };
    entries.set(cacheKey, entry);
    value.catch(() => {
      if (entries.get(cacheKey) === entry) entries.delete(cacheKey);
    });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
  }

  return {
    get<T>(tenantId: string, key: string, compute: () => Promise<T>): Promise<T> {
      if (ttlMs <= 0) return compute();
      const cacheKey = `${tenantId}\0${key}`;
      const hit = entries.get(cacheKey);
      if (hit && now() - hit.at < ttlMs) return hit.value as Promise<T>;
      if (hit) entries.delete(cacheKey);
      const value = compute();
      keep(cacheKey, tenantId, value);
      return value;
    },
    invalidateTenant(tenantId) {
      for (const [cacheKey, entry] of entries) {
        if (entry.tenantId === tenantId) entries.delete(cacheKey);
      }
    },
    clear() {
      entries.clear();
    },
    size() {
      return entries.size;
    },
  };
}
