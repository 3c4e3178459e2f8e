// The staff report queue: list and count by status and type, assign (to oneself or
// another staff member), move between open and in progress, and close a report as
// resolved or dismissed with a note the reporter is shown, and reopen a closed one.
// Every action is audited in its transaction; closing notifies the reporter (stored,
// then pushed live), each closing again; reopening does not.
import { forTenant, withTenant, type Prisma, type TenantTransaction } from '@swarmhost/db';
import type { LiveEmitter } from '@swarmhost/events';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { notificationSelect, notificationView, pushNotification } from '../notifications/notify-member';
import { reportTargetHref, type ReportTargetType } from './report-targets';

export const REPORT_STATUSES = ['open', 'in_progress', 'resolved', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_NOTE_MIN = 3;
export const REPORT_NOTE_MAX = 2000;
export const REPORT_PAGE_SIZE = 50;

export interface ReportStaffContext {
  tenantId: string;
  staffId: string;
  /** The gateways' emitter: the reporter's notification is pushed live; none: stored only. */
  emitter?: LiveEmitter;
}

const UNRESOLVED: ReportStatus[] = ['open', 'in_progress'];

/** Staff are checked in the database, in the action's own transaction: a demoted member's old session cannot act. */
async function requireStaff(tx: TenantTransaction, memberId: string, what: string) {
  const actor = await tx.member.findUnique({ where: { id: memberId }, select: { role: true, status: true, username: true } });
  if (!actor || actor.role === 'member' || actor.status !== 'active') throw new AppError('FORBIDDEN', `only staff can ${what}`);
  return actor;
}

async function lockReport(tx: TenantTransaction, reportId: string) {
  const locked = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM reports WHERE id = $1::uuid FOR UPDATE`, reportId);
  if (locked.length === 0) throw new AppError('NOT_FOUND', 'no such report here; reload the queue');
  return tx.report.findUniqueOrThrow({
    where: { id: reportId },
    select: { id: true, status: true, assigneeId: true, reporterId: true, targetType: true, targetId: true, targetLabel: true, resolvedBy: { select: { username: true } } },
  });
}

function requireUnresolved(report: { status: ReportStatus; resolvedBy: { username: string } | null }) {
  if (!UNRESOLVED.includes(report.status)) {
    throw new AppError('CONFLICT', `this report was ${report.status} already${report.resolvedBy ? ` by ${report.resolvedBy.username}` : ''}; reload the queue`);
  }
}

const reportSelect = {
  id: true,
  targetType: true,
  targetId: true,
  contextId: true,
  targetLabel: true,
  reason: true,
  status: true,
  resolutionNote: true,
  resolvedAt: true,
  createdAt: true,
  updatedAt: true,
  reporter: { select: { id: true, username: true } },
  assignee: { select: { id: true, username: true } },
  resolvedBy: { select: { username: true } },
} as const;

type ReportRow = Prisma.ReportGetPayload<{ select: typeof reportSelect }>;

function reportView(row: ReportRow) {
  return {
    id: row.id,
    targetType: row.targetType as ReportTargetType,
    targetId: row.targetId,
    contextId: row.contextId,
    targetLabel: row.targetLabel,
    href: reportTargetHref({ targetType: row.targetType as ReportTargetType, targetId: row.targetId, contextId: row.contextId, targetLabel: row.targetLabel }),
    reason: row.reason,
    status: row.status as ReportStatus,
    resolutionNote: row.resolutionNote,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy?.username ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    reporter: row.reporter,
    assignee: row.assignee,
  };
}

export type ReportView = ReturnType<typeof reportView>;

export interface ListReportsOptions {
  tenantId: string;
  staffId: string;
  /** "unresolved" (open and in progress, the default), one status, or "all". */
  status?: ReportStatus | 'unresolved' | 'all';
  targetType?: ReportTargetType;
  /** "me": assigned to the asking staff member; "nobody": unassigned. */
  assignee?: 'me' | 'nobody';
  page?: number;
}

export async function listReports(options: ListReportsOptions) {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const status = options.status ?? 'unresolved';
  const where: Prisma.ReportWhereInput = {
    ...(status === 'all' ? {} : status === 'unresolved' ? { status: { in: UNRESOLVED } } : { status }),
    ...(options.targetType ? { targetType: options.targetType } : {}),
    ...(options.assignee === 'me' ? { assigneeId: options.staffId } : options.assignee === 'nobody' ? { assigneeId: null } : {}),
  };
  return withTenant(options.tenantId, async (tx) => {
    await requireStaff(tx, options.staffId, 'see reports');
    const [rows, total, staff] = await Promise.all([
      tx.report.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip: (page - 1) * REPORT_PAGE_SIZE, take: REPORT_PAGE_SIZE, select: reportSelect }),
      tx.report.count({ where }),
      tx.member.findMany({ where: { role: { in: ['staff', 'admin'] }, status: 'active' }, orderBy: { username: 'asc' }, select: { id: true, username: true }, take: 200 }),
    ]);
    return { reports: rows.map(reportView), total, page, pageSize: REPORT_PAGE_SIZE, staff };
  });
}

/** Unresolved reports for the staff navigation: all of them, and those still open (nobody on them). */
export async function countOpenReports(tenantId: string) {
  const db = forTenant(tenantId);
  const grouped = await db.report.groupBy({ by: ['status'], where: { status: { in: UNRESOLVED } }, _count: { _all: true } });
  const count = (status: ReportStatus) => grouped.find((row) => row.status === status)?._count._all ?? 0;
  return { open: count('open'), inProgress: count('in_progress'), unresolved: count('open') + count('in_progress') };
}

/** Assigns a report to a staff member (null: nobody). An open report assigned to someone is in progress. */
export async function assignReport(context: ReportStaffContext, options: { reportId: string; assigneeId: string | null }) {
  return withTenant(context.tenantId, async (tx) => {
    await requireStaff(tx, context.staffId, 'assign reports');
    const report = await lockReport(tx, options.reportId);
    requireUnresolved(report);
    let assigneeName: string | null = null;
    if (options.assigneeId !== null) {
      const assignee = await tx.member.findUnique({ where: { id: options.assigneeId }, select: { role: true, status: true, username: true } });
      if (!assignee || assignee.role === 'member' || assignee.status !== 'active') {
        throw new AppError('BAD_REQUEST', 'assignee: pick an active staff member of this community');
      }
      assigneeName = assignee.username;
    }
    const status: ReportStatus = options.assigneeId !== null && report.status === 'open' ? 'in_progress' : report.status;
    await tx.report.update({ where: { id: report.id }, data: { assigneeId: options.assigneeId, status } });
    await recordAudit(tx, {
      tenantId: context.tenantId,
      actorMemberId: context.staffId,
      action: 'report.assign',
      targetType: 'report',
      targetId: report.id,
      details: { assigneeId: options.assigneeId, assignee: assigneeName, from: report.assigneeId, status },
    });
    return tx.report.findUniqueOrThrow({ where: { id: report.id }, select: reportSelect }).then(reportView);
  });
}

export interface SetReportStatusOptions {
  reportId: string;
  status: ReportStatus;
  /** Required to resolve or dismiss (3-2,000 characters): the reporter is shown it. */
  note?: string;
}

export async function setReportStatus(context: ReportStaffContext, options: SetReportStatusOptions) {
  if (!(REPORT_STATUSES as readonly string[]).includes(options.status)) throw new AppError('BAD_REQUEST', `status: must be one of ${REPORT_STATUSES.join(', ')}`);
  const closing = options.status === 'resolved' || options.status === 'dismissed';
  const note = options.note?.trim() ?? '';
  if (closing && (note.length < REPORT_NOTE_MIN || note.length > REPORT_NOTE_MAX)) {
    throw new AppError('BAD_REQUEST', `note: write a resolution note of ${REPORT_NOTE_MIN}-${REPORT_NOTE_MAX} characters to ${options.status === 'resolved' ? 'resolve' : 'dismiss'} a report; the reporter sees it`);
  }
  const outcome = await withTenant(context.tenantId, async (tx) => {
    await requireStaff(tx, context.staffId, 'change a report');
    const report = await lockReport(tx, options.reportId);
    requireUnresolved(report);
    const now = new Date();
    await tx.report.update({
      where: { id: report.id },
      data: closing
        ? { status: options.status, resolutionNote: note, resolvedAt: now, resolvedById: context.staffId, assigneeId: report.assigneeId ?? context.staffId }
        : { status: options.status },
    });
    await recordAudit(tx, {
      tenantId: context.tenantId,
      actorMemberId: context.staffId,
      action: closing ? `report.${options.status === 'resolved' ? 'resolve' : 'dismiss'}` : 'report.status',
      targetType: 'report',
      targetId: report.id,
      details: { from: report.status, to: options.status, targetType: report.targetType, targetId: report.targetId, ...(closing ? { note } : {}) },
    });
    let notification = null;
    if (closing && report.reporterId !== null) {
      // Each closing notifies once: after a reopening, the next closing is a new notification.
      const reopenings = await tx.auditLog.count({ where: { action: 'report.reopen', targetType: 'report', targetId: report.id } });
      const row = await tx.notification.create({
        data: {
          tenantId: context.tenantId,
          memberId: report.reporterId,
          kind: 'report.closed',
          payload: { reportId: report.id, status: options.status, targetType: report.targetType, targetLabel: report.targetLabel, note },
          sourceKey: reopenings === 0 ? `report-closed:${report.id}` : `report-closed:${report.id}:${reopenings}`,
        },
        select: notificationSelect,
      });
      notification = notificationView(row);
    }
    const view = reportView(await tx.report.findUniqueOrThrow({ where: { id: report.id }, select: reportSelect }));
    return { view, reporterId: report.reporterId, notification };
  });
  if (context.emitter && outcome.notification && outcome.reporterId) {
    await pushNotification({ tenantId: context.tenantId, memberId: outcome.reporterId, notification: outcome.notification, emitter: context.emitter });
  }
  return outcome.view;
}

/**
 * Reopens a resolved or dismissed report: back to the queue (in progress when someone is
 * assigned), its outcome cleared from the report and kept in the audit entry. The
 * reporter is not told; closing it again tells them again.
 */
export async function reopenReport(context: ReportStaffContext, options: { reportId: string }) {
  return withTenant(context.tenantId, async (tx) => {
    await requireStaff(tx, context.staffId, 'reopen a report');
    const report = await lockReport(tx, options.reportId);
    if (UNRESOLVED.includes(report.status)) throw new AppError('CONFLICT', `this report is ${report.status.replace('_', ' ')} already; reload the queue`);
    if (report.reporterId !== null) {
      const newer = await tx.report.findFirst({
        where: { reporterId: report.reporterId, targetType: report.targetType, targetId: report.targetId, status: { in: UNRESOLVED }, id: { not: report.id } },
        select: { id: true },
      });
      if (newer) throw new AppError('CONFLICT', `the reporter has a newer report on this ${report.targetType} that is still open; work on that one instead`);
    }
    const previous = await tx.report.findUniqueOrThrow({ where: { id: report.id }, select: { resolutionNote: true, resolvedById: true, resolvedAt: true } });
    const status: ReportStatus = report.assigneeId === null ? 'open' : 'in_progress';
    await tx.report.update({ where: { id: report.id }, data: { status, resolutionNote: null, resolvedAt: null, resolvedById: null } });
    await recordAudit(tx, {
      tenantId: context.tenantId,
      actorMemberId: context.staffId,
      action: 'report.reopen',
      targetType: 'report',
      targetId: report.id,
      details: {
        from: report.status,
        to: status,
        targetType: report.targetType,
        targetId: report.targetId,
        previousNote: previous.resolutionNote,
        previousResolvedById: previous.resolvedById,
        previousResolvedAt: previous.resolvedAt?.toISOString() ?? null,
      },
    });
    return reportView(await tx.report.findUniqueOrThrow({ where: { id: report.id }, select: reportSelect }));
  });
}

/** A member's own reports, newest first, with staff's answer once closed. */
export async function listOwnReports(options: { tenantId: string; memberId: string }) {
  const rows = await forTenant(options.tenantId).report.findMany({
    where: { reporterId: options.memberId },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: { id: true, targetType: true, targetLabel: true, reason: true, status: true, resolutionNote: true, createdAt: true, resolvedAt: true },
  });
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), resolvedAt: row.resolvedAt?.toISOString() ?? null }));
}

