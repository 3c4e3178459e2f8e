// Forum search on PostgreSQL: full text over post bodies and topic titles, both generated
// `search_vector` columns with GIN indexes led by tenant_id (migration `forums`), newest
// first. A title hit stands for its topic's first post. Runs as the application role in
// the tenant's RLS scope, one round trip; the forums to search come from the caller.
import { Prisma, queryInTenant } from '@swarmhost/db';
import { normaliseQueryText, type ForumPostSearchHit, type ForumPostSearchQuery } from './search-index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The most hits one forum search returns. */
export const MAX_FORUM_HITS = 200;

interface Row {
  post_id: string;
  title_hit: boolean;
}

export async function searchForumPostsInPostgres(query: ForumPostSearchQuery): Promise<ForumPostSearchHit[]> {
  const text = normaliseQueryText(query.text);
  // Ids come from our own queries; anything else could not be a forum's id anyway.
  const forumIds = query.forumIds.filter((id) => UUID.test(id));
  if (text === '' || forumIds.length === 0) return [];
  const limit = Math.max(1, Math.min(Math.floor(query.limit), MAX_FORUM_HITS));
  // A post found by its body and by its topic's title comes twice: twice the rows, then one each.
  const rows = await queryInTenant<Row>(
    query.tenantId,
    Prisma.sql`
      WITH q AS (SELECT websearch_to_tsquery('simple', ${text}) AS query)
      SELECT p.id::text AS post_id, p.created_at, false AS title_hit
      FROM q, forum_posts p
      JOIN forum_topics t ON t.id = p.topic_id
      WHERE p.tenant_id = ${query.tenantId}::uuid AND p.search_vector @@ q.query AND t.forum_id = ANY(${forumIds}::uuid[])
      UNION ALL
      SELECT p.id::text, p.created_at, true
      FROM q, forum_topics t
      JOIN forum_posts p ON p.topic_id = t.id AND p.position = 1
      WHERE t.tenant_id = ${query.tenantId}::uuid AND t.search_vector @@ q.query AND t.forum_id = ANY(${forumIds}::uuid[])
      ORDER BY created_at DESC, post_id
      LIMIT ${limit * 2}`,
  );
  const hits = new Map<string, ForumPostSearchHit>();
  for (const row of rows) {
    const seen = hits.get(row.post_id);
    if (seen) seen.titleMatch ||= row.title_hit;
    else if (hits.size < limit) hits.set(row.post_id, { postId: row.post_id, titleMatch: row.title_hit });
  }
  return [...hits.values()];
}
