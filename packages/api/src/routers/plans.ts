// Plans and quotas in the console (issue 14): platform admins list, create and edit
// plans and move a tenant to another plan; an owner reads their tenant's usage against
// its plan (the tenant procedure checks they own it). Limits themselves are enforced
// in the domain (plans/quota.ts) and by the tracker.
import { systemClient } from '@swarmhost/db/system';
import { createPlan, listPlans, setDefaultPlan, setTenantPlan, updatePlan } from '@swarmhost/domain/plans/plans';
import { readTenantUsage } from '@swarmhost/domain/plans/tenant-usage';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { AppError, consoleTenantProcedure, operatorProcedure, platformAdminProcedure } from '../trpc';

// Shapes only; the domain checks ranges and words the errors (plans/plan-fields.ts).
const planFields = z.object({
  name: z.string().max(200),
  maxMembers: z.number(),
  maxTorrents: z.number(),
  announcesPerSecond: z.number(),
  searchesPerSecond: z.number().optional(),
  maxTorrentFileBytes: z.number(),
  maxContentBytes: z.number().nullable(),
  priceLabel: z.string().max(200),
  active: z.boolean(),
});

const planId = z.uuid({ message: 'not a plan id; reload the list' });

export const plansRouter = {
  list: platformAdminProcedure.query(() => listPlans({ db: systemClient() })),

  /** What an owner may choose (sign-up, a plan change request): active plans only. */
  offered: operatorProcedure.query(async () =>
    (await listPlans({ db: systemClient(), activeOnly: true })).map(({ tenantCount: _count, ...plan }) => plan),
  ),

  create: platformAdminProcedure.input(planFields).mutation(({ input }) => createPlan({ db: systemClient(), fields: input })),

  update: platformAdminProcedure
    .input(z.object({ planId, fields: planFields }))
    .mutation(({ ctx, input }) => updatePlan({ db: systemClient(), publisher: ctx.services.publisher, planId: input.planId, fields: input.fields })),

  setDefault: platformAdminProcedure.input(z.object({ planId })).mutation(({ input }) => setDefaultPlan({ db: systemClient(), planId: input.planId })),

  setTenantPlan: consoleTenantProcedure.input(z.object({ planId })).mutation(async ({ ctx, input }) => {
    if (ctx.consoleTenant.access !== 'admin') {
      throw new AppError('FORBIDDEN', 'only platform admins change a community’s plan; ask them for a larger one');
    }
    await setTenantPlan({ db: systemClient(), publisher: ctx.services.publisher, tenantId: ctx.consoleTenant.id, planId: input.planId });
  }),

  usage: consoleTenantProcedure.query(async ({ ctx }) => {
    const usage = await readTenantUsage({ db: systemClient(), tenantId: ctx.consoleTenant.id });
    return { tenant: { slug: ctx.consoleTenant.slug, name: ctx.consoleTenant.name, access: ctx.consoleTenant.access }, ...usage };
  }),
} satisfies TRPCRouterRecord;
