// Text search over a tenant's torrents through the SearchIndex port, returning list
// items in the engine's order.
import { Prisma } from '@swarmhost/db';
import type { SearchIndex } from '@swarmhost/search';
import type { TorrentPage } from './browse-torrents';
import { queryListItems } from './torrent-list-item';

export async function searchTorrents(options: {
  searchIndex: SearchIndex;
  tenantId: string;
  text: string;
  page?: number;
  pageSize?: number;
}): Promise<TorrentPage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(options.pageSize ?? 25)));
  const result = await options.searchIndex.search({
    tenantId: options.tenantId,
    text: options.text,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const ids = result.hits.map((hit) => hit.torrentId);
  if (ids.length === 0) return { items: [], page, pageSize, hasMore: false };
  const rows = await queryListItems({
    tenantId: options.tenantId,
    where: Prisma.sql`t.id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}) AND t.status = 'approved'`,
    limit: ids.length,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
  return { items, page, pageSize, hasMore: result.hasMore };
}
