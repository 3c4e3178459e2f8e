// Removing a co-owner and handing a community to another owner, from the console.
// tenant_owners has one primary owner per tenant (role 'owner', a partial unique index)
// and any number of co-owners. Only the primary owner or a platform admin changes who
// runs the tenant; the primary owner cannot be removed (a community always has one), so
// it first hands ownership to a co-owner, who can then remove them. Each change runs
// under the tenant row's lock, so two owners acting at once cannot leave it ownerless,
// and is audited on the tenant.
import type { DbClient, DbTransaction } from '@swarmhost/db';
import { AppError } from '../errors';
import type { AccessibleTenant } from './tenant-access';

export interface OwnerChangeOptions {
  db: DbClient;
  tenant: AccessibleTenant;
  actor: { id: string; role: 'admin' | 'owner' };
  /** The console username of the owner or co-owner acted on. */
  username: string;
}

/** Locks the tenant and re-reads its owners, so the checks below hold until the commit. */
async function lockedOwners(tx: DbTransaction, tenantId: string) {
  await tx.$queryRaw`SELECT id FROM tenants WHERE id = ${tenantId}::uuid FOR UPDATE`;
  return tx.tenantOwner.findMany({ where: { tenantId }, select: { operatorId: true, role: true, operator: { select: { username: true } } } });
}

type OwnerRows = Awaited<ReturnType<typeof lockedOwners>>;

function requirePrimaryOwnerOrAdmin(options: OwnerChangeOptions, owners: OwnerRows, what: string): void {
  if (options.actor.role === 'admin') return;
  const mine = owners.find((row) => row.operatorId === options.actor.id);
  if (mine?.role !== 'owner') throw new AppError('FORBIDDEN', `only the owner of ${options.tenant.name} can ${what}; ask them to do it`);
}

function findOwner(options: OwnerChangeOptions, owners: OwnerRows) {
  const wanted = options.username.trim().toLowerCase();
  const row = owners.find((owner) => owner.operator.username.toLowerCase() === wanted);
  if (!row) throw new AppError('NOT_FOUND', `${options.username.trim()} is not an owner or co-owner of ${options.tenant.name}`);
  return row;
}

export async function removeCoOwner(options: OwnerChangeOptions): Promise<void> {
  await options.db.$transaction(async (tx) => {
    const owners = await lockedOwners(tx, options.tenant.id);
    requirePrimaryOwnerOrAdmin(options, owners, 'remove co-owners');
    const target = findOwner(options, owners);
    if (target.role === 'owner') {
      const others = owners.length - 1;
      throw new AppError(
        'CONFLICT',
        others === 0
          ? `${target.operator.username} is the last owner of ${options.tenant.name} and cannot be removed; a community always has an owner (delete the community instead)`
          : `${target.operator.username} is the owner of ${options.tenant.name} and cannot be removed; hand ownership to a co-owner first`,
      );
    }
    await tx.tenantOwner.delete({ where: { tenantId_operatorId: { tenantId: options.tenant.id, operatorId: target.operatorId } } });
    await tx.auditLog.create({
      data: { tenantId: options.tenant.id, actorOperatorId: options.actor.id, action: 'tenant.co_owner_removed', targetType: 'operator', targetId: target.operatorId, details: { username: target.operator.username } },
    });
  });
}

/** Makes a co-owner the primary owner; the previous owner (if any) stays on as a co-owner. */
export async function transferTenantOwnership(options: OwnerChangeOptions): Promise<void> {
  await options.db.$transaction(async (tx) => {
    const owners = await lockedOwners(tx, options.tenant.id);
    requirePrimaryOwnerOrAdmin(options, owners, 'hand it over');
    const target = findOwner(options, owners);
    if (target.role === 'owner') throw new AppError('CONFLICT', `${target.operator.username} already is the owner of ${options.tenant.name}`);
    const previous = owners.find((row) => row.role === 'owner');
    // Demote first: the partial unique index allows one primary owner at any moment.
    if (previous) {
      await tx.tenantOwner.update({ where: { tenantId_operatorId: { tenantId: options.tenant.id, operatorId: previous.operatorId } }, data: { role: 'co_owner' } });
    }
    await tx.tenantOwner.update({ where: { tenantId_operatorId: { tenantId: options.tenant.id, operatorId: target.operatorId } }, data: { role: 'owner' } });
    await tx.auditLog.create({
      data: {
        tenantId: options.tenant.id,
        actorOperatorId: options.actor.id,
        action: 'tenant.ownership_transferred',
        targetType: 'operator',
        targetId: target.operatorId,
        details: { from: previous?.operator.username ?? null, to: target.operator.username },
      },
    });
  });
}
