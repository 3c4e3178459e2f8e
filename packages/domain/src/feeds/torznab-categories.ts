// A tenant's own categories as Newznab categories, which Prowlarr, Sonarr and Radarr
// filter on. Staff pick each category's standard Newznab category (2000 Movies, 2040
// Movies/HD, 5000 TV, …) on /staff/categories; a category nobody set yet is guessed from
// its slug and name under one standard parent (2000 Movies, 5000 TV, 3000 Audio, 7000
// Books, 4000 PC, 8000 Other). Each category also gets its own custom sub-category id
// (100001 and up, as custom Newznab categories are).
import { forTenant, withTenant } from '@swarmhost/db';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record-audit';

export const NEWZNAB_PARENTS = [
  { id: 2000, name: 'Movies', words: ['movie', 'film', 'cinema', 'documentar'] },
  { id: 5000, name: 'TV', words: ['tv', 'series', 'show', 'episode', 'anime'] },
  { id: 3000, name: 'Audio', words: ['music', 'audio', 'album', 'flac', 'mp3', 'podcast', 'audiobook'] },
  { id: 7000, name: 'Books', words: ['book', 'ebook', 'comic', 'magazine', 'literature'] },
  { id: 4000, name: 'PC', words: ['software', 'app', 'game', 'pc', 'linux', 'windows', 'mac'] },
  { id: 8000, name: 'Other', words: [] },
] as const;

/** The standard Newznab categories staff can choose: the parents above and their usual sub-categories. */
export const NEWZNAB_STANDARD: readonly { id: number; name: string }[] = [
  { id: 2000, name: 'Movies' },
  { id: 2010, name: 'Movies/Foreign' },
  { id: 2020, name: 'Movies/Other' },
  { id: 2030, name: 'Movies/SD' },
  { id: 2040, name: 'Movies/HD' },
  { id: 2045, name: 'Movies/UHD' },
  { id: 2050, name: 'Movies/BluRay' },
  { id: 2060, name: 'Movies/3D' },
  { id: 2070, name: 'Movies/DVD' },
  { id: 2080, name: 'Movies/WEB-DL' },
  { id: 5000, name: 'TV' },
  { id: 5010, name: 'TV/WEB-DL' },
  { id: 5020, name: 'TV/Foreign' },
  { id: 5030, name: 'TV/SD' },
  { id: 5040, name: 'TV/HD' },
  { id: 5045, name: 'TV/UHD' },
  { id: 5050, name: 'TV/Other' },
  { id: 5060, name: 'TV/Sport' },
  { id: 5070, name: 'TV/Anime' },
  { id: 5080, name: 'TV/Documentary' },
  { id: 3000, name: 'Audio' },
  { id: 3010, name: 'Audio/MP3' },
  { id: 3020, name: 'Audio/Video' },
  { id: 3030, name: 'Audio/Audiobook' },
  { id: 3040, name: 'Audio/Lossless' },
  { id: 3050, name: 'Audio/Other' },
  { id: 3060, name: 'Audio/Foreign' },
  { id: 7000, name: 'Books' },
  { id: 7010, name: 'Books/Mags' },
  { id: 7020, name: 'Books/EBook' },
  { id: 7030, name: 'Books/Comics' },
  { id: 7040, name: 'Books/Technical' },
  { id: 7050, name: 'Books/Other' },
  { id: 7060, name: 'Books/Foreign' },
  { id: 4000, name: 'PC' },
  { id: 4010, name: 'PC/0day' },
  { id: 4020, name: 'PC/ISO' },
  { id: 4030, name: 'PC/Mac' },
  { id: 4040, name: 'PC/Mobile-Other' },
  { id: 4050, name: 'PC/Games' },
  { id: 4060, name: 'PC/Mobile-iOS' },
  { id: 4070, name: 'PC/Mobile-Android' },
  { id: 8000, name: 'Other' },
  { id: 8010, name: 'Other/Misc' },
  { id: 8020, name: 'Other/Hashed' },
];

const STANDARD_BY_ID = new Map(NEWZNAB_STANDARD.map((entry) => [entry.id, entry]));

export const CUSTOM_CATEGORY_BASE = 100_000;

export interface TorznabCategory {
  /** The tenant category's own (custom) Newznab id. */
  id: number;
  /** The standard Newznab category it is filed under (a parent like 2000 or a sub-category like 2040). */
  newznabId: number;
  /** The standard parent of newznabId (2040 → 2000). */
  parentId: number;
  /** True when staff have not chosen: newznabId is guessed from the name. */
  guessed: boolean;
  name: string;
  slug: string;
}

export function newznabName(id: number): string {
  return STANDARD_BY_ID.get(id)?.name ?? String(id);
}

export function newznabParentOf(id: number): number {
  return Math.floor(id / 1000) * 1000;
}

/** The standard parent a category's slug and name suggest (8000 Other when nothing does). */
export function guessNewznabParent(slug: string, name: string): number {
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
  const rows = await forTenant(tenantId).category.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { name: true, slug: true, newznabId: true } });
  return rows.map((row, index) => {
    const newznabId = row.newznabId !== null && STANDARD_BY_ID.has(row.newznabId) ? row.newznabId : guessNewznabParent(row.slug, row.name);
    return { id: CUSTOM_CATEGORY_BASE + index + 1, newznabId, parentId: newznabParentOf(newznabId), guessed: row.newznabId === null, name: row.name, slug: row.slug };
  });
}

/**
 * The tenant category slugs a `cat=2000,2040,100003` filter asks for: a parent id takes
 * every category under it, a standard sub-category id the categories filed under it, a
 * custom id its own. Unknown ids match nothing.
 */
export function slugsForNewznabIds(categories: readonly TorznabCategory[], ids: readonly number[]): string[] {
  const wanted = new Set(ids);
  return categories
    .filter((category) => wanted.has(category.id) || wanted.has(category.newznabId) || wanted.has(category.parentId))
    .map((category) => category.slug);
}

/** Staff's view: each category with the Newznab category it is filed under, and whether that is a guess. */
export async function listCategoryNewznab(tenantId: string) {
  const mapped = await torznabCategories(tenantId);
  const ids = await forTenant(tenantId).category.findMany({ select: { id: true, slug: true, position: true } });
  const bySlug = new Map(ids.map((row) => [row.slug, row]));
  return mapped
    .map((category) => ({ ...category, categoryId: bySlug.get(category.slug)!.id, position: bySlug.get(category.slug)!.position, newznabName: newznabName(category.newznabId) }))
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

/** Staff set (or, with null, clear back to the guess) one category's Newznab category; audited. */
export async function setCategoryNewznab(options: { tenantId: string; staffId: string; categoryId: string; newznabId: number | null }): Promise<void> {
  if (options.newznabId !== null && !STANDARD_BY_ID.has(options.newznabId)) {
    throw new AppError('BAD_REQUEST', `${options.newznabId} is not a Newznab category this site offers; pick one from the list (e.g. 2000 Movies, 5040 TV/HD)`);
  }
  await withTenant(options.tenantId, async (tx) => {
    const category = await tx.category.findUnique({ where: { id: options.categoryId }, select: { id: true, name: true, newznabId: true } });
    if (!category) throw new AppError('NOT_FOUND', 'that category does not exist here');
    await tx.category.update({ where: { id: category.id }, data: { newznabId: options.newznabId } });
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.staffId,
      action: 'category.newznab',
      targetType: 'category',
      targetId: category.id,
      details: { name: category.name, from: category.newznabId, to: options.newznabId },
    });
  });
}
