// Text search over a tenant's torrents through the SearchIndex port, returning list
// items in the engine's order. The browse filters apply together with the text: the
// engine filters while it searches, so pages stay full and paging stays right.
import { Prisma } from '@swarmhost/db';
import type { SearchFilters, SearchIndex } from '@swarmhost/search';
import type { TorrentPage } from './browse-torrents';
import { activeTorrentIds, freeleechEventPercent, type TorrentFilters } from './torrent-filters';
import { queryListItems } from './torrent-list-item';

export interface SearchTorrentsOptions extends TorrentFilters {
  searchIndex: SearchIndex;
  tenantId: string;
  /** Whose "mine" filter (seeding/leeching) applies; required with `mine`. */
  memberId?: string;
  /** The tenant's settings JSON: a running freeleech event makes every torrent freeleech. */
  tenantSettings?: unknown;
  text: string;
  page?: number;
  pageSize?: number;
}

export async function searchTorrents(options: SearchTorrentsOptions): Promise<TorrentPage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(options.pageSize ?? 25)));
  const eventPercent = freeleechEventPercent(options.tenantSettings);
  const filters: SearchFilters = {
    category: options.category || undefined,
    tag: options.tag || undefined,
    // While a freeleech event runs every torrent is freeleech: the filter keeps them all.
    freeleech: options.freeleech && eventPercent === 0 ? true : undefined,
  };
  if (options.mine) {
    filters.torrentIds = options.memberId ? await activeTorrentIds(options.tenantId, options.memberId, options.mine) : [];
  }
  const result = await options.searchIndex.search({
    tenantId: options.tenantId,
    text: options.text,
    limit: pageSize,
    offset: (page - 1) * pageSize,
    filters,
  });
  const ids = result.hits.map((hit) => hit.torrentId);
  if (ids.length === 0) return { items: [], page, pageSize, hasMore: false };
  const rows = await queryListItems({
    tenantId: options.tenantId,
    where: Prisma.sql`t.id = ANY(${ids}::uuid[]) AND t.status = 'approved'`,
    limit: ids.length,
    eventFreeleechPercent: eventPercent,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
  return { items, page, pageSize, hasMore: result.hasMore };
}
