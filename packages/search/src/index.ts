export {
  MAX_QUERY_LENGTH,
  normaliseQueryText,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from './search-index';
export { createPostgresSearchIndex } from './postgres-search-index';
