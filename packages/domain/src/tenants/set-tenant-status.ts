// Suspends or resumes a tenant. Suspension takes effect on the tracker within a second
// (cache invalidation) and on the site at the next request.
import type { DbClient } from '@swarmhost/db';
import { publishInvalidation, type Publisher } from '@swarmhost/events';
import { AppError } from '../errors';
import { findTenantBySlug } from './find-tenant';

export interface SetTenantStatusOptions {
  db: DbClient;
  publisher?: Publisher;
  slug: string;
  status: 'active' | 'suspended';
  reason?: string;
  actorOperatorId?: string;
}

export async function setTenantStatus(options: SetTenantStatusOptions) {
  const tenant = await findTenantBySlug(options.db, options.slug);
  if (tenant.status === options.status) {
    const state = options.status === 'active' ? 'active' : 'suspended';
    throw new AppError('CONFLICT', `tenant "${options.slug}" is already ${state}`);
  }
  const suspended = options.status === 'suspended';
  const updated = await options.db.$transaction(async (tx) => {
    const row = await tx.tenant.update({
      where: { id: tenant.id },
      data: {
        status: options.status,
        suspendedReason: suspended ? (options.reason ?? 'suspended by the operator') : null,
        suspendedAt: suspended ? new Date() : null,
      },
      select: { id: true, slug: true, name: true, status: true, suspendedReason: true },
    });
    await tx.auditLog.create({
      data: {
        tenantId: tenant.id,
        actorOperatorId: options.actorOperatorId ?? null,
        action: suspended ? 'tenant.suspend' : 'tenant.resume',
        targetType: 'tenant',
        targetId: tenant.id,
        details: { reason: options.reason ?? null },
      },
    });
    return row;
  });
  if (options.publisher) {
    await publishInvalidation(options.publisher, { kind: 'tenant', tenantId: tenant.id });
  }
  return updated;
}
