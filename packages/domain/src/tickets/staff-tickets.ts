// The staff side of tickets: the community's queue (highest priority first, then the
// oldest), counts for the navigation, and changes to a ticket's assignee, priority and
// status, each audited in its transaction. A status change (closed, reopened, waiting on
// the member) notifies the ticket's member, as a staff reply does.
import { forTenant, withTenant, type Prisma, type TenantTransaction } from '@swarmhost/db';
import type { LiveEmitter } from '@swarmhost/events';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { notificationSelect, notificationView, pushNotification } from '../notifications/notify-member';
import { findVisibleTicket } from './ticket-thread';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketCategory, type TicketPriority, type TicketStatus } from './ticket-rules';

export const TICKET_PAGE_SIZE = 50;

async function requireStaff(tx: TenantTransaction, memberId: string, what: string) {
  const actor = await tx.member.findUnique({ where: { id: memberId }, select: { role: true, status: true, username: true } });
  if (!actor || actor.role === 'member' || actor.status !== 'active') throw new AppError('FORBIDDEN', `only staff can ${what}`);
  return actor;
}

export interface ListTicketsOptions {
  tenantId: string;
  staffId: string;
  /** "active" (open and waiting on the member, the default), one status, or "all". */
  status?: TicketStatus | 'active' | 'all';
  assignee?: 'me' | 'nobody';
  page?: number;
}

export async function listTickets(options: ListTicketsOptions) {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const status = options.status ?? 'active';
  const where: Prisma.TicketWhereInput = {
    ...(status === 'all' ? {} : status === 'active' ? { status: { in: ['open', 'waiting_on_member'] } } : { status }),
    ...(options.assignee === 'me' ? { assigneeId: options.staffId } : options.assignee === 'nobody' ? { assigneeId: null } : {}),
  };
  return withTenant(options.tenantId, async (tx) => {
    await requireStaff(tx, options.staffId, 'see the ticket queue');
    const [rows, total] = await Promise.all([
      tx.ticket.findMany({
        where,
        orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
        skip: (page - 1) * TICKET_PAGE_SIZE,
        take: TICKET_PAGE_SIZE,
        select: {
          id: true,
          subject: true,
          category: true,
          priority: true,
          status: true,
          createdAt: true,
          lastReplyAt: true,
          member: { select: { username: true } },
          assignee: { select: { username: true } },
          _count: { select: { replies: true } },
        },
      }),
      tx.ticket.count({ where }),
    ]);
    const tickets = rows.map((row) => ({
      id: row.id,
      subject: row.subject,
      category: row.category as TicketCategory,
      priority: row.priority as TicketPriority,
      status: row.status as TicketStatus,
      createdAt: row.createdAt.toISOString(),
      lastReplyAt: row.lastReplyAt.toISOString(),
      member: row.member.username,
      assignee: row.assignee?.username ?? null,
      replies: row._count.replies,
    }));
    return { tickets, total, page, pageSize: TICKET_PAGE_SIZE };
  });
}

/** Tickets waiting for staff (status open), and all not closed, for the staff navigation. */
export async function countOpenTickets(tenantId: string) {
  const grouped = await forTenant(tenantId).ticket.groupBy({ by: ['status'], where: { status: { in: ['open', 'waiting_on_member'] } }, _count: { _all: true } });
  const count = (status: TicketStatus) => grouped.find((row) => row.status === status)?._count._all ?? 0;
  return { open: count('open'), waitingOnMember: count('waiting_on_member') };
}

export interface UpdateTicketOptions {
  tenantId: string;
  staffId: string;
  ticketId: string;
  /** A staff member's id, or null for nobody. */
  assigneeId?: string | null;
  priority?: TicketPriority;
  status?: TicketStatus;
  /** The gateways' emitter: the member's notification of a status change is pushed live. */
  emitter?: LiveEmitter;
}

export async function updateTicket(options: UpdateTicketOptions) {
  if (options.priority !== undefined && !(TICKET_PRIORITIES as readonly string[]).includes(options.priority)) {
    throw new AppError('BAD_REQUEST', `priority: must be one of ${TICKET_PRIORITIES.join(', ')}`);
  }
  if (options.status !== undefined && !(TICKET_STATUSES as readonly string[]).includes(options.status)) {
    throw new AppError('BAD_REQUEST', `status: must be one of ${TICKET_STATUSES.join(', ')}`);
  }
  if (options.assigneeId === undefined && options.priority === undefined && options.status === undefined) {
    throw new AppError('BAD_REQUEST', 'nothing to change; set an assignee, a priority or a status');
  }
  const outcome = await withTenant(options.tenantId, async (tx) => {
    const actor = await requireStaff(tx, options.staffId, 'change a ticket');
    const ticket = await findVisibleTicket(tx, options.ticketId, { id: options.staffId, role: actor.role }, true);
    const data: Prisma.TicketUncheckedUpdateInput = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (options.assigneeId !== undefined && options.assigneeId !== ticket.assigneeId) {
      if (options.assigneeId !== null) {
        const assignee = await tx.member.findUnique({ where: { id: options.assigneeId }, select: { role: true, status: true } });
        if (!assignee || assignee.role === 'member' || assignee.status !== 'active') throw new AppError('BAD_REQUEST', 'assignee: pick an active staff member of this community');
      }
      data.assigneeId = options.assigneeId;
      changes.assignee = { from: ticket.assigneeId, to: options.assigneeId };
    }
    if (options.priority !== undefined && options.priority !== ticket.priority) {
      data.priority = options.priority;
      changes.priority = { from: ticket.priority, to: options.priority };
    }
    if (options.status !== undefined && options.status !== ticket.status) {
      data.status = options.status;
      data.closedAt = options.status === 'closed' ? new Date() : null;
      changes.status = { from: ticket.status, to: options.status };
    }
    let notification = null;
    if (Object.keys(changes).length > 0) {
      // Under the ticket's row lock: the n-th change gives the n-th status notification its own key.
      const earlierChanges = await tx.auditLog.count({ where: { targetType: 'ticket', targetId: ticket.id } });
      await tx.ticket.update({ where: { id: ticket.id }, data });
      await recordAudit(tx, {
        tenantId: options.tenantId,
        actorMemberId: options.staffId,
        action: 'ticket.update',
        targetType: 'ticket',
        targetId: ticket.id,
        details: { subject: ticket.subject, ...changes },
      });
      // A staff member changing their own ticket's status is not told about it.
      if (changes.status && ticket.memberId !== options.staffId) {
        const row = await tx.notification.create({
          data: {
            tenantId: options.tenantId,
            memberId: ticket.memberId,
            kind: 'ticket.status',
            payload: { ticketId: ticket.id, subject: ticket.subject, from: ticket.status, status: options.status, staffUsername: actor.username },
            sourceKey: `ticket-status:${ticket.id}:${earlierChanges}`,
          },
          select: notificationSelect,
        });
        notification = notificationView(row);
      }
    }
    return { id: ticket.id, changed: Object.keys(changes), memberId: ticket.memberId, notification };
  });
  if (options.emitter && outcome.notification) {
    await pushNotification({ tenantId: options.tenantId, memberId: outcome.memberId, notification: outcome.notification, emitter: options.emitter });
  }
  return { id: outcome.id, changed: outcome.changed };
}
