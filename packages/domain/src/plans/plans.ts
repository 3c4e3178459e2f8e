// Plans as platform admins see and edit them. An edited plan applies to every tenant on
// it at once: each such tenant's caches (site and tracker) are told, so the tracker's
// announce budget and the quota checks follow within a second.
import type { DbClient } from '@swarmhost/db';
import { publishInvalidation, type Publisher } from '@swarmhost/events';
import { AppError } from '../errors';
import { isUniqueViolation } from '../prisma-errors';
import { planFieldsSchema, type PlanFields, type PlanView } from './plan-fields';

const planSelect = {
  id: true,
  name: true,
  maxMembers: true,
  maxTorrents: true,
  announcesPerSecond: true,
  searchesPerSecond: true,
  maxTorrentFileBytes: true,
  maxContentBytes: true,
  priceLabel: true,
  active: true,
  isDefault: true,
  _count: { select: { tenants: true } },
} as const;

type PlanRow = {
  id: string;
  name: string;
  maxMembers: number;
  maxTorrents: number;
  announcesPerSecond: number;
  searchesPerSecond: number;
  maxTorrentFileBytes: number;
  maxContentBytes: bigint | null;
  priceLabel: string;
  active: boolean;
  isDefault: boolean;
  _count: { tenants: number };
};

function view(row: PlanRow): PlanView {
  const { _count, maxContentBytes, ...rest } = row;
  return { ...rest, maxContentBytes: maxContentBytes === null ? null : Number(maxContentBytes), tenantCount: _count.tenants };
}

function checkFields(input: unknown): PlanFields {
  const parsed = planFieldsSchema.safeParse(input);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.map(String).join('.'), issue.message]));
    throw new AppError('BAD_REQUEST', parsed.error.issues.map((issue) => issue.message).join('; '), { fields });
  }
  return parsed.data;
}

function nameTaken(name: string): AppError {
  return new AppError('CONFLICT', `a plan named "${name}" exists already; choose another name`, { fields: { name: 'taken' } });
}

export async function listPlans(options: { db: DbClient; activeOnly?: boolean }): Promise<PlanView[]> {
  const rows = await options.db.plan.findMany({
    where: options.activeOnly ? { active: true } : {},
    select: planSelect,
    orderBy: [{ isDefault: 'desc' }, { maxMembers: 'asc' }, { name: 'asc' }],
  });
  return rows.map(view);
}

export async function createPlan(options: { db: DbClient; fields: unknown }): Promise<PlanView> {
  const fields = checkFields(options.fields);
  try {
    const row = await options.db.plan.create({
      data: { ...fields, maxContentBytes: fields.maxContentBytes === null ? null : BigInt(fields.maxContentBytes) },
      select: planSelect,
    });
    return view(row);
  } catch (error) {
    if (isUniqueViolation(error, 'name')) throw nameTaken(fields.name);
    throw error;
  }
}

export async function updatePlan(options: { db: DbClient; publisher?: Publisher; planId: string; fields: unknown }): Promise<PlanView> {
  const fields = checkFields(options.fields);
  const current = await options.db.plan.findUnique({ where: { id: options.planId }, select: { isDefault: true } });
  if (!current) throw new AppError('NOT_FOUND', 'this plan does not exist; reload the list');
  if (current.isDefault && !fields.active) {
    throw new AppError('BAD_REQUEST', 'the default plan cannot be retired: new communities get it; make another plan the default first', { fields: { active: 'default plan' } });
  }
  let row;
  try {
    row = await options.db.plan.update({
      where: { id: options.planId },
      data: { ...fields, maxContentBytes: fields.maxContentBytes === null ? null : BigInt(fields.maxContentBytes) },
      select: planSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error, 'name')) throw nameTaken(fields.name);
    throw error;
  }
  await invalidateTenantsOnPlan(options.db, options.publisher, options.planId);
  return view(row);
}

/** Makes `planId` the plan new tenants get (it must be active). */
export async function setDefaultPlan(options: { db: DbClient; planId: string }): Promise<void> {
  await options.db.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: options.planId }, select: { active: true } });
    if (!plan) throw new AppError('NOT_FOUND', 'this plan does not exist; reload the list');
    if (!plan.active) throw new AppError('BAD_REQUEST', 'a retired plan cannot be the default; make it active first');
    await tx.plan.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    await tx.plan.update({ where: { id: options.planId }, data: { isDefault: true } });
  });
}

/** The plan called `name` (any case), for the CLI's --plan and sign-up. */
export async function findPlanByName(db: DbClient, name: string): Promise<{ id: string; name: string; active: boolean }> {
  const plan = await db.plan.findUnique({ where: { name: name.trim() }, select: { id: true, name: true, active: true } });
  if (!plan) {
    const names = (await db.plan.findMany({ where: { active: true }, select: { name: true }, orderBy: { name: 'asc' } })).map((row) => row.name);
    throw new AppError('NOT_FOUND', `no plan named "${name}"; plans: ${names.join(', ') || '(none)'}`);
  }
  return plan;
}

/** Moves a tenant to another active plan; its caches are told at once. */
export async function setTenantPlan(options: { db: DbClient; publisher?: Publisher; tenantId: string; planId: string }): Promise<void> {
  const plan = await options.db.plan.findUnique({ where: { id: options.planId }, select: { active: true, name: true } });
  if (!plan) throw new AppError('NOT_FOUND', 'this plan does not exist; reload the list');
  if (!plan.active) throw new AppError('BAD_REQUEST', `the plan "${plan.name}" is retired; choose an active plan`);
  const updated = await options.db.tenant.updateMany({ where: { id: options.tenantId }, data: { planId: options.planId } });
  if (updated.count !== 1) throw new AppError('NOT_FOUND', 'this tenant does not exist');
  if (options.publisher) await publishInvalidation(options.publisher, { kind: 'tenant', tenantId: options.tenantId });
}

async function invalidateTenantsOnPlan(db: DbClient, publisher: Publisher | undefined, planId: string): Promise<void> {
  if (!publisher) return;
  const tenants = await db.tenant.findMany({ where: { planId }, select: { id: true } });
  for (const tenant of tenants) await publishInvalidation(publisher, { kind: 'tenant', tenantId: tenant.id });
}
