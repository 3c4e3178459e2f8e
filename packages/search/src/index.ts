export {
  MAX_QUERY_LENGTH,
  type ForumPostSearchHit,
  type ForumPostSearchQuery,
  normaliseQueryText,
  type RequestSearchHit,
  type RequestSearchQuery,
  type SearchFilters,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from './search-index';
export { createPostgresSearchIndex } from './postgres-search-index';
export { cachedSearchIndex, type CachedSearchIndex, type SearchCacheOptions } from './cached-search-index';
export { createSearchIndex, createSearchIndexer, type SearchBackendSettings } from './search-backend';
export { createPostgresSearchIndexer, type ReindexCounts, type ReindexProgress, type ReindexResult, type SearchIndexer } from './search-indexer';
export { createMeilisearchSearchIndex, type MeilisearchSearchIndexOptions } from './meilisearch/meilisearch-search-index';
export { createMeilisearchIndexer, type MeilisearchIndexerOptions } from './meilisearch/meilisearch-indexer';
export { forumPostIndexSettings, forumPostIndexUid, torrentIndexSettings, torrentIndexUid } from './meilisearch/settings';
