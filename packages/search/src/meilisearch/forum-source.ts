// What the forum index is filled from: a tenant's forum posts with their topic's forum
// and title, read as the application role inside the tenant's RLS scope (queryInTenant),
// so a document only ever carries rows of the tenant it is written for. Tenant pages are
// keyset on (tenant_id, id), a topic's on (topic_id, position): both indexed.
import { Prisma, queryInTenant } from '@swarmhost/db';
import type { ForumPostRow } from './forum-documents';

const POST_COLUMNS = Prisma.sql`
  p.id::text AS id, p.tenant_id::text AS "tenantId", p.topic_id::text AS "topicId", t.forum_id::text AS "forumId",
  p.position, t.title, p.body, p.created_at AS "createdAt"`;

const FROM_POSTS = Prisma.sql`FROM forum_posts p JOIN forum_topics t ON t.tenant_id = p.tenant_id AND t.id = p.topic_id`;

export interface ForumPage {
  rows: ForumPostRow[];
  /** Pass back to read the next page; undefined after the last one. */
  next: string | undefined;
}

/** The posts among `ids` that still exist (the others are to be removed from the index). */
export async function loadForumPosts(tenantId: string, ids: readonly string[]): Promise<ForumPostRow[]> {
  if (ids.length === 0) return [];
  return queryInTenant<ForumPostRow>(
    tenantId,
    Prisma.sql`SELECT ${POST_COLUMNS} ${FROM_POSTS} WHERE p.tenant_id = ${tenantId}::uuid AND p.id = ANY(${[...ids]}::uuid[])`,
  );
}

export async function pageTenantForumPosts(tenantId: string, after: string | undefined, limit: number): Promise<ForumPage> {
  const rows = await queryInTenant<ForumPostRow>(
    tenantId,
    Prisma.sql`SELECT ${POST_COLUMNS} ${FROM_POSTS}
      WHERE p.tenant_id = ${tenantId}::uuid AND p.id > ${after ?? '00000000-0000-0000-0000-000000000000'}::uuid
      ORDER BY p.id LIMIT ${limit}`,
  );
  const last = rows.at(-1);
  return { rows, next: rows.length === limit && last ? last.id : undefined };
}

export async function pageTopicPosts(tenantId: string, topicId: string, after: string | undefined, limit: number): Promise<ForumPage> {
  const rows = await queryInTenant<ForumPostRow>(
    tenantId,
    Prisma.sql`SELECT ${POST_COLUMNS} ${FROM_POSTS}
      WHERE p.tenant_id = ${tenantId}::uuid AND p.topic_id = ${topicId}::uuid AND p.position > ${Number(after ?? 0)}
      ORDER BY p.position LIMIT ${limit}`,
  );
  const last = rows.at(-1);
  return { rows, next: rows.length === limit && last ? String(last.position) : undefined };
}

export async function countForumPosts(tenantId: string): Promise<number> {
  const [row] = await queryInTenant<{ count: number }>(
    tenantId,
    Prisma.sql`SELECT count(*)::int AS count FROM forum_posts p WHERE p.tenant_id = ${tenantId}::uuid`,
  );
  return row?.count ?? 0;
}
