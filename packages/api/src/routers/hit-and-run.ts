// Hit-and-run warnings (issue 11): a member's status on their profile (the member and
// staff only), the staff list and the pardon. The domain reads, locks and audits; this
// checks input shape and passes who is asking.
import { forTenant } from '@swarmhost/db';
import { AppError } from '@swarmhost/domain';
import {
  getHitAndRunStatus,
  listHitAndRunWarnings,
  PARDON_REASON_MAX,
  pardonWarning,
  WARNING_FILTERS,
} from '@swarmhost/domain/hit-and-run/warnings';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { memberProcedure, staffProcedure } from '../trpc';

export const hitAndRunRouter = {
  /** A member's warnings, what is missing on each, downloads at risk and whether downloads are disabled. */
  status: memberProcedure
    .input(z.object({ username: z.string({ message: 'must be a username' }).min(1, 'say whose status').max(64, 'must be at most 64 characters') }))
    .query(async ({ ctx, input }) => {
      const member = await forTenant(ctx.tenant.id).member.findFirst({ where: { username: input.username }, select: { id: true } });
      if (!member) throw new AppError('NOT_FOUND', `no member called "${input.username}" here`);
      return getHitAndRunStatus({ tenantId: ctx.tenant.id, memberId: member.id, viewer: ctx.me, settings: ctx.tenant.settings });
    }),

  /** Staff: the community's warnings, newest first ("active" or "all"). */
  list: staffProcedure
    .input(
      z
        .object({
          filter: z.enum(WARNING_FILTERS, { message: 'must be "active" or "all"' }).default('active'),
          page: z.number({ message: 'must be a page number' }).int('must be a whole page number').min(1, 'must be at least 1').max(100_000).default(1),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listHitAndRunWarnings({ tenantId: ctx.tenant.id, filter: input?.filter ?? 'active', page: input?.page ?? 1 })),

  /** Staff: pardon an active warning with a reason the member sees (audited as hit_and_run.pardon). */
  pardon: staffProcedure
    .input(
      z.object({
        warningId: z.uuid({ message: 'must be a warning id from this site' }),
        reason: z.string({ message: 'must be text' }).max(PARDON_REASON_MAX * 2, `must be at most ${PARDON_REASON_MAX} characters`),
      }),
    )
    .mutation(({ ctx, input }) =>
      pardonWarning({ tenantId: ctx.tenant.id, staffId: ctx.me.id, warningId: input.warningId, reason: input.reason, publisher: ctx.services.publisher, emitter: ctx.services.liveEmitter }),
    ),
} satisfies TRPCRouterRecord;
