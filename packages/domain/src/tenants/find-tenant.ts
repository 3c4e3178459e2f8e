// Looks a tenant up by slug for operator commands, failing with a message that says
// which slug was not found.
import type { DbClient } from '@swarmhost/db';
import { AppError } from '../errors';

export async function findTenantBySlug(db: DbClient, slug: string) {
  const tenant = await db.tenant.findUnique({ where: { slug } });
  if (!tenant) throw new AppError('NOT_FOUND', `no tenant with slug "${slug}"`);
  return tenant;
}
