// Picks the search engine from the parsed settings (packages/config searchShape):
// PostgreSQL unless SEARCH_BACKEND=meilisearch. The site builds its SearchIndex here,
// the worker and the CLI their SearchIndexer, so all three use the same index.
import { Meilisearch } from 'meilisearch';
import { createMeilisearchIndexer } from './meilisearch/meilisearch-indexer';
import { createMeilisearchSearchIndex } from './meilisearch/meilisearch-search-index';
import { forumPostIndexUid, torrentIndexUid } from './meilisearch/settings';
import { createPostgresSearchIndex } from './postgres-search-index';
import type { SearchIndex } from './search-index';
import { createPostgresSearchIndexer, type SearchIndexer } from './search-indexer';

/** The variables of packages/config's searchShape. */
export interface SearchBackendSettings {
  SEARCH_BACKEND: 'postgres' | 'meilisearch';
  MEILISEARCH_URL?: string | undefined;
  MEILISEARCH_KEY?: string | undefined;
  MEILISEARCH_INDEX_PREFIX: string;
}

function meilisearch(settings: SearchBackendSettings): { client: Meilisearch; indexUid: string; forumIndexUid: string } {
  if (!settings.MEILISEARCH_URL) throw new Error('MEILISEARCH_URL: must be set when SEARCH_BACKEND=meilisearch');
  const client = new Meilisearch({ host: settings.MEILISEARCH_URL, apiKey: settings.MEILISEARCH_KEY, clientAgents: ['swarmhost'] });
  return { client, indexUid: torrentIndexUid(settings.MEILISEARCH_INDEX_PREFIX), forumIndexUid: forumPostIndexUid(settings.MEILISEARCH_INDEX_PREFIX) };
}

export function createSearchIndex(settings: SearchBackendSettings): SearchIndex {
  const postgres = createPostgresSearchIndex();
  if (settings.SEARCH_BACKEND === 'postgres') return postgres;
  return createMeilisearchSearchIndex({ ...meilisearch(settings), requests: postgres });
}

export function createSearchIndexer(settings: SearchBackendSettings): SearchIndexer {
  if (settings.SEARCH_BACKEND === 'postgres') return createPostgresSearchIndexer();
  return createMeilisearchIndexer(meilisearch(settings));
}
