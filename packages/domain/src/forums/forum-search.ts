// Search within the forums: PostgreSQL full text over post bodies and topic titles (GIN
// indexes led by tenant_id), limited to the forums the viewer may read — a post in any
// other forum, or another tenant (row-level security), is never a hit.
import { Prisma, withTenant } from '@swarmhost/db';
import { AppError } from '../errors';
import { readableForumIds, type ForumViewer } from './forum-access';
import { excerpt, POSTS_PER_PAGE } from './forum-reading';

export const FORUM_SEARCH_LIMIT = 50;

export async function searchForums(options: { tenantId: string; viewer: ForumViewer; text: string; forumId?: string }) {
  const text = options.text.trim();
  if (text.length < 2) throw new AppError('BAD_REQUEST', 'search: type at least 2 characters');
  if (text.length > 200) throw new AppError('BAD_REQUEST', 'search: must be at most 200 characters');
  return withTenant(options.tenantId, async (tx) => {
    let forums = await readableForumIds(tx, options.viewer);
    if (options.forumId) forums = forums.filter((id) => id === options.forumId);
    if (forums.length === 0) return [];
    const forumList = Prisma.join(forums.map((id) => Prisma.sql`${id}::uuid`));
    const rows = await tx.$queryRaw<
      { post_id: string; position: number; body: string; created_at: Date; author: string | null; topic_id: string; title: string; forum_id: string; forum_name: string; title_hit: boolean }[]
    >`
      WITH q AS (SELECT websearch_to_tsquery('simple', ${text}) AS query)
      SELECT p.id AS post_id, p.position, p.body, p.created_at, m.username::text AS author,
             t.id AS topic_id, t.title, f.id AS forum_id, f.name AS forum_name, false AS title_hit
      FROM q, forum_posts p
      JOIN forum_topics t ON t.id = p.topic_id
      JOIN forums f ON f.id = t.forum_id
      LEFT JOIN members m ON m.id = p.author_id
      WHERE p.tenant_id = ${options.tenantId}::uuid AND p.search_vector @@ q.query AND t.forum_id IN (${forumList})
      UNION ALL
      SELECT p.id, p.position, p.body, p.created_at, m.username::text, t.id, t.title, f.id, f.name, true
      FROM q, forum_topics t
      JOIN forums f ON f.id = t.forum_id
      JOIN forum_posts p ON p.topic_id = t.id AND p.position = 1
      LEFT JOIN members m ON m.id = p.author_id
      WHERE t.tenant_id = ${options.tenantId}::uuid AND t.search_vector @@ q.query AND t.forum_id IN (${forumList})
      ORDER BY created_at DESC
      LIMIT ${FORUM_SEARCH_LIMIT * 2}`;
    const seen = new Set<string>();
    const hits = [];
    for (const row of rows) {
      if (seen.has(row.post_id)) continue;
      seen.add(row.post_id);
      hits.push({
        postId: row.post_id,
        position: row.position,
        page: Math.ceil(row.position / POSTS_PER_PAGE),
        excerpt: excerpt(row.body, 240),
        createdAt: row.created_at.toISOString(),
        author: row.author,
        topic: { id: row.topic_id, title: row.title },
        forum: { id: row.forum_id, name: row.forum_name },
        titleMatch: row.title_hit,
      });
      if (hits.length === FORUM_SEARCH_LIMIT) break;
    }
    return hits;
  });
}
