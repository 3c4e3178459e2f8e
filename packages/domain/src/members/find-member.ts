// Looks a member up by tenant slug and username (case-insensitive), for operator commands.
import type { DbClient } from '@swarmhost/db';
import { AppError } from '../errors';
import { findTenantBySlug } from '../tenants/find-tenant';

export async function findMemberByUsername(db: DbClient, tenantSlug: string, username: string) {
  const tenant = await findTenantBySlug(db, tenantSlug);
  const member = await db.member.findFirst({
    where: { tenantId: tenant.id, username },
    select: { id: true, tenantId: true, username: true, passkey: true, status: true, role: true },
  });
  if (!member) {
    throw new AppError('NOT_FOUND', `no member "${username}" in tenant "${tenantSlug}"`);
  }
  return { tenant, member };
}
