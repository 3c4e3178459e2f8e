// PostgreSQL adapter of the search port: the generated `search_vector` column (GIN) for
// words, and pg_trgm word similarity on the name (GIN trigram index) so "ubunto" still
// finds "ubuntu". Runs as the application role inside the tenant's RLS scope.
import { withTenant } from '@swarmhost/db';
import { normaliseQueryText, type SearchIndex, type SearchQuery, type SearchResult } from './search-index';

/** Lower than pg_trgm's default 0.6 so one wrong letter in a short word still matches. */
const WORD_SIMILARITY_THRESHOLD = '0.45';

interface Row {
  id: string;
  score: number;
}

export function createPostgresSearchIndex(): SearchIndex {
  return {
    async search(query: SearchQuery): Promise<SearchResult> {
      const text = normaliseQueryText(query.text);
      if (text === '') return { hits: [], hasMore: false };
      const limit = Math.max(1, Math.min(query.limit, 200));
      const offset = Math.max(0, query.offset ?? 0);
      const rows = await withTenant(query.tenantId, async (tx) => {
        await tx.$executeRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${WORD_SIMILARITY_THRESHOLD}, TRUE)`;
        return tx.$queryRaw<Row[]>`
          SELECT t.id::text AS id,
                 (CASE WHEN t.search_vector @@ q.query THEN 1 ELSE 0 END
                  + ts_rank(t.search_vector, q.query)
                  + word_similarity(${text}, t.name))::float8 AS score
          FROM torrents t, websearch_to_tsquery('simple', ${text}) AS q(query)
          WHERE t.tenant_id = ${query.tenantId}::uuid
            AND t.status = 'approved'
            AND (t.search_vector @@ q.query OR ${text} <% t.name)
          ORDER BY score DESC, t.created_at DESC
          LIMIT ${limit + 1} OFFSET ${offset}`;
      });
      return {
        hits: rows.slice(0, limit).map((row) => ({ torrentId: row.id, score: row.score })),
        hasMore: rows.length > limit,
      };
    },
  };
}
