// Meilisearch adapter of the search port: one shared torrent index, every document
// tagged with its tenant, every search filtered by the tenant (query.ts builds the
// filter from the query's required tenantId and checks each hit's tenant again).
// Requests are answered by PostgreSQL: they change with every vote and fill and are
// searched rarely, so they are not copied into Meilisearch.
import { MeilisearchApiError, type Meilisearch } from 'meilisearch';
import type { RequestSearchHit, RequestSearchQuery, SearchIndex, SearchQuery, SearchResult } from '../search-index';
import { fromMeilisearchHits, toMeilisearchRequest } from './query';

export interface MeilisearchSearchIndexOptions {
  client: Meilisearch;
  /** The torrent index (settings.ts torrentIndexUid). */
  indexUid: string;
  /** Who answers request searches (the PostgreSQL adapter). */
  requests: Pick<SearchIndex, 'searchRequests'>;
}

export function createMeilisearchSearchIndex(options: MeilisearchSearchIndexOptions): SearchIndex {
  const index = options.client.index(options.indexUid);
  return {
    async search(query: SearchQuery): Promise<SearchResult> {
      const request = toMeilisearchRequest(query);
      if (!request) return { hits: [], hasMore: false };
      try {
        const response = await index.search(request.text, request.params);
        return fromMeilisearchHits(query.tenantId, response.hits, request.pageSize);
      } catch (error) {
        // No worker has prepared the index yet (a fresh server): nothing is indexed.
        if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return { hits: [], hasMore: false };
        throw error;
      }
    },
    searchRequests(query: RequestSearchQuery): Promise<RequestSearchHit[]> {
      return options.requests.searchRequests(query);
    },
  };
}
