// Meilisearch adapter of the search port: one shared torrent index and one shared
// forum-post index, every document tagged with its tenant, every search filtered by the
// tenant (query.ts and forum-query.ts build the filter from the query's required tenantId
// and check each hit's tenant again; forum searches also by the readable forums).
// Requests are answered by PostgreSQL: they change with every vote and fill and are
// searched rarely, so they are not copied into Meilisearch.
import { MeilisearchApiError, type Meilisearch } from 'meilisearch';
import type { ForumPostSearchHit, ForumPostSearchQuery, RequestSearchHit, RequestSearchQuery, SearchIndex, SearchQuery, SearchResult } from '../search-index';
import { fromForumHits, toForumSearchRequest } from './forum-query';
import { fromMeilisearchHits, toMeilisearchRequest } from './query';

export interface MeilisearchSearchIndexOptions {
  client: Meilisearch;
  /** The torrent index (settings.ts torrentIndexUid). */
  indexUid: string;
  /** The forum-post index (settings.ts forumPostIndexUid). */
  forumIndexUid: string;
  /** Who answers request searches (the PostgreSQL adapter). */
  requests: Pick<SearchIndex, 'searchRequests'>;
}

/** No worker has prepared the index yet (a fresh server): nothing is indexed. */
const indexMissing = (error: unknown) => error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found';

export function createMeilisearchSearchIndex(options: MeilisearchSearchIndexOptions): SearchIndex {
  const index = options.client.index(options.indexUid);
  const forumIndex = options.client.index(options.forumIndexUid);
  return {
    async search(query: SearchQuery): Promise<SearchResult> {
      const request = toMeilisearchRequest(query);
      if (!request) return { hits: [], hasMore: false };
      try {
        const response = await index.search(request.text, request.params);
        return fromMeilisearchHits(query.tenantId, response.hits, request.pageSize);
      } catch (error) {
        if (indexMissing(error)) return { hits: [], hasMore: false };
        throw error;
      }
    },
    async searchForumPosts(query: ForumPostSearchQuery): Promise<ForumPostSearchHit[]> {
      const request = toForumSearchRequest(query);
      if (!request) return [];
      try {
        const response = await forumIndex.search(request.text, request.params);
        return fromForumHits(query.tenantId, response.hits);
      } catch (error) {
        if (indexMissing(error)) return [];
        throw error;
      }
    },
    searchRequests(query: RequestSearchQuery): Promise<RequestSearchHit[]> {
      return options.requests.searchRequests(query);
    },
  };
}
