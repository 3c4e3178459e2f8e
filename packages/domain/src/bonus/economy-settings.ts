// The staff economy page's settings: the `bonus` block (earning rules, the cap, store
// items) and the `hitAndRun` block of tenants.settings. Admins save them (staff read and
// preview): the blocks are merged over what is stored, the whole settings validated with
// every problem named by its field, saved with an audit row of what changed, and the
// tracker and site processes told through the tenant invalidation.
import { Prisma, tenantSettingsSchema, parseTenantSettings, type TenantSettings } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { publishInvalidation, type Publisher } from '@swarmhost/events';
import { AppError } from '../errors';

export interface EconomySettings {
  bonus: TenantSettings['bonus'];
  hitAndRun: TenantSettings['hitAndRun'];
  /** Compare-and-set token: the tenant row's updated_at when read (ISO). */
  version: string;
}

/** Only admins change community-wide rules; staff below them see and preview them. */
export const mayEditEconomy = (role: string) => role === 'admin';

export async function readEconomySettings(tenantId: string): Promise<EconomySettings> {
  const tenant = await systemClient().tenant.findUnique({ where: { id: tenantId }, select: { settings: true, updatedAt: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'no such community');
  const settings = parseTenantSettings(tenant.settings);
  return { bonus: settings.bonus, hitAndRun: settings.hitAndRun, version: tenant.updatedAt.toISOString() };
}

export interface SaveEconomySettingsOptions {
  tenantId: string;
  staffId: string;
  /** Replaces the keys given of each block; keys left out keep their stored value. */
  bonus?: Record<string, unknown>;
  hitAndRun?: Record<string, unknown>;
  /** The version the editor started from; a newer save in between is refused. */
  version: string;
  publisher: Publisher;
}

/** Field → message for every problem ("bonus.earningRules.2.threshold" → "is required …"). */
export function settingsFieldErrors(input: unknown): Record<string, string> | null {
  const result = tenantSettingsSchema.safeParse(input);
  if (result.success) return null;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'settings';
    fields[field] ??= issue.message;
  }
  return fields;
}

/** The dotted paths whose values differ, down to a rule's or an item's field. */
function changedPaths(before: unknown, after: unknown, prefix: string, out: string[]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const isContainer = (value: unknown) => value !== null && typeof value === 'object';
  if (!isContainer(before) || !isContainer(after) || Array.isArray(before) !== Array.isArray(after) || out.length > 100) {
    out.push(prefix);
    return;
  }
  const left = before as Record<string, unknown>;
  const right = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) changedPaths(left[key], right[key], `${prefix}.${key}`, out);
}

export async function saveEconomySettings(options: SaveEconomySettingsOptions): Promise<EconomySettings & { changed: string[] }> {
  const db = systemClient();
  const saved = await db.$transaction(async (tx) => {
    const actor = await tx.member.findFirst({ where: { tenantId: options.tenantId, id: options.staffId }, select: { role: true, status: true } });
    if (!actor || actor.status !== 'active' || actor.role === 'member') throw new AppError('FORBIDDEN', 'only staff can do this');
    if (!mayEditEconomy(actor.role)) {
      throw new AppError('FORBIDDEN', `only an admin can change the economy settings (you are ${actor.role}); you can still preview rules and adjust points`);
    }
    // The tenant row locked: two saves at once apply one after the other, and the second
    // sees the first's version and is refused instead of silently undoing it.
    const [row] = await tx.$queryRaw<{ settings: unknown; updated_at: Date }[]>(
      Prisma.sql`SELECT settings, updated_at FROM tenants WHERE id = ${options.tenantId}::uuid FOR UPDATE`,
    );
    if (!row) throw new AppError('NOT_FOUND', 'no such community');
    if (row.updated_at.toISOString() !== options.version) {
      throw new AppError('CONFLICT', 'the settings were saved by someone else since you opened this page; reload it (your edits are lost on reload: copy them first)');
    }
    const stored = (row.settings ?? {}) as Record<string, unknown>;
    const block = (key: string) => (typeof stored[key] === 'object' && stored[key] !== null ? (stored[key] as Record<string, unknown>) : {});
    const merged: Record<string, unknown> = {
      ...stored,
      ...(options.bonus ? { bonus: { ...block('bonus'), ...options.bonus } } : {}),
      ...(options.hitAndRun ? { hitAndRun: { ...block('hitAndRun'), ...options.hitAndRun } } : {}),
    };
    const fields = settingsFieldErrors(merged);
    if (fields) {
      const list = Object.entries(fields).map(([field, message]) => `${field}: ${message}`);
      throw new AppError('BAD_REQUEST', `fix these settings: ${list.join('; ')}`, { fields });
    }
    const before = parseTenantSettings(stored);
    const after = parseTenantSettings(merged);
    const changed: string[] = [];
    changedPaths(before.bonus, after.bonus, 'bonus', changed);
    changedPaths(before.hitAndRun, after.hitAndRun, 'hitAndRun', changed);
    // Stored as validated (defaults filled), but the derived TTL is never frozen in.
    if (!('peerTtlSeconds' in stored)) delete (merged as { peerTtlSeconds?: unknown }).peerTtlSeconds;
    const toStore = { ...merged, bonus: after.bonus, hitAndRun: after.hitAndRun };
    const updated = await tx.tenant.update({ where: { id: options.tenantId }, data: { settings: toStore as object }, select: { updatedAt: true } });
    await tx.auditLog.create({
      data: {
        tenantId: options.tenantId,
        actorMemberId: options.staffId,
        action: 'tenant.economy_settings_saved',
        targetType: 'tenant',
        targetId: options.tenantId,
        details: { changed, before: { bonus: before.bonus, hitAndRun: before.hitAndRun }, after: { bonus: after.bonus, hitAndRun: after.hitAndRun } } as object,
      },
    });
    return { bonus: after.bonus, hitAndRun: after.hitAndRun, version: updated.updatedAt.toISOString(), changed };
  });
  // After the commit: tracker workers and site processes drop their cached settings.
  await publishInvalidation(options.publisher, { kind: 'tenant', tenantId: options.tenantId });
  return saved;
}
