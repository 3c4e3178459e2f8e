// Creates a community: the tenant row, its default groups, categories and chat rooms,
// all in one transaction, so a tenant is usable (site and tracker) the moment it exists.
import type { DbClient, DbTransaction } from '@swarmhost/db';
import { parseTenantSettings } from '@swarmhost/db';
import { AppError } from '../errors';
import { isUniqueViolation } from '../prisma-errors';
import { checkSlug, checkTenantName } from '../validation';

export const DEFAULT_CATEGORIES = ['Movies', 'TV', 'Music', 'Games', 'Software', 'Books'] as const;

export interface CreateTenantOptions {
  db: DbClient;
  slug: string;
  name: string;
  /** Partial settings; everything else takes the defaults. */
  settings?: Record<string, unknown>;
  actorOperatorId?: string;
  /** More rows that belong with the tenant (its owner, their admin member), in the same transaction. */
  within?: (tx: DbTransaction, tenant: CreatedTenant) => Promise<void>;
}

export interface CreatedTenant {
  id: string;
  slug: string;
  name: string;
  status: string;
}

export async function createTenant(options: CreateTenantOptions): Promise<CreatedTenant> {
  const slug = checkSlug(options.slug);
  const name = checkTenantName(options.name);
  const settings = parseSettingsOrThrow(options.settings ?? {});
  try {
    return await options.db.$transaction(async (tx) => {
      const tenant = await tx.tenant.create({
        data: { slug, name, settings: settings as object },
        select: { id: true, slug: true, name: true, status: true },
      });
      await tx.group.createMany({
        data: [
          { tenantId: tenant.id, name: 'Members', isDefault: true, permissions: ['torrents.upload', 'invites.create'] },
          { tenantId: tenant.id, name: 'Staff', permissions: ['torrents.moderate', 'members.manage', 'audit.view'] },
        ],
      });
      await tx.category.createMany({
        data: DEFAULT_CATEGORIES.map((categoryName) => ({
          tenantId: tenant.id,
          name: categoryName,
          slug: categoryName.toLowerCase(),
        })),
      });
      await tx.chatRoom.createMany({
        data: [
          { tenantId: tenant.id, slug: 'general', name: 'General' },
          { tenantId: tenant.id, slug: 'staff', name: 'Staff', staffOnly: true },
        ],
      });
      await tx.auditLog.create({
        data: {
          tenantId: tenant.id,
          actorOperatorId: options.actorOperatorId ?? null,
          action: 'tenant.create',
          targetType: 'tenant',
          targetId: tenant.id,
          details: { slug, name },
        },
      });
      await options.within?.(tx, tenant);
      return tenant;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'slug')) {
      throw new AppError('CONFLICT', `a tenant with slug "${slug}" already exists`);
    }
    throw error;
  }
}

function parseSettingsOrThrow(settings: Record<string, unknown>) {
  try {
    return parseTenantSettings(settings);
  } catch (error) {
    throw new AppError('BAD_REQUEST', error instanceof Error ? error.message : String(error));
  }
}
