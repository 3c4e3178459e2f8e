// PostgreSQL adapter of the search port: the generated `search_vector` column for
// words, and pg_trgm word similarity on the name so "Sintle" still finds "Sintel".
// Both have GIN indexes that lead with tenant_id. Runs as the application role inside
// the tenant's RLS scope.
//
// The query is shaped so both indexes do the work and no step touches every row of a
// large tenant:
// - word matches first (`search_vector @@ query`, the tenant's GIN postings), at most
//   CANDIDATES of them (the scan stops there), then ranked;
// - the typo path (`text <% name`, trigram GIN) runs only when the word matches cannot
//   fill the page: a word match always outranks a trigram-only match (its score has
//   +1), so trigram hits could not appear on that page anyway;
// - ranking (ts_rank + word_similarity, the same score as before: 1 for a word match
//   plus both) is computed for the candidates only, after the cut.
// The GIN indexes are usable under RLS only because the operators are LEAKPROOF (see
// the migration torrent_list_and_search_indexes). Filters (category, tag, freeleech, a
// set of torrents) narrow both paths before their cut, so a filtered page is full.
// One round trip: the tenant and the similarity threshold travel with the query. The
// statement is prepared per connection (one per filter combination): planning it was
// ~4 ms of PostgreSQL per search, about a fifth of an uncached typo search.
import { Prisma, queryInTenant } from '@swarmhost/db';
import { searchForumPostsInPostgres } from './postgres-forum-search';
import {
  normaliseQueryText,
  type RequestSearchHit,
  type RequestSearchQuery,
  type SearchFilters,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from './search-index';

/** Lower than pg_trgm's default 0.6 so one wrong letter in a short word still matches. */
const WORD_SIMILARITY_THRESHOLD = '0.45';

/**
 * The most matches of either kind ranked for one query. A very common word ("1080p")
 * matches tens of thousands of torrents; reading and ranking all of them costs more
 * than a member waits (~100 ms at 100,000 torrents), so the first CANDIDATES matches
 * the index yields are ranked. Specific queries (a title) match fewer than this and
 * are ranked in full.
 */
const CANDIDATES = 500;

/**
 * The typo path ranks fewer: every trigram candidate costs a word_similarity on its
 * name (~20 µs), and a typo's matches are near-equals anyway ("Sintle" matches every
 * Sintel release about equally).
 */
const TYPO_CANDIDATES = 200;

interface Row {
  id: string;
  score: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQL over the alias `t` for every filter given; TRUE when there are none. */
function filterSql(tenantId: string, filters: SearchFilters = {}): Prisma.Sql {
  const where: Prisma.Sql[] = [];
  if (filters.category) {
    where.push(Prisma.sql`t.category_id = (SELECT c.id FROM categories c WHERE c.tenant_id = ${tenantId}::uuid AND c.slug = ${filters.category})`);
  }
  if (filters.tag) {
    where.push(Prisma.sql`EXISTS (
      SELECT 1 FROM torrent_tags tt
      WHERE tt.tenant_id = ${tenantId}::uuid AND tt.torrent_id = t.id
        AND tt.tag_id = (SELECT g.id FROM tags g WHERE g.tenant_id = ${tenantId}::uuid AND g.name = ${filters.tag.toLowerCase()}))`);
  }
  if (filters.freeleech) where.push(Prisma.sql`t.freeleech_percent > 0`);
  if (filters.torrentIds) {
    // Ids come from our own queries; anything else could not match a uuid anyway.
    const ids = filters.torrentIds.filter((id) => UUID.test(id));
    where.push(ids.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`t.id = ANY(${ids}::uuid[])`);
  }
  return where.length === 0 ? Prisma.sql`TRUE` : Prisma.join(where, ' AND ');
}

export function createPostgresSearchIndex(): SearchIndex {
  return {
    async search(query: SearchQuery): Promise<SearchResult> {
      const text = normaliseQueryText(query.text);
      if (text === '') return { hits: [], hasMore: false };
      const limit = Math.max(1, Math.min(query.limit, 200));
      const offset = Math.max(0, query.offset ?? 0);
      const needed = offset + limit + 1;
      const candidates = Math.max(CANDIDATES, needed);
      const typoCandidates = Math.max(TYPO_CANDIDATES, needed);
      const filters = filterSql(query.tenantId, query.filters);
      const rows = await queryInTenant<Row>(
        query.tenantId,
        Prisma.sql`
          WITH words AS MATERIALIZED (
            SELECT c.id, c.created_at,
                   (1 + ts_rank(c.search_vector, websearch_to_tsquery('simple', ${text}))
                      + word_similarity(${text}, c.name))::float8 AS score
            FROM (
              SELECT t.id, t.created_at, t.search_vector, t.name
              FROM torrents t
              WHERE t.tenant_id = ${query.tenantId}::uuid
                AND t.status = 'approved'
                AND t.search_vector @@ websearch_to_tsquery('simple', ${text})
                AND ${filters}
              LIMIT ${candidates}
            ) AS c
          ), typos AS MATERIALIZED (
            SELECT c.id, c.created_at, word_similarity(${text}, c.name)::float8 AS score
            FROM (
              SELECT t.id, t.created_at, t.name
              FROM torrents t
              WHERE (SELECT count(*) FROM words) < ${needed}
                AND t.tenant_id = ${query.tenantId}::uuid
                AND t.status = 'approved'
                AND ${text} <% t.name
                AND NOT (t.search_vector @@ websearch_to_tsquery('simple', ${text}))
                AND ${filters}
              LIMIT ${typoCandidates}
            ) AS c
          )
          SELECT hits.id::text AS id, hits.score
          FROM (SELECT * FROM words UNION ALL SELECT * FROM typos) AS hits
          ORDER BY hits.score DESC, hits.created_at DESC, hits.id
          LIMIT ${limit + 1} OFFSET ${offset}`,
        { settings: { 'pg_trgm.word_similarity_threshold': WORD_SIMILARITY_THRESHOLD }, prepare: true },
      );
      return {
        hits: rows.slice(0, limit).map((row) => ({ torrentId: row.id, score: row.score })),
        hasMore: rows.length > limit,
      };
    },

    // Requests: the same two paths as torrents (words, then trigram typos when the words
    // cannot fill the list), over the requests' own generated vector and title trigrams.
    async searchRequests(query: RequestSearchQuery): Promise<RequestSearchHit[]> {
      const text = normaliseQueryText(query.text);
      if (text === '') return [];
      const limit = Math.max(1, Math.min(query.limit, 1000));
      const rows = await queryInTenant<Row>(
        query.tenantId,
        Prisma.sql`
          WITH words AS MATERIALIZED (
            SELECT r.id, r.created_at,
                   (1 + ts_rank(r.search_vector, websearch_to_tsquery('simple', ${text})) + word_similarity(${text}, r.title))::float8 AS score
            FROM requests r
            WHERE r.tenant_id = ${query.tenantId}::uuid
              AND r.status <> 'closed'
              AND r.search_vector @@ websearch_to_tsquery('simple', ${text})
            LIMIT ${limit}
          ), typos AS MATERIALIZED (
            SELECT r.id, r.created_at, word_similarity(${text}, r.title)::float8 AS score
            FROM requests r
            WHERE (SELECT count(*) FROM words) < ${limit}
              AND r.tenant_id = ${query.tenantId}::uuid
              AND r.status <> 'closed'
              AND ${text} <% r.title
              AND NOT (r.search_vector @@ websearch_to_tsquery('simple', ${text}))
            LIMIT ${limit}
          )
          SELECT hits.id::text AS id, hits.score
          FROM (SELECT * FROM words UNION ALL SELECT * FROM typos) AS hits
          ORDER BY hits.score DESC, hits.created_at DESC, hits.id
          LIMIT ${limit}`,
        { settings: { 'pg_trgm.word_similarity_threshold': WORD_SIMILARITY_THRESHOLD } },
      );
      return rows.map((row) => ({ requestId: row.id, score: row.score }));
    },

    searchForumPosts: searchForumPostsInPostgres,
  };
}
