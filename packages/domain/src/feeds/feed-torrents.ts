// What a feed lists: a tenant's newest approved torrents (all, one category, a saved
// search as query parameters through the SearchIndex port, or the member's bookmarks),
// as list items plus what feeds and Torznab need besides (info hash, category slug).
// Only a text search through the index spends the tenant's search budget; listings,
// bookmarks and id searches (Torznab imdbid/tmdbid) do not.
import { forTenant, Prisma } from '@swarmhost/db';
import type { SearchIndex } from '@swarmhost/search';
import { searchWithinBudget, type SearchBudget } from '../plans/guarded-search';
import { browseTorrents } from '../torrents/browse-torrents';
import { searchTorrents } from '../torrents/search-torrents';
import { freeleechEventPercent } from '../torrents/torrent-filters';
import { queryListItems, type TorrentListItem } from '../torrents/torrent-list-item';

export const MAX_FEED_ITEMS = 100;

export interface FeedQuery {
  /** The member's bookmarks instead of the whole tenant. */
  bookmarks?: boolean;
  /** A category's slug. */
  category?: string;
  /** Several categories' slugs (Torznab's cat=…); any of them matches. */
  categories?: readonly string[];
  text?: string;
  /** Torznab imdbid / tmdbid: only torrents carrying this id (the text then narrows by name). */
  imdbId?: string;
  tmdbId?: number;
  tag?: string;
  freeleech?: boolean;
  limit?: number;
  offset?: number;
}

export interface FeedTorrent extends TorrentListItem {
  infoHash: string;
  categorySlug: string | null;
  imdbId: string | null;
  tmdbId: number | null;
}

async function withFeedFields(tenantId: string, items: TorrentListItem[]): Promise<FeedTorrent[]> {
  if (items.length === 0) return [];
  const rows = await forTenant(tenantId).torrent.findMany({
    where: { id: { in: items.map((item) => item.id) } },
    select: { id: true, infoHash: true, imdbId: true, tmdbId: true, category: { select: { slug: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return items.flatMap((item) => {
    const row = byId.get(item.id);
    return row ? [{ ...item, infoHash: row.infoHash, categorySlug: row.category?.slug ?? null, imdbId: row.imdbId, tmdbId: row.tmdbId }] : [];
  });
}

async function keepCategories(tenantId: string, items: TorrentListItem[], slugs: string[], offset: number, limit: number) {
  const withSlugs = await withFeedFields(tenantId, items);
  const kept = new Set(withSlugs.filter((item) => item.categorySlug !== null && slugs.includes(item.categorySlug)).map((item) => item.id));
  return items.filter((item) => kept.has(item.id)).slice(offset, offset + limit);
}

/** Newest first (relevance first with text); at most MAX_FEED_ITEMS. */
export async function listFeedTorrents(options: {
  tenantId: string;
  tenantSettings?: unknown;
  memberId: string;
  searchIndex: SearchIndex;
  query: FeedQuery;
  /** The tenant's search budget: a text search through the index takes a token (TOO_MANY_REQUESTS when spent). */
  searchBudget?: SearchBudget;
}): Promise<FeedTorrent[]> {
  const { tenantId, query } = options;
  const limit = Math.min(MAX_FEED_ITEMS, Math.max(1, Math.floor(query.limit ?? 50)));
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const categories = query.categories && query.categories.length > 0 ? [...query.categories] : query.category ? [query.category] : [];
  const text = query.text?.trim() ?? '';
  let items: TorrentListItem[];
  const byMediaId = query.imdbId !== undefined || query.tmdbId !== undefined;
  if (text && !query.bookmarks && !byMediaId) {
    // The engine filters one category; several (Torznab's cat=2000,5000) are kept after it ranks.
    const budget = options.searchBudget && { ...options.searchBudget, memberId: options.memberId };
    const page = await searchWithinBudget(budget, () =>
      searchTorrents({
        searchIndex: options.searchIndex,
        tenantId,
        tenantSettings: options.tenantSettings,
        memberId: options.memberId,
        text,
        category: categories.length === 1 ? categories[0] : undefined,
        tag: query.tag,
        freeleech: query.freeleech,
        pageSize: categories.length > 1 ? MAX_FEED_ITEMS : limit,
        page: categories.length > 1 ? 1 : Math.floor(offset / limit) + 1,
      }),
    );
    items = page.items;
    if (categories.length > 1) items = await keepCategories(tenantId, items, categories, offset, limit);
  } else if (query.bookmarks || categories.length > 1 || byMediaId) {
    const where: Prisma.Sql[] = [Prisma.sql`t.status = 'approved'`];
    if (query.bookmarks) {
      where.push(Prisma.sql`t.id IN (SELECT b.torrent_id FROM bookmarks b WHERE b.tenant_id = ${tenantId}::uuid AND b.member_id = ${options.memberId}::uuid)`);
    }
    if (query.imdbId !== undefined) where.push(Prisma.sql`t.imdb_id = ${query.imdbId}`);
    if (query.tmdbId !== undefined) where.push(Prisma.sql`t.tmdb_id = ${query.tmdbId}`);
    if (categories.length > 0) {
      where.push(Prisma.sql`t.category_id IN (SELECT id FROM categories WHERE tenant_id = ${tenantId}::uuid AND slug = ANY(${categories}::text[]))`);
    }
    if (text) where.push(Prisma.sql`t.name ILIKE ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    items = await queryListItems({
      tenantId,
      where: Prisma.join(where, ' AND '),
      orderBy: Prisma.sql`ORDER BY t.created_at DESC, t.id DESC`,
      limit,
      offset,
      eventFreeleechPercent: freeleechEventPercent(options.tenantSettings),
    });
  } else {
    const page = await browseTorrents({
      tenantId,
      tenantSettings: options.tenantSettings,
      memberId: options.memberId,
      category: categories[0],
      tag: query.tag,
      freeleech: query.freeleech,
      sort: 'added',
      order: 'desc',
      pageSize: limit,
      page: Math.floor(offset / limit) + 1,
    });
    items = page.items;
  }
  return withFeedFields(tenantId, items);
}
