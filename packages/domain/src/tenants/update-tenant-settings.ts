// Operator edits of a tenant's name and settings. The patch is merged over the stored
// settings, validated as a whole, saved with an audit row, and the tracker is told.
import { parseTenantSettings, type TenantSettingsInput } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { publishInvalidation, type Publisher } from '@swarmhost/events';
import { AppError } from '../errors';
import { checkTenantName } from '../validation';

export interface UpdateTenantSettingsOptions {
  publisher: Publisher;
  slug: string;
  name?: string;
  settings: Partial<TenantSettingsInput>;
  actorOperatorId: string;
}

export async function updateTenantSettings(options: UpdateTenantSettingsOptions) {
  const db = systemClient();
  const tenant = await db.tenant.findUnique({ where: { slug: options.slug }, select: { id: true, settings: true } });
  if (!tenant) throw new AppError('NOT_FOUND', `no tenant with slug "${options.slug}"`);
  const stored = (tenant.settings ?? {}) as Record<string, unknown>;
  const merged = { ...stored, ...options.settings };
  // Derived on read; storing it would freeze it when the announce interval changes.
  if (!('peerTtlSeconds' in options.settings)) delete merged.peerTtlSeconds;
  let settings;
  try {
    settings = parseTenantSettings(merged);
  } catch (error) {
    throw new AppError('BAD_REQUEST', error instanceof Error ? error.message : String(error));
  }
  const name = options.name === undefined ? undefined : checkTenantName(options.name);
  const { peerTtlSeconds: _derived, ...toStore } = settings;
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.tenant.update({
      where: { id: tenant.id },
      data: { settings: toStore as object, ...(name ? { name } : {}) },
      select: { id: true, slug: true, name: true, settings: true },
    });
    await tx.auditLog.create({
      data: {
        tenantId: tenant.id,
        actorOperatorId: options.actorOperatorId,
        action: 'tenant.update_settings',
        targetType: 'tenant',
        targetId: tenant.id,
        details: { changed: Object.keys(options.settings), name: name ?? null },
      },
    });
    return row;
  });
  await publishInvalidation(options.publisher, { kind: 'tenant', tenantId: tenant.id });
  return { ...updated, settings: parseTenantSettings(updated.settings) };
}
