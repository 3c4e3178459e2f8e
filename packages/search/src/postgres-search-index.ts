// PostgreSQL adapter of the search port: the generated `search_vector` column for
// words (the name as the parser reads it, the name split at punctuation so a scene name
// "Silent.Harbor.1987.1080p" has its words, and the description), and the tenant's
// vocabulary (`search_words`, kept by triggers on torrents) so "Sintle" still finds
// "Sintel". Both have GIN indexes that lead with tenant_id. Runs as the application
// role inside the tenant's RLS scope.
//
// The query is shaped so the indexes do the work and no step touches every row of a
// large tenant:
// - word matches first (`search_vector @@ query`, the tenant's GIN postings), at most
//   CANDIDATES of them (the scan stops there), then ranked;
// - the typo path runs only when the word matches cannot fill the page (a word match
//   always outranks a typo match: its score has +1, so typo hits could not appear on
//   that page anyway). Each query word of 4 letters or more that is not a number gets
//   its nearest vocabulary words (trigram similarity, a probe of the tenant's few
//   thousand words) as alternatives; the torrents having every word or one of its
//   alternatives are then read through the same GIN postings. Every word must match,
//   as in the Meilisearch adapter (`matchingStrategy: 'all'`, typos per word), so
//   "silent harbor 1987" no longer brings "Silent Harbor 1990": before, the typo path
//   compared the whole text with every candidate name by trigram word similarity,
//   ~20 µs a name over 200-500 names, 10-13 ms of PostgreSQL for a three-word search;
// - ranking (ts_rank, plus word_similarity for word matches, the same score as before)
//   is computed for the candidates only, after the cut; a typo match scores below 1.
// The GIN indexes are usable under RLS only because the operators are LEAKPROOF (see
// the migration torrent_list_and_search_indexes). Filters (category, tag, freeleech, a
// set of torrents) narrow both paths before their cut, so a filtered page is full.
// One round trip: the tenant and the similarity threshold travel with the query. The
// statement is prepared per connection (one per filter combination): planning it was
// ~4 ms of PostgreSQL per search.
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

/** Lower than pg_trgm's default 0.6 so one wrong letter in a short word still matches (requests). */
const WORD_SIMILARITY_THRESHOLD = '0.45';

/**
 * How alike (pg_trgm similarity) a vocabulary word must be to a query word to stand in
 * for it: 0.4 for "sintle"/"sintel", 0.44 for "harbr"/"harbor", 0.86 for "bunnny"/"bunny".
 */
const TYPO_SIMILARITY_THRESHOLD = '0.25';

/** The most vocabulary words tried in place of one query word. */
const ALTERNATIVES_PER_WORD = 3;

/**
 * The most matches of either kind ranked for one query. A very common word ("1080p")
 * matches tens of thousands of torrents; reading and ranking all of them costs more
 * than a member waits (~100 ms at 100,000 torrents), so the first CANDIDATES matches
 * the index yields are ranked. Specific queries (a title) match fewer than this and
 * are ranked in full.
 */
const CANDIDATES = 500;

/** The typo path ranks fewer: a typo's matches are near-equals ("Sintle" matches every Sintel release about equally). */
const TYPO_CANDIDATES = 200;

interface Row {
  id: string;
  score: number;
}

/**
 * What the typo path corrects: the query's words without websearch's operators — quotes
 * dropped, `or` dropped (every word is required there), `-word` kept apart as an
 * exclusion that still applies.
 */
