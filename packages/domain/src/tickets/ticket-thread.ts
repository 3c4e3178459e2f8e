// A support ticket's thread: a member opens one (subject, category, priority, first
// message), both sides reply. Members see only their own tickets (anyone else's is
// NOT_FOUND, as if it did not exist); staff see every ticket of their community. A staff
// reply waits on the member and notifies them; the member's reply puts it back to open.
import { forTenant, withTenant, type Prisma, type TenantTransaction } from '@swarmhost/db';
import type { LiveEmitter } from '@swarmhost/events';
import { AppError } from '../errors';
import { notificationSelect, notificationView, pushNotification } from '../notifications/notify-member';
import {
  cleanBody,
  isStaffViewer,
  requireUnderLimit,
  TICKET_CATEGORIES,
  TICKET_NOT_FOUND,
  TICKET_PRIORITIES,
  TICKET_REPLIES_PER_HOUR,
  TICKET_SUBJECT_MAX,
  TICKET_SUBJECT_MIN,
  TICKETS_PER_DAY,
  type TicketCategory,
  type TicketPriority,
  type TicketStatus,
  type TicketViewer,
} from './ticket-rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OpenTicketOptions {
  tenantId: string;
  memberId: string;
  subject: string;
  category: TicketCategory;
  priority?: TicketPriority;
  body: string;
  now?: Date;
}

export async function openTicket(options: OpenTicketOptions) {
  const subject = options.subject.replace(/\s+/g, ' ').trim();
  if (subject.length < TICKET_SUBJECT_MIN || subject.length > TICKET_SUBJECT_MAX) {
    throw new AppError('BAD_REQUEST', `subject: write ${TICKET_SUBJECT_MIN}-${TICKET_SUBJECT_MAX} characters`);
  }
  if (!(TICKET_CATEGORIES as readonly string[]).includes(options.category)) throw new AppError('BAD_REQUEST', `category: must be one of ${TICKET_CATEGORIES.join(', ')}`);
  const priority = options.priority ?? 'normal';
  if (!(TICKET_PRIORITIES as readonly string[]).includes(priority)) throw new AppError('BAD_REQUEST', `priority: must be one of ${TICKET_PRIORITIES.join(', ')}`);
  const body = cleanBody(options.body);
  const now = options.now ?? new Date();
  return withTenant(options.tenantId, async (tx) => {
    await requireUnderLimit(tx, {
      memberId: options.memberId,
      kind: 'ticket',
      limit: TICKETS_PER_DAY,
      windowMs: 86_400_000,
      now,
      what: `you can open ${TICKETS_PER_DAY} tickets a day; add to one of your open tickets instead`,
      count: async (since) => (await tx.ticket.findMany({ where: { memberId: options.memberId, createdAt: { gt: since } }, select: { createdAt: true } })).map((row) => row.createdAt),
    });
    const ticket = await tx.ticket.create({
      data: { tenantId: options.tenantId, memberId: options.memberId, subject, category: options.category, priority, createdAt: now, lastReplyAt: now },
      select: { id: true, subject: true, category: true, priority: true, status: true, createdAt: true },
    });
    await tx.ticketReply.create({ data: { tenantId: options.tenantId, ticketId: ticket.id, authorId: options.memberId, body, fromStaff: false, createdAt: now } });
    return { ...ticket, createdAt: ticket.createdAt.toISOString() };
  });
}

/** The ticket if this viewer may see it; NOT_FOUND otherwise (never "forbidden": that would confirm it exists). */
export async function findVisibleTicket(tx: TenantTransaction, ticketId: string, viewer: TicketViewer, lock = false) {
  if (!UUID.test(ticketId)) throw new AppError('NOT_FOUND', TICKET_NOT_FOUND);
  if (lock) await tx.$queryRawUnsafe(`SELECT id FROM tickets WHERE id = $1::uuid FOR UPDATE`, ticketId);
  const ticket = await tx.ticket.findUnique({
    where: { id: ticketId },
    select: { id: true, memberId: true, subject: true, status: true, priority: true, category: true, assigneeId: true },
  });
  if (!ticket || (!isStaffViewer(viewer) && ticket.memberId !== viewer.id)) throw new AppError('NOT_FOUND', TICKET_NOT_FOUND);
  return ticket;
}

