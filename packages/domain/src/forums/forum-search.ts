// Search within the forums, through the search port (packages/search: PostgreSQL full
// text by default, Meilisearch's forum index when chosen): post bodies and topic titles,
// newest first, limited to the forums the viewer may read. The engine filters by those
// forums; each hit is then read again here under row-level security and kept only if its
// topic is in one of them now — an index that lags a move never shows an unreadable post,
// and another tenant's post cannot be read at all.
import { Prisma, queryInTenant, withTenant } from '@swarmhost/db';
import type { SearchIndex } from '@swarmhost/search';
import { AppError } from '../errors';
import { readableForumIds, type ForumViewer } from './forum-access';
import { excerpt } from '../text/excerpt';
import { POSTS_PER_PAGE } from './forum-reading';

export const FORUM_SEARCH_LIMIT = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface HitRow {
  post_id: string;
  position: number;
  body: string;
  created_at: Date;
  author: string | null;
  topic_id: string;
  title: string;
  forum_id: string;
  forum_name: string;
}

export async function searchForums(options: { tenantId: string; viewer: ForumViewer; searchIndex: SearchIndex; text: string; forumId?: string }) {
  const text = options.text.trim();
  if (text.length < 2) throw new AppError('BAD_REQUEST', 'search: type at least 2 characters');
  if (text.length > 200) throw new AppError('BAD_REQUEST', 'search: must be at most 200 characters');
  let forums = await withTenant(options.tenantId, (tx) => readableForumIds(tx, options.viewer));
  if (options.forumId) forums = forums.filter((id) => id === options.forumId);
  if (forums.length === 0) return [];
  const hits = await options.searchIndex.searchForumPosts({ tenantId: options.tenantId, text, forumIds: forums, limit: FORUM_SEARCH_LIMIT });
  // Ids come from the engine's index; anything but a uuid could not be a post here.
  const postIds = hits.map((hit) => hit.postId).filter((id) => UUID.test(id));
  if (postIds.length === 0) return [];
  const rows = await queryInTenant<HitRow>(
    options.tenantId,
    Prisma.sql`
      SELECT p.id::text AS post_id, p.position, p.body, p.created_at, m.username::text AS author,
             t.id::text AS topic_id, t.title, f.id::text AS forum_id, f.name AS forum_name
      FROM forum_posts p
      JOIN forum_topics t ON t.id = p.topic_id
      JOIN forums f ON f.id = t.forum_id
      LEFT JOIN members m ON m.id = p.author_id
      WHERE p.tenant_id = ${options.tenantId}::uuid
        AND p.id = ANY(${postIds}::uuid[])
        AND t.forum_id = ANY(${forums}::uuid[])`,
  );
  const byId = new Map(rows.map((row) => [row.post_id, row]));
  return hits.flatMap((hit) => {
    const row = byId.get(hit.postId);
    if (!row) return [];
    return [
      {
        postId: row.post_id,
        position: row.position,
        page: Math.ceil(row.position / POSTS_PER_PAGE),
        excerpt: excerpt(row.body, 240),
        createdAt: row.created_at.toISOString(),
        author: row.author,
        topic: { id: row.topic_id, title: row.title },
        forum: { id: row.forum_id, name: row.forum_name },
        // A title hit stands for the topic's first post; after a merge that may be another post.
        titleMatch: hit.titleMatch && row.position === 1,
      },
    ];
  });
}
