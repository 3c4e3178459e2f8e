// Support tickets (issue 15): members open tickets and reply in their own threads;
// staff see the community's queue, reply, assign, and change priority and status. The
// domain enforces who sees what (anyone else's ticket is NOT_FOUND), limits and audits.
import {
  countOpenTickets,
  getTicket,
  listOwnTickets,
  listTickets,
  openTicket,
  replyToTicket,
  TICKET_BODY_MAX,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_SUBJECT_MAX,
  updateTicket,
} from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { memberProcedure, staffProcedure } from '../trpc';

const ticketId = z.uuid({ message: 'must be a ticket id from this site' });
const body = z.string({ message: 'must be text' }).max(TICKET_BODY_MAX * 2, `must be at most ${TICKET_BODY_MAX} characters`);
const priority = z.enum(TICKET_PRIORITIES, { message: `must be one of ${TICKET_PRIORITIES.join(', ')}` });
const status = z.enum(TICKET_STATUSES, { message: `must be one of ${TICKET_STATUSES.join(', ')}` });

export const ticketsRouter = {
  /** Open a ticket: subject, category, priority and the first message. */
  open: memberProcedure
    .input(
      z.object({
        subject: z.string({ message: 'must be text' }).max(TICKET_SUBJECT_MAX * 2, `must be at most ${TICKET_SUBJECT_MAX} characters`),
        category: z.enum(TICKET_CATEGORIES, { message: `must be one of ${TICKET_CATEGORIES.join(', ')}` }),
        priority: priority.default('normal'),
        body,
      }),
    )
    .mutation(({ ctx, input }) => openTicket({ tenantId: ctx.tenant.id, memberId: ctx.me.id, ...input })),

  /** The member's own tickets, most recently active first. */
  mine: memberProcedure.query(({ ctx }) => listOwnTickets({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  /** One ticket with its thread: the member's own, or any of the community's for staff. */
  get: memberProcedure.input(z.object({ ticketId })).query(({ ctx, input }) => getTicket({ tenantId: ctx.tenant.id, viewer: ctx.me, ticketId: input.ticketId })),

  /** Reply in a ticket's thread; a staff reply notifies the member. */
  reply: memberProcedure
    .input(z.object({ ticketId, body }))
    .mutation(({ ctx, input }) =>
      replyToTicket({ tenantId: ctx.tenant.id, author: ctx.me, ticketId: input.ticketId, body: input.body, emitter: ctx.services.liveEmitter }),
    ),

  /** Staff: the queue, highest priority first, then oldest. */
  list: staffProcedure
    .input(
      z
        .object({
          status: z.enum([...TICKET_STATUSES, 'active', 'all'], { message: 'must be active, all, or a ticket status' }).default('active'),
          assignee: z.enum(['me', 'nobody'], { message: 'must be "me" or "nobody"' }).optional(),
          page: z.number({ message: 'must be a page number' }).int('must be a whole page number').min(1, 'must be at least 1').max(100_000).default(1),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listTickets({ tenantId: ctx.tenant.id, staffId: ctx.me.id, status: input?.status, assignee: input?.assignee, page: input?.page })),

  /** Staff: tickets waiting for staff, for the navigation badge. */
  openCount: staffProcedure.query(({ ctx }) => countOpenTickets(ctx.tenant.id)),

  /** Staff: assign (a staff member or nobody), change priority or status (audited; a status change notifies the member). */
  update: staffProcedure
    .input(z.object({ ticketId, assigneeId: z.uuid({ message: 'must be a staff member id from this site' }).nullable().optional(), priority: priority.optional(), status: status.optional() }))
    .mutation(({ ctx, input }) => updateTicket({ tenantId: ctx.tenant.id, staffId: ctx.me.id, ...input, emitter: ctx.services.liveEmitter })),
} satisfies TRPCRouterRecord;
