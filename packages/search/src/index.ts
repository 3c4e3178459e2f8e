export {
  MAX_QUERY_LENGTH,
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
