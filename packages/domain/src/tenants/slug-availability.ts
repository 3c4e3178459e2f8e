// The sign-up's live slug check: whether a slug could become <slug>.<BASE_DOMAIN> now,
// and if not, why in words the form shows as the owner types. Creating the tenant checks
// again (checkSlug and the unique key), so a slug taken in between still fails clearly.
import type { DbClient } from '@swarmhost/db';
import { isAppError } from '../errors';
import { checkSlug } from '../validation';

export type SlugAvailability = { slug: string; available: true } | { slug: string; available: false; reason: string };

export async function checkSlugAvailability(options: { db: DbClient; slug: string }): Promise<SlugAvailability> {
  const slug = options.slug.trim().toLowerCase();
  try {
    checkSlug(slug);
  } catch (error) {
    if (isAppError(error)) return { slug, available: false, reason: error.message };
    throw error;
  }
  const taken = await options.db.tenant.findUnique({ where: { slug }, select: { id: true } });
  return taken ? { slug, available: false, reason: `"${slug}" is taken by another community; try another` } : { slug, available: true };
}
