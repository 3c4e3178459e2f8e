// The torrent list: approved torrents of one tenant, filtered (category, tag,
// freeleech, what I seed or leech) and sorted, one page at a time. A page asks for one
// row more than it shows to know whether a next page exists, instead of counting.
import { Prisma } from '@swarmhost/db';
import { freeleechEventPercent, memberSwarmsSql, type TorrentFilters } from './torrent-filters';
import { queryListItems, type TorrentListItem } from './torrent-list-item';

export const TORRENT_SORTS = ['added', 'size', 'seeders', 'snatches'] as const;
export type TorrentSort = (typeof TORRENT_SORTS)[number];

export interface BrowseTorrentsOptions extends TorrentFilters {
  tenantId: string;
  memberId: string;
  /** The tenant's settings JSON: a running freeleech event makes every torrent freeleech. */
  tenantSettings?: unknown;
  sort?: TorrentSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface TorrentPage {
  items: TorrentListItem[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

// Each sort has an index (tenant_id, status, <column> DESC, id DESC), so a page is read
// in index order (backwards for ascending) and never sorts the tenant's torrents.
const SORT_COLUMN: Record<TorrentSort, Prisma.Sql> = {
  added: Prisma.sql`t.created_at`,
  size: Prisma.sql`t.size`,
  seeders: Prisma.sql`t.seeders`,
  snatches: Prisma.sql`t.times_completed`,
};

export async function browseTorrents(options: BrowseTorrentsOptions): Promise<TorrentPage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(options.pageSize ?? 25)));
  const tenantId = options.tenantId;
  const where: Prisma.Sql[] = [Prisma.sql`t.status = 'approved'`];
  if (options.category) {
    where.push(Prisma.sql`t.category_id = (SELECT id FROM categories WHERE tenant_id = ${tenantId}::uuid AND slug = ${options.category})`);
  }
  if (options.tag) {
    where.push(Prisma.sql`t.id IN (
      SELECT tt.torrent_id FROM torrent_tags tt
      WHERE tt.tenant_id = ${tenantId}::uuid
        AND tt.tag_id = (SELECT id FROM tags WHERE tenant_id = ${tenantId}::uuid AND name = ${options.tag.toLowerCase()}))`);
  }
  const eventPercent = freeleechEventPercent(options.tenantSettings);
  if (options.freeleech && eventPercent === 0) where.push(Prisma.sql`t.freeleech_percent > 0`);
  if (options.mine) {
    where.push(Prisma.sql`t.id IN (SELECT h.torrent_id FROM ${memberSwarmsSql(tenantId, options.memberId, options.mine)})`);
  }
  const direction = (options.order ?? 'desc') === 'asc' ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const column = SORT_COLUMN[options.sort ?? 'added'];
  const items = await queryListItems({
    tenantId,
    where: Prisma.join(where, ' AND '),
    orderBy: Prisma.sql`ORDER BY ${column} ${direction}, t.id ${direction}`,
    limit: pageSize + 1,
    offset: (page - 1) * pageSize,
    eventFreeleechPercent: eventPercent,
  });
  return { items: items.slice(0, pageSize), page, pageSize, hasMore: items.length > pageSize };
}
