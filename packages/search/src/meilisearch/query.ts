// From the search port's query to Meilisearch search parameters, and back from its hits.
// The tenant filter is built here and nowhere else: `torrentFilter` cannot be called
// without a tenant id, puts it first, and refuses anything that is not a uuid, so no
// caller can search the shared index across tenants. Pure, unit-tested without a server.
import type { SearchParams } from 'meilisearch';
import { normaliseQueryText, type SearchFilters, type SearchHit, type SearchQuery, type SearchResult } from '../search-index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same bounds as the PostgreSQL adapter: at most 200 hits a page. */
export const MAX_PAGE = 200;

export function assertTenantId(tenantId: string): string {
  if (!UUID.test(tenantId)) throw new Error(`search: the tenant id must be a uuid, got ${JSON.stringify(tenantId)}`);
  return tenantId.toLowerCase();
}

/** A string literal of Meilisearch's filter syntax: double quotes, `\` escaping `"` and `\`. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The tenant filter alone (deletes by filter use it too). */
export function tenantFilter(tenantId: string): string {
  return `tenantId = ${quoteFilterValue(assertTenantId(tenantId))}`;
}

/**
 * The filter expression of a search: the tenant first, then every browse filter given.
 * `undefined` when the filters can match nothing (an empty torrent set): no request needed.
 */
export function torrentFilter(tenantId: string, filters: SearchFilters = {}): string | undefined {
  const clauses = [tenantFilter(tenantId)];
  if (filters.category) clauses.push(`category = ${quoteFilterValue(filters.category)}`);
  if (filters.tag) clauses.push(`tags = ${quoteFilterValue(filters.tag.toLowerCase())}`);
  if (filters.freeleech) clauses.push('freeleechPercent > 0');
  if (filters.torrentIds) {
    // Ids come from our own queries; anything else could not be a torrent's id anyway.
    const ids = filters.torrentIds.filter((id) => UUID.test(id)).map((id) => quoteFilterValue(id.toLowerCase()));
    if (ids.length === 0) return undefined;
    clauses.push(`id IN [${ids.join(', ')}]`);
  }
  return clauses.join(' AND ');
}

export interface MeilisearchRequest {
  text: string;
  params: SearchParams & { filter: string; limit: number; offset: number };
  /** The page size asked for; one more hit is requested to know whether more exist. */
  pageSize: number;
}

/** The request for a query, or undefined when the answer is known to be empty. */
export function toMeilisearchRequest(query: SearchQuery): MeilisearchRequest | undefined {
  const text = normaliseQueryText(query.text);
  if (text === '') return undefined;
  const filter = torrentFilter(query.tenantId, query.filters);
  if (filter === undefined) return undefined;
  const pageSize = Math.max(1, Math.min(Math.floor(query.limit), MAX_PAGE));
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  return {
    text,
    pageSize,
    params: {
      filter,
      limit: pageSize + 1,
      offset,
      // Every word must match (with its typos), as PostgreSQL's websearch query requires.
      matchingStrategy: 'all',
      showRankingScore: true,
      attributesToRetrieve: ['id', 'tenantId'],
    },
  };
}

interface RawHit {
  id?: unknown;
  tenantId?: unknown;
  _rankingScore?: number;
}

/**
 * The port's result from Meilisearch's hits. A hit of another tenant cannot pass the
 * filter; should one ever appear (a filter bug, a hand-edited index) it is dropped here.
 */
export function fromMeilisearchHits(tenantId: string, hits: readonly RawHit[], pageSize: number): SearchResult {
  const tenant = assertTenantId(tenantId);
  const own: SearchHit[] = [];
  for (const hit of hits) {
    if (hit.tenantId !== tenant || typeof hit.id !== 'string') continue;
    own.push({ torrentId: hit.id, score: hit._rankingScore ?? 0 });
  }
  return { hits: own.slice(0, pageSize), hasMore: own.length > pageSize };
}
