// The writing side of search: what the worker and the CLI call to keep an engine's
// index in step with PostgreSQL. Every method takes the tenant; nothing writes or
// deletes outside it. PostgreSQL search needs none of it (its indexes are the torrents
// and forum tables themselves), so its indexer does nothing and says so.
export interface ReindexProgress {
  /** What is being written: the torrents first, then the forum posts. */
  documents: 'torrents' | 'forum posts';
  /** Documents of that kind written so far. */
  indexed: number;
  /** Approved torrents (or forum posts) of the tenant when that part started. */
  total: number;
}

export interface ReindexCounts {
  indexed: number;
  total: number;
  /** Documents of the tenant the reindex did not rewrite (gone from PostgreSQL), removed. */
  removed: number;
}

/** The torrents' counts, and the forum posts' apart. */
export interface ReindexResult extends ReindexCounts {
  forumPosts: ReindexCounts;
}

export interface SearchIndexer {
  readonly backend: 'postgres' | 'meilisearch';
  /** Creates the index if needed and applies its settings (searchable, filterable, sortable, typos). */
  prepare(): Promise<void>;
  /** Brings these torrents of the tenant up to date: approved ones written, every other removed. */
  syncTorrents(tenantId: string, torrentIds: readonly string[]): Promise<void>;
  /** Brings these forum posts of the tenant up to date: existing ones written, every other removed. */
  syncForumPosts(tenantId: string, postIds: readonly string[]): Promise<void>;
  /**
   * Rewrites every post of a topic (after a move or a merge: forum, topic or positions
   * changed) and removes the tenant's documents still filed under it (a merged-away topic).
   */
  syncForumTopic(tenantId: string, topicId: string): Promise<void>;
  /** Sends the tenant's changed seeders/leechers/completions in batches; returns how many torrents were sent. */
  refreshSwarmCounts(tenantId: string): Promise<number>;
  /** Rewrites every approved torrent and every forum post of the tenant, then removes the tenant's documents it did not rewrite. */
  reindexTenant(tenantId: string, onProgress?: (progress: ReindexProgress) => void): Promise<ReindexResult>;
  /** Removes every document of the tenant (the tenant is being deleted). */
  removeTenant(tenantId: string): Promise<void>;
}

/** PostgreSQL indexes torrents and forum posts as they are written (generated tsvector, trigram GIN). */
export function createPostgresSearchIndexer(): SearchIndexer {
  return {
    backend: 'postgres',
    prepare: async () => {},
    syncTorrents: async () => {},
    syncForumPosts: async () => {},
    syncForumTopic: async () => {},
    refreshSwarmCounts: async () => 0,
    reindexTenant: async () => ({ indexed: 0, total: 0, removed: 0, forumPosts: { indexed: 0, total: 0, removed: 0 } }),
    removeTenant: async () => {},
  };
}
