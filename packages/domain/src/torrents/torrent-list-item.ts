// The shape of a torrent in lists (browse, search): plain JSON-safe values, and the
// uploader hidden when the upload was anonymous.
//
// A list page is one SQL statement: the torrent columns a list shows (never `files`,
// the description or the .torrent bytes), the category and uploader by primary key and
// the tag names aggregated per row, instead of Prisma's five queries (torrents, then
// categories, members, torrent_tags and tags by id lists), sent with its tenant in
// one round trip (queryInTenant).
import { Prisma, queryInTenant } from '@swarmhost/db';

export interface TorrentListItem {
  id: string;
  name: string;
  size: number;
  fileCount: number;
  seeders: number;
  leechers: number;
  snatches: number;
  freeleechPercent: number;
  doubleUpload: boolean;
  status: string;
  createdAt: string;
  category: string | null;
  uploader: string | null;
  tags: string[];
}

interface Row {
  id: string;
  name: string;
  /** int8: node-postgres hands it over as a string. */
  size: string;
  file_count: number;
  seeders: number;
  leechers: number;
  times_completed: number;
  freeleech_percent: number;
  double_upload: boolean;
  status: string;
  created_at: Date;
  category: string | null;
  uploader: string | null;
  tags: string[] | null;
}

function toListItem(row: Row): TorrentListItem {
  return {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    fileCount: row.file_count,
    seeders: row.seeders,
    leechers: row.leechers,
    snatches: row.times_completed,
    freeleechPercent: row.freeleech_percent,
    doubleUpload: row.double_upload,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    category: row.category,
    uploader: row.uploader,
    tags: (row.tags ?? []).sort(),
  };
}

/**
 * Reads list items of one tenant's torrents: `where` and `orderBy` are SQL over the
 * alias `t` (torrents) built by the caller from fixed fragments, never from input.
 * `eventFreeleechPercent` is the tenant's running freeleech event: items show the
 * stronger of it and their own, as the tracker credits them.
 *
 * Two steps in one statement: the page's torrent ids first (the filter and sort read
 * only torrents), then the shown columns, category, uploader and tags for those rows
 * alone. Without the split a filter that drives from another table (a member's swarms,
 * bookmarks) joins the uploader and category of every matching torrent before sorting,
 * and an offset page builds the rows it skips.
 */
export async function queryListItems(options: {
  tenantId: string;
  where: Prisma.Sql;
  orderBy?: Prisma.Sql;
  limit: number;
  offset?: number;
  eventFreeleechPercent?: number;
}): Promise<TorrentListItem[]> {
  const orderBy = options.orderBy ?? Prisma.empty;
  const eventPercent = Math.max(0, Math.min(100, Math.floor(options.eventFreeleechPercent ?? 0)));
  const rows = await queryInTenant<Row>(
    options.tenantId,
    Prisma.sql`
    SELECT t.id::text AS id, t.name, t.size, t.file_count, t.seeders, t.leechers, t.times_completed,
           GREATEST(t.freeleech_percent, ${eventPercent}::int)::int AS freeleech_percent, t.double_upload, t.status::text AS status, t.created_at,
           c.name AS category,
           CASE WHEN t.anonymous THEN NULL ELSE m.username::text END AS uploader,
           (SELECT array_agg(g.name::text)
            FROM torrent_tags tt JOIN tags g ON g.id = tt.tag_id
            WHERE tt.tenant_id = t.tenant_id AND tt.torrent_id = t.id) AS tags
    FROM (
      SELECT t.id FROM torrents t
      WHERE t.tenant_id = ${options.tenantId}::uuid AND (${options.where})
      ${orderBy}
      LIMIT ${options.limit} OFFSET ${options.offset ?? 0}
    ) page
    JOIN torrents t ON t.id = page.id
    LEFT JOIN categories c ON c.id = t.category_id
    LEFT JOIN members m ON m.id = t.uploader_id
    ${orderBy}`,
    // A handful of shapes (filters × sorts), each read through its index whatever the values.
    { prepare: true },
  );
  return rows.map(toListItem);
}
