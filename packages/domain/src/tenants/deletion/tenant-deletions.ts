// Deletion as the console asks for it: the owner types the slug again, the tenant is
// removed DELETION_GRACE_DAYS later unless someone cancels first. Until then the
// community works as before: members keep downloading and staff keep moderating, so
// a request made in error (or by a compromised owner account) costs nobody anything,
// and the owner can still export. Each step leaves a platform audit entry (tenant_id
// null), which outlives the tenant's own audit log.
import type { DbClient, DbTransaction } from '@swarmhost/db';
import { AppError } from '../../errors';

export const DELETION_GRACE_DAYS = 7;

export interface DeletionTenant {
  id: string;
  slug: string;
  name: string;
}

export interface DeletionState {
  requestedAt: string;
  dueAt: string;
  /** Set once the worker has suspended the tenant and begun removing it: no cancelling then. */
  purgeStartedAt: string | null;
  requestedBy: string | null;
}

export async function recordPlatformAudit(
  db: DbClient | DbTransaction,
  entry: { action: string; tenant: DeletionTenant; operatorId: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db.auditLog.create({
    data: {
      tenantId: null,
      actorOperatorId: entry.operatorId,
      action: entry.action,
      targetType: 'tenant',
      targetId: entry.tenant.id,
      details: { slug: entry.tenant.slug, name: entry.tenant.name, ...entry.details },
    },
  });
}

export async function getTenantDeletion(options: { db: DbClient; tenantId: string }): Promise<DeletionState | null> {
  const row = await options.db.tenantDeletion.findUnique({
    where: { tenantId: options.tenantId },
    select: { requestedAt: true, dueAt: true, purgeStartedAt: true, requestedBy: { select: { username: true } } },
  });
  if (!row) return null;
  return {
    requestedAt: row.requestedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    purgeStartedAt: row.purgeStartedAt?.toISOString() ?? null,
    requestedBy: row.requestedBy?.username ?? null,
  };
}

export async function requestTenantDeletion(options: {
  db: DbClient;
  tenant: DeletionTenant;
  confirmSlug: string;
  operatorId: string;
  now: Date;
}): Promise<DeletionState> {
  const typed = options.confirmSlug.trim();
  if (typed !== options.tenant.slug) {
    throw new AppError('BAD_REQUEST', `the slug you typed ("${typed}") is not this community's; type "${options.tenant.slug}" exactly to confirm the deletion`);
  }
  const dueAt = new Date(options.now.getTime() + DELETION_GRACE_DAYS * 86_400_000);
  await options.db.$transaction(async (tx) => {
    const existing = await tx.tenantDeletion.findUnique({ where: { tenantId: options.tenant.id }, select: { dueAt: true } });
    if (existing) throw new AppError('CONFLICT', `${options.tenant.slug} is already due to be deleted on ${existing.dueAt.toISOString()}; cancel that first to start again`);
    await tx.tenantDeletion.create({ data: { tenantId: options.tenant.id, requestedByOperatorId: options.operatorId, requestedAt: options.now, dueAt } });
    await recordPlatformAudit(tx, { action: 'tenant.delete.request', tenant: options.tenant, operatorId: options.operatorId, details: { dueAt: dueAt.toISOString() } });
  });
  const state = await getTenantDeletion({ db: options.db, tenantId: options.tenant.id });
  if (!state) throw new AppError('INTERNAL', 'the deletion request was not saved');
  return state;
}

export async function cancelTenantDeletion(options: { db: DbClient; tenant: DeletionTenant; operatorId: string }): Promise<void> {
  await options.db.$transaction(async (tx) => {
    // The worker claims a due deletion under the same row lock: one of the two wins.
    const [row] = await tx.$queryRaw<{ purge_started_at: Date | null }[]>`
      SELECT purge_started_at FROM tenant_deletions WHERE tenant_id = ${options.tenant.id}::uuid FOR UPDATE`;
    if (!row) throw new AppError('NOT_FOUND', `${options.tenant.slug} is not due to be deleted; there is nothing to cancel`);
    if (row.purge_started_at) throw new AppError('CONFLICT', `the removal of ${options.tenant.slug} has already begun and cannot be stopped`);
    await tx.tenantDeletion.delete({ where: { tenantId: options.tenant.id } });
    await recordPlatformAudit(tx, { action: 'tenant.delete.cancel', tenant: options.tenant, operatorId: options.operatorId });
  });
}
