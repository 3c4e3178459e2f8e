// The writing side of search: what the worker and the CLI call to keep an engine's
// index in step with PostgreSQL. Every method takes the tenant; nothing writes or
// deletes outside it. PostgreSQL search needs none of it (its index is the torrents
// table itself), so its indexer does nothing and says so.
export interface ReindexProgress {
  /** Torrents written so far. */
  indexed: number;
  /** Approved torrents of the tenant when the reindex started. */
  total: number;
}

export interface ReindexResult extends ReindexProgress {
  /** Documents of the tenant the reindex did not rewrite (deleted or unapproved torrents), removed. */
  removed: number;
}

export interface SearchIndexer {
  readonly backend: 'postgres' | 'meilisearch';
  /** Creates the index if needed and applies its settings (searchable, filterable, sortable, typos). */
  prepare(): Promise<void>;
  /** Brings these torrents of the tenant up to date: approved ones written, every other removed. */
  syncTorrents(tenantId: string, torrentIds: readonly string[]): Promise<void>;
  /** Sends the tenant's changed seeders/leechers/completions in batches; returns how many torrents were sent. */
  refreshSwarmCounts(tenantId: string): Promise<number>;
  /** Rewrites every approved torrent of the tenant, then removes the tenant's documents it did not rewrite. */
  reindexTenant(tenantId: string, onProgress?: (progress: ReindexProgress) => void): Promise<ReindexResult>;
  /** Removes every document of the tenant (the tenant is being deleted). */
  removeTenant(tenantId: string): Promise<void>;
}

/** PostgreSQL indexes torrents as they are written (generated tsvector, trigram GIN). */
export function createPostgresSearchIndexer(): SearchIndexer {
  return {
    backend: 'postgres',
    prepare: async () => {},
    syncTorrents: async () => {},
    refreshSwarmCounts: async () => 0,
    reindexTenant: async () => ({ indexed: 0, total: 0, removed: 0 }),
    removeTenant: async () => {},
  };
}
