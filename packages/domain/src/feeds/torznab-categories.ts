// A tenant's own categories as Newznab categories, which Prowlarr, Sonarr and Radarr
// filter on: each category goes under one standard parent (2000 Movies, 5000 TV, 3000
// Audio, 7000 Books, 4000 PC, 8000 Other) guessed from its slug and name, and gets its
// own custom sub-category id (100001 and up, as custom Newznab categories are).
import { forTenant } from '@swarmhost/db';

export const NEWZNAB_PARENTS = [
  { id: 2000, name: 'Movies', words: ['movie', 'film', 'cinema', 'documentar'] },
  { id: 5000, name: 'TV', words: ['tv', 'series', 'show', 'episode', 'anime'] },
  { id: 3000, name: 'Audio', words: ['music', 'audio', 'album', 'flac', 'mp3', 'podcast', 'audiobook'] },
  { id: 7000, name: 'Books', words: ['book', 'ebook', 'comic', 'magazine', 'literature'] },
  { id: 4000, name: 'PC', words: ['software', 'app', 'game', 'pc', 'linux', 'windows', 'mac'] },
  { id: 8000, name: 'Other', words: [] },
] as const;

export const CUSTOM_CATEGORY_BASE = 100_000;

export interface TorznabCategory {
  /** The tenant category's own (custom) Newznab id. */
  id: number;
  parentId: number;
  name: string;
  slug: string;
}

function parentFor(slug: string, name: string): number {
  const words = `${slug} ${name}`.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  // Audiobooks are audio by Newznab's own list (3030), so audio is asked before books.
  const ordered = [NEWZNAB_PARENTS[0], NEWZNAB_PARENTS[1], NEWZNAB_PARENTS[2], NEWZNAB_PARENTS[3], NEWZNAB_PARENTS[4]];
  for (const parent of ordered) {
    if (words.some((word) => parent.words.some((stem) => word.startsWith(stem)))) return parent.id;
  }
  return 8000;
}

/** The tenant's categories in creation order, so a category keeps its id while others come and go after it. */
export async function torznabCategories(tenantId: string): Promise<TorznabCategory[]> {
  const rows = await forTenant(tenantId).category.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { name: true, slug: true } });
  return rows.map((row, index) => ({ id: CUSTOM_CATEGORY_BASE + index + 1, parentId: parentFor(row.slug, row.name), name: row.name, slug: row.slug }));
}

/**
 * The tenant category slugs a `cat=2000,100003` filter asks for: a parent id takes
 * every category under it, a custom id its own. Unknown ids match nothing.
 */
export function slugsForNewznabIds(categories: readonly TorznabCategory[], ids: readonly number[]): string[] {
  const wanted = new Set(ids);
  return categories.filter((category) => wanted.has(category.id) || wanted.has(category.parentId)).map((category) => category.slug);
}