export function typoTerms(text: string): { words: string; excluded: string } {
  const words: string[] = [];
  const excluded: string[] = [];
  for (const token of text.replaceAll('"', ' ').split(' ')) {
    if (token === '' || token.toLowerCase() === 'or') continue;
    if (token.startsWith('-') && token.length > 1) excluded.push(token);
    else words.push(token);
  }
  return { words: words.join(' '), excluded: excluded.join(' ') };
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
      const typo = typoTerms(text);
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
          ), corrected AS MATERIALIZED (
            -- Each word (split at punctuation, as names are) or one of its nearest
            -- vocabulary words; numbers and words under 4 letters as typed.
            SELECT CASE WHEN ${typo.excluded} = '' THEN q ELSE q && websearch_to_tsquery('simple', ${typo.excluded}) END AS q
            FROM (
              SELECT to_tsquery('simple', string_agg('(' || alternatives || ')', ' & ')) AS q
              FROM (
                SELECT string_agg(DISTINCT a.word, ' | ') AS alternatives
                FROM unnest(to_tsvector('simple', swarmhost_split_punctuation(${typo.words}))) AS term
                CROSS JOIN LATERAL (
                  SELECT term.lexeme AS word
                  UNION ALL
                  (SELECT w.word FROM search_words w
                   WHERE length(term.lexeme) >= 4 AND term.lexeme !~ '[0-9]'
                     AND w.tenant_id = ${query.tenantId}::uuid
                     AND w.word % term.lexeme
                   ORDER BY similarity(w.word, term.lexeme) DESC, w.torrents DESC, w.word
                   LIMIT ${ALTERNATIVES_PER_WORD})
                ) AS a
                GROUP BY term.lexeme
              ) AS per_word
            ) AS joined
          ), typos AS MATERIALIZED (
            SELECT c.id, c.created_at, ts_rank(c.search_vector, c.q, 32)::float8 AS score
            FROM (
              SELECT t.id, t.created_at, t.search_vector, corrected.q
              FROM corrected, torrents t
              WHERE (SELECT count(*) FROM words) < ${needed}
                AND corrected.q IS NOT NULL
                AND t.tenant_id = ${query.tenantId}::uuid
                AND t.status = 'approved'
                AND t.search_vector @@ corrected.q
                AND NOT (t.search_vector @@ websearch_to_tsquery('simple', ${text}))
                AND ${filters}
              LIMIT ${typoCandidates}
            ) AS c
          )
          SELECT hits.id::text AS id, hits.score
          FROM (SELECT * FROM words UNION ALL SELECT * FROM typos) AS hits
          ORDER BY hits.score DESC, hits.created_at DESC, hits.id
          LIMIT ${limit + 1} OFFSET ${offset}`,
        { settings: { 'pg_trgm.similarity_threshold': TYPO_SIMILARITY_THRESHOLD }, prepare: true },
      );
      return {
        hits: rows.slice(0, limit).map((row) => ({ torrentId: row.id, score: row.score })),
        hasMore: rows.length > limit,
      };
    },

    // Requests: the same two paths as torrents, the typo path per word too. A request
    // names what is not uploaded yet, so the torrents' vocabulary would not know its
    // words: each query word of 4 letters or more that is not a number must instead be
    // near a word of the title (pg_trgm word similarity, the title's trigram index
    // finding the candidates by the longest such word), the others must be words of the
    // title as typed; exclusions still apply. So "silent harbor 1987" no longer brings
    // "Silent Harbor 1990" (before, the whole text was compared with the whole title).
    async searchRequests(query: RequestSearchQuery): Promise<RequestSearchHit[]> {
      const text = normaliseQueryText(query.text);
      if (text === '') return [];
      const limit = Math.max(1, Math.min(query.limit, 1000));
      const typo = typoTerms(text);
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
          ), terms AS MATERIALIZED (
            SELECT term.lexeme AS word, length(term.lexeme) >= 4 AND term.lexeme !~ '[0-9]' AS fuzzy
            FROM unnest(to_tsvector('simple', swarmhost_split_punctuation(${typo.words}))) AS term
          ), anchor AS MATERIALIZED (
            SELECT terms.word FROM terms WHERE terms.fuzzy ORDER BY length(terms.word) DESC, terms.word LIMIT 1
          ), typos AS MATERIALIZED (
            SELECT r.id, r.created_at, least(0.99, word_similarity(${typo.words}, r.title))::float8 AS score
            FROM anchor, requests r
            WHERE (SELECT count(*) FROM words) < ${limit}
              AND r.tenant_id = ${query.tenantId}::uuid
              AND r.status <> 'closed'
              AND anchor.word <% r.title
              AND NOT (r.search_vector @@ websearch_to_tsquery('simple', ${text}))
              AND (${typo.excluded} = '' OR r.search_vector @@ websearch_to_tsquery('simple', ${typo.excluded}))
              AND NOT EXISTS (
                SELECT 1 FROM terms
                WHERE NOT CASE WHEN terms.fuzzy THEN terms.word <% r.title
                               ELSE to_tsvector('simple', swarmhost_split_punctuation(r.title)) @@ to_tsquery('simple', quote_literal(terms.word)) END)
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