export async function getTicket(options: { tenantId: string; viewer: TicketViewer; ticketId: string }) {
  return withTenant(options.tenantId, async (tx) => {
    await findVisibleTicket(tx, options.ticketId, options.viewer);
    const ticket = await tx.ticket.findUniqueOrThrow({
      where: { id: options.ticketId },
      select: {
        id: true,
        subject: true,
        category: true,
        priority: true,
        status: true,
        createdAt: true,
        lastReplyAt: true,
        closedAt: true,
        member: { select: { id: true, username: true } },
        assignee: { select: { id: true, username: true } },
        replies: {
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: 500,
          select: { id: true, body: true, fromStaff: true, createdAt: true, author: { select: { username: true } } },
        },
      },
    });
    const staff = isStaffViewer(options.viewer)
      ? await tx.member.findMany({ where: { role: { in: ['staff', 'admin'] }, status: 'active' }, orderBy: { username: 'asc' }, select: { id: true, username: true }, take: 200 })
      : [];
    return {
      ...ticket,
      category: ticket.category as TicketCategory,
      priority: ticket.priority as TicketPriority,
      status: ticket.status as TicketStatus,
      createdAt: ticket.createdAt.toISOString(),
      lastReplyAt: ticket.lastReplyAt.toISOString(),
      closedAt: ticket.closedAt?.toISOString() ?? null,
      replies: ticket.replies.map((reply) => ({ id: reply.id, body: reply.body, fromStaff: reply.fromStaff, author: reply.author?.username ?? null, createdAt: reply.createdAt.toISOString() })),
      staff,
    };
  });
}

export interface ReplyToTicketOptions {
  tenantId: string;
  author: TicketViewer;
  ticketId: string;
  body: string;
  /** The gateways' emitter: the member's notification of a staff reply is pushed live. */
  emitter?: LiveEmitter;
  now?: Date;
}

export async function replyToTicket(options: ReplyToTicketOptions) {
  const body = cleanBody(options.body);
  const now = options.now ?? new Date();
  const outcome = await withTenant(options.tenantId, async (tx) => {
    const ticket = await findVisibleTicket(tx, options.ticketId, options.author, true);
    // A staff member answering their own ticket writes as its member.
    const fromStaff = isStaffViewer(options.author) && ticket.memberId !== options.author.id;
    if (ticket.status === 'closed') {
      throw new AppError('CONFLICT', fromStaff ? 'this ticket is closed; reopen it first to reply' : 'this ticket is closed; open a new ticket if you still need help');
    }
    if (!fromStaff) {
      await requireUnderLimit(tx, {
        memberId: options.author.id,
        kind: 'ticket-reply',
        limit: TICKET_REPLIES_PER_HOUR,
        windowMs: 3_600_000,
        now,
        what: `you can write ${TICKET_REPLIES_PER_HOUR} ticket replies an hour`,
        count: async (since) =>
          (await tx.ticketReply.findMany({ where: { authorId: options.author.id, fromStaff: false, createdAt: { gt: since } }, select: { createdAt: true } })).map((row) => row.createdAt),
      });
    }
    const reply = await tx.ticketReply.create({
      data: { tenantId: options.tenantId, ticketId: ticket.id, authorId: options.author.id, body, fromStaff, createdAt: now },
      select: { id: true, createdAt: true },
    });
    const data: Prisma.TicketUpdateInput = { lastReplyAt: now, status: fromStaff ? 'waiting_on_member' : 'open' };
    // The first staff member to answer an unassigned ticket takes it.
    if (fromStaff && ticket.assigneeId === null) data.assignee = { connect: { id: options.author.id } };
    await tx.ticket.update({ where: { id: ticket.id }, data });
    let notification = null;
    if (fromStaff) {
      const author = await tx.member.findUniqueOrThrow({ where: { id: options.author.id }, select: { username: true } });
      const row = await tx.notification.create({
        data: {
          tenantId: options.tenantId,
          memberId: ticket.memberId,
          kind: 'ticket.reply',
          payload: { ticketId: ticket.id, subject: ticket.subject, staffUsername: author.username },
          sourceKey: `ticket-reply:${reply.id}`,
        },
        select: notificationSelect,
      });
      notification = notificationView(row);
    }
    return { reply, memberId: ticket.memberId, notification };
  });
  if (options.emitter && outcome.notification) {
    await pushNotification({ tenantId: options.tenantId, memberId: outcome.memberId, notification: outcome.notification, emitter: options.emitter });
  }
  return { id: outcome.reply.id, createdAt: outcome.reply.createdAt.toISOString() };
}

/** A member's own tickets, most recently active first. */
export async function listOwnTickets(options: { tenantId: string; memberId: string }) {
  const rows = await forTenant(options.tenantId).ticket.findMany({
    where: { memberId: options.memberId },
    orderBy: [{ lastReplyAt: 'desc' }, { id: 'asc' }],
    take: 100,
    select: { id: true, subject: true, category: true, priority: true, status: true, createdAt: true, lastReplyAt: true, _count: { select: { replies: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    subject: row.subject,
    category: row.category as TicketCategory,
    priority: row.priority as TicketPriority,
    status: row.status as TicketStatus,
    createdAt: row.createdAt.toISOString(),
    lastReplyAt: row.lastReplyAt.toISOString(),
    replies: row._count.replies,
  }));
}
