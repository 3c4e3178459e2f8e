// What the Meilisearch index is filled from: a tenant's approved torrents read from
// PostgreSQL as the application role inside the tenant's RLS scope (queryInTenant), so
// a document can only ever carry rows of the tenant it is written for. Pages are keyset
// on (tenant_id, info_hash), the unique index every tenant already has.
import { Prisma, queryInTenant } from '@swarmhost/db';
import type { SwarmCounts, TorrentRow } from './documents';

const TORRENT_COLUMNS = Prisma.sql`
  t.id::text AS id, t.tenant_id::text AS "tenantId", t.info_hash AS "infoHash", t.name, t.description,
  c.slug AS category,
  COALESCE((SELECT array_agg(g.name ORDER BY g.name) FROM torrent_tags tt
            JOIN tags g ON g.tenant_id = tt.tenant_id AND g.id = tt.tag_id
            WHERE tt.tenant_id = t.tenant_id AND tt.torrent_id = t.id), '{}') AS tags,
  t.freeleech_percent AS "freeleechPercent", t.double_upload AS "doubleUpload", t.size::float8 AS size,
  t.seeders, t.leechers, t.times_completed AS "timesCompleted", t.created_at AS "createdAt"`;

const FROM_TORRENTS = Prisma.sql`FROM torrents t LEFT JOIN categories c ON c.tenant_id = t.tenant_id AND c.id = t.category_id`;

type PagedRow<Row> = Row & { infoHash: string };

export interface Page<Row> {
  rows: Row[];
  /** Pass back to read the next page; undefined after the last one. */
  next: string | undefined;
}

function paged<Row>(rows: PagedRow<Row>[], limit: number): Page<Row> {
  const last = rows.at(-1);
  return { rows, next: rows.length === limit && last ? last.infoHash : undefined };
}

/** The approved torrents among `ids` (the others are to be removed from the index). */
export async function loadApprovedTorrents(tenantId: string, ids: readonly string[]): Promise<TorrentRow[]> {
  if (ids.length === 0) return [];
  return queryInTenant<TorrentRow>(
    tenantId,
    Prisma.sql`SELECT ${TORRENT_COLUMNS} ${FROM_TORRENTS}
      WHERE t.tenant_id = ${tenantId}::uuid AND t.id = ANY(${[...ids]}::uuid[]) AND t.status = 'approved'`,
  );
}

export async function pageApprovedTorrents(tenantId: string, after: string | undefined, limit: number): Promise<Page<TorrentRow>> {
  const rows = await queryInTenant<PagedRow<TorrentRow>>(
    tenantId,
    Prisma.sql`SELECT ${TORRENT_COLUMNS} ${FROM_TORRENTS}
      WHERE t.tenant_id = ${tenantId}::uuid AND t.status = 'approved' AND t.info_hash > ${after ?? ''}
      ORDER BY t.info_hash LIMIT ${limit}`,
  );
  return paged(rows, limit);
}

export async function countApprovedTorrents(tenantId: string): Promise<number> {
  const [row] = await queryInTenant<{ count: number }>(
    tenantId,
    Prisma.sql`SELECT count(*)::int AS count FROM torrents t WHERE t.tenant_id = ${tenantId}::uuid AND t.status = 'approved'`,
  );
  return row?.count ?? 0;
}

export async function pageSwarmCounts(tenantId: string, after: string | undefined, limit: number): Promise<Page<SwarmCounts>> {
  const rows = await queryInTenant<PagedRow<SwarmCounts>>(
    tenantId,
    Prisma.sql`SELECT t.id::text AS id, t.info_hash AS "infoHash", t.seeders, t.leechers, t.times_completed AS "timesCompleted"
      FROM torrents t
      WHERE t.tenant_id = ${tenantId}::uuid AND t.status = 'approved' AND t.info_hash > ${after ?? ''}
      ORDER BY t.info_hash LIMIT ${limit}`,
  );
  return paged(rows, limit);
}
