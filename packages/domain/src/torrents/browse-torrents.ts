// The torrent list: approved torrents of one tenant, filtered (category, tag,
// freeleech, what I seed or leech) and sorted, one page at a time. A page asks for one
// row more than it shows to know whether a next page exists, instead of counting.
import { forTenant, type Prisma } from '@swarmhost/db';
import { toListItem, torrentListSelect, type TorrentListItem } from './torrent-list-item';

export const TORRENT_SORTS = ['added', 'size', 'seeders', 'snatches'] as const;
export type TorrentSort = (typeof TORRENT_SORTS)[number];

export interface BrowseTorrentsOptions {
  tenantId: string;
  memberId: string;
  category?: string;
  tag?: string;
  freeleech?: boolean;
  mine?: 'seeding' | 'leeching';
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

const SORT_COLUMN: Record<TorrentSort, 'createdAt' | 'size' | 'seeders' | 'timesCompleted'> = {
  added: 'createdAt',
  size: 'size',
  seeders: 'seeders',
  snatches: 'timesCompleted',
};

export async function browseTorrents(options: BrowseTorrentsOptions): Promise<TorrentPage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(options.pageSize ?? 25)));
  const where: Prisma.TorrentWhereInput = { tenantId: options.tenantId, status: 'approved' };
  if (options.category) where.category = { slug: options.category };
  if (options.tag) where.tags = { some: { tag: { name: options.tag.toLowerCase() } } };
  if (options.freeleech) where.freeleechPercent = { gt: 0 };
  if (options.mine) {
    where.histories = { some: { memberId: options.memberId, active: true, seeding: options.mine === 'seeding' } };
  }
  const order = options.order ?? 'desc';
  const column = SORT_COLUMN[options.sort ?? 'added'];
  const rows = await forTenant(options.tenantId).torrent.findMany({
    where,
    orderBy: [{ [column]: order }, { id: order }],
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
    select: torrentListSelect,
  });
  return { items: rows.slice(0, pageSize).map(toListItem), page, pageSize, hasMore: rows.length > pageSize };
}
