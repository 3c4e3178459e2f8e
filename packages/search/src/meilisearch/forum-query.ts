// From a forum search to Meilisearch parameters, and back from its hits. The filter
// starts with the query's required tenant id (tenantFilter refuses anything but a uuid)
// and names the forums the member may read; every hit's tenant is checked again.
// Pure, unit-tested without a server.
import type { SearchParams } from 'meilisearch';
import { normaliseQueryText, type ForumPostSearchHit, type ForumPostSearchQuery } from '../search-index';
import { assertTenantId, quoteFilterValue, tenantFilter } from './query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same bound as the PostgreSQL adapter. */
export const MAX_FORUM_HITS = 200;

/** The tenant first, then the forums; undefined when no forum id is usable (nothing can match). */
export function forumPostFilter(tenantId: string, forumIds: readonly string[]): string | undefined {
  const tenant = tenantFilter(tenantId);
  const forums = forumIds.filter((id) => UUID.test(id)).map((id) => quoteFilterValue(id.toLowerCase()));
  if (forums.length === 0) return undefined;
  return `${tenant} AND forumId IN [${forums.join(', ')}]`;
}

export interface ForumSearchRequest {
  text: string;
  params: SearchParams & { filter: string; limit: number };
}

export function toForumSearchRequest(query: ForumPostSearchQuery): ForumSearchRequest | undefined {
  // Checked before anything else, so a bad tenant id fails even for blank text.
  assertTenantId(query.tenantId);
  const text = normaliseQueryText(query.text);
  if (text === '') return undefined;
  const filter = forumPostFilter(query.tenantId, query.forumIds);
  if (filter === undefined) return undefined;
  return {
    text,
    params: {
      filter,
      limit: Math.max(1, Math.min(Math.floor(query.limit), MAX_FORUM_HITS)),
      // Every word must match (with its typos), as PostgreSQL's websearch query requires.
      matchingStrategy: 'all',
      // The title is retrieved so its match positions are reported with it.
      attributesToRetrieve: ['id', 'tenantId', 'title'],
      showMatchesPosition: true,
    },
  };
}

interface RawForumHit {
  id?: unknown;
  tenantId?: unknown;
  _matchesPosition?: Record<string, unknown[] | undefined>;
}

/** The port's hits, in Meilisearch's order; a hit of another tenant is dropped. */
export function fromForumHits(tenantId: string, hits: readonly RawForumHit[]): ForumPostSearchHit[] {
  const tenant = assertTenantId(tenantId);
  const own: ForumPostSearchHit[] = [];
  for (const hit of hits) {
    if (hit.tenantId !== tenant || typeof hit.id !== 'string') continue;
    own.push({ postId: hit.id, titleMatch: (hit._matchesPosition?.title?.length ?? 0) > 0 });
  }
  return own;
}
