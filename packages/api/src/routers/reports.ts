// Reports (issue 15): a member reports a torrent, comment, post, message or member they
// can see; staff list, assign, move and close them. The domain checks visibility, the
// one-unresolved-report rule, the hourly limit, staff rights (in the database) and audits.
import {
  assignReport,
  countOpenReports,
  fileReport,
  listOwnReports,
  listReports,
  REPORT_NOTE_MAX,
  REPORT_REASON_MAX,
  REPORT_STATUSES,
  REPORT_TARGET_TYPES,
  reopenReport,
  setReportStatus,
} from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { memberProcedure, staffProcedure } from '../trpc';

const id = (what: string) => z.uuid({ message: `must be the id of a ${what} from this site` });
const targetType = z.enum(REPORT_TARGET_TYPES, { message: `must be one of ${REPORT_TARGET_TYPES.join(', ')}` });

export const reportsRouter = {
  /** Report something the member can see; one unresolved report per target, a few an hour. */
  file: memberProcedure
    .input(
      z.object({
        targetType,
        targetId: z.uuid({ message: 'must be an id from this site' }),
        reason: z.string({ message: 'must be text' }).max(REPORT_REASON_MAX * 2, `must be at most ${REPORT_REASON_MAX} characters`),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const report = await fileReport({ tenantId: ctx.tenant.id, reporter: ctx.me, targetType: input.targetType, targetId: input.targetId, reason: input.reason });
      return { ...report, createdAt: report.createdAt.toISOString() };
    }),

  /** The member's own reports and staff's answers. */
  mine: memberProcedure.query(({ ctx }) => listOwnReports({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  /** Staff: the queue, oldest first, filtered by status, type and assignee. */
  list: staffProcedure
    .input(
      z
        .object({
          status: z.enum([...REPORT_STATUSES, 'unresolved', 'all'], { message: 'must be unresolved, all, or a report status' }).default('unresolved'),
          targetType: targetType.optional(),
          assignee: z.enum(['me', 'nobody'], { message: 'must be "me" or "nobody"' }).optional(),
          page: z.number({ message: 'must be a page number' }).int('must be a whole page number').min(1, 'must be at least 1').max(100_000).default(1),
        })
        .optional(),
    )
    .query(({ ctx, input }) =>
      listReports({ tenantId: ctx.tenant.id, staffId: ctx.me.id, status: input?.status, targetType: input?.targetType, assignee: input?.assignee, page: input?.page }),
    ),

  /** Staff: unresolved reports for the navigation badge. */
  openCount: staffProcedure.query(({ ctx }) => countOpenReports(ctx.tenant.id)),

  /** Staff: assign a report to a staff member (themselves or another), or to nobody. */
  assign: staffProcedure
    .input(z.object({ reportId: id('report'), assigneeId: id('staff member').nullable() }))
    .mutation(({ ctx, input }) =>
      assignReport({ tenantId: ctx.tenant.id, staffId: ctx.me.id, emitter: ctx.services.liveEmitter }, { reportId: input.reportId, assigneeId: input.assigneeId }),
    ),

  /** Staff: open / in progress, or resolved / dismissed with a note the reporter sees (they are notified). */
  setStatus: staffProcedure
    .input(
      z.object({
        reportId: id('report'),
        status: z.enum(REPORT_STATUSES, { message: `must be one of ${REPORT_STATUSES.join(', ')}` }),
        note: z.string({ message: 'must be text' }).max(REPORT_NOTE_MAX * 2, `must be at most ${REPORT_NOTE_MAX} characters`).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      setReportStatus({ tenantId: ctx.tenant.id, staffId: ctx.me.id, emitter: ctx.services.liveEmitter }, { reportId: input.reportId, status: input.status, note: input.note }),
    ),

  /** Staff: reopen a resolved or dismissed report (audited; the reporter is told again only when it is closed again). */
  reopen: staffProcedure
    .input(z.object({ reportId: id('report') }))
    .mutation(({ ctx, input }) => reopenReport({ tenantId: ctx.tenant.id, staffId: ctx.me.id }, { reportId: input.reportId })),
} satisfies TRPCRouterRecord;
