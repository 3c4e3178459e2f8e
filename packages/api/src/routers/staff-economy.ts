// The staff economy page (issue 11): the earning rules, the store items and the
// hit-and-run rules of the tenant's settings, a member picker for the earning preview and
// manual adjustments. Staff read and preview; admins save (the domain checks the role
// in the saving transaction). The preview itself is staff.earningPreview; adjustments
// are bonus.adjust.
import { findMembersByName } from '@swarmhost/domain/bonus/find-members';
import { mayEditEconomy, readEconomySettings, saveEconomySettings } from '@swarmhost/domain/bonus/economy-settings';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { staffProcedure } from '../trpc';

/** A settings block as submitted; its fields are validated by the tenant settings schema, which names them. */
const block = z.record(z.string(), z.unknown(), { message: 'must be an object of settings' });

export const staffEconomyRouter = {
  settings: staffProcedure.query(async ({ ctx }) => ({ ...(await readEconomySettings(ctx.tenant.id)), canEdit: mayEditEconomy(ctx.me.role) })),

  save: staffProcedure
    .input(z.object({ bonus: block.optional(), hitAndRun: block.optional(), version: z.string().min(1).max(40) }))
    .mutation(({ ctx, input }) =>
      saveEconomySettings({ tenantId: ctx.tenant.id, staffId: ctx.me.id, bonus: input.bonus, hitAndRun: input.hitAndRun, version: input.version, publisher: ctx.services.publisher }),
    ),

  /** Members whose name starts with or contains `query` (at most 10), with balance and whether they may be adjusted. */
  findMembers: staffProcedure
    .input(z.object({ query: z.string().max(64, 'must be at most 64 characters') }))
    .query(({ ctx, input }) => findMembersByName({ tenantId: ctx.tenant.id, actor: { id: ctx.me.id, role: ctx.me.role }, query: input.query })),
} satisfies TRPCRouterRecord;
