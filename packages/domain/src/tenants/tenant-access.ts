// Who may act on a tenant from the console: platform admins on every tenant, owners and
// co-owners on the tenants tenant_owners gives them. The API's tenant procedures call
// this once per request, so no console procedure can skip it. A tenant someone does not
// own answers exactly like a missing one: its existence is not theirs to learn.
import type { DbClient } from '@swarmhost/db';
import { AppError } from '../errors';

export interface ConsoleAccount {
  id: string;
  role: 'admin' | 'owner';
}

export type TenantAccessLevel = 'admin' | 'owner' | 'co_owner';

export interface AccessibleTenant {
  id: string;
  slug: string;
  name: string;
  status: string;
  /** How the account reaches the tenant: as a platform admin, its owner or a co-owner. */
  access: TenantAccessLevel;
}

export async function findTenantForConsole(options: { db: DbClient; account: ConsoleAccount; slug: string }): Promise<AccessibleTenant> {
  const tenant = await options.db.tenant.findUnique({
    where: { slug: options.slug },
    select: { id: true, slug: true, name: true, status: true, owners: { where: { operatorId: options.account.id }, select: { role: true } } },
  });
  const missing = new AppError('NOT_FOUND', `no community with slug "${options.slug}" among yours`);
  if (!tenant) throw missing;
  const { owners, ...found } = tenant;
  if (options.account.role === 'admin') return { ...found, access: 'admin' };
  const ownership = owners[0]?.role;
  if (ownership === undefined) throw missing;
  return { ...found, access: ownership };
}

/** Only the owner (or a platform admin) invites co-owners; a co-owner runs the tenant but does not hand it on. */
export function requireOwnerAccess(tenant: AccessibleTenant): void {
  if (tenant.access === 'co_owner') {
    throw new AppError('FORBIDDEN', `only the owner of ${tenant.name} can invite co-owners; ask them to send the invite`);
  }
}
