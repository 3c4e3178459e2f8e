// A member files a report on something they can see. One unresolved report per reporter
// and target (a second gets a message naming the first), and a per-member limit per hour
// counted from the reports table itself under a per-member advisory lock.
import { withTenant } from '@swarmhost/db';
import { AppError } from '../errors';
import { isUniqueViolation } from '../prisma-errors';
import { REPORT_TARGET_TYPES, resolveReportTarget, type ReportTargetType, type ReportViewer } from './report-targets';

export const REPORT_REASON_MIN = 3;
export const REPORT_REASON_MAX = 1000;
export const REPORTS_PER_HOUR = 10;

export interface FileReportOptions {
  tenantId: string;
  reporter: ReportViewer;
  targetType: ReportTargetType;
  targetId: string;
  reason: string;
  now?: Date;
}

export interface FiledReport {
  id: string;
  targetType: ReportTargetType;
  targetId: string;
  targetLabel: string;
  status: 'open';
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function fileReport(options: FileReportOptions): Promise<FiledReport> {
  if (!(REPORT_TARGET_TYPES as readonly string[]).includes(options.targetType)) {
    throw new AppError('BAD_REQUEST', `targetType: must be one of ${REPORT_TARGET_TYPES.join(', ')}`);
  }
  if (!UUID.test(options.targetId)) throw new AppError('NOT_FOUND', `no such ${options.targetType} here, or you cannot see it; reload the page`);
  const reason = options.reason.trim();
  if (reason.length < REPORT_REASON_MIN || reason.length > REPORT_REASON_MAX) {
    throw new AppError('BAD_REQUEST', `reason: say what is wrong in ${REPORT_REASON_MIN}-${REPORT_REASON_MAX} characters`);
  }
  const now = options.now ?? new Date();
  try {
    return await withTenant(options.tenantId, async (tx) => {
      // One reporter's reports take turns, so the hourly count below cannot be raced past.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended('report:' || $1, 0))`, options.reporter.id);
      const target = await resolveReportTarget(tx, options.targetType, options.targetId, options.reporter);
      const existing = await tx.report.findFirst({
        where: { reporterId: options.reporter.id, targetType: options.targetType, targetId: options.targetId, status: { in: ['open', 'in_progress'] } },
        select: { createdAt: true },
      });
      if (existing) {
        throw new AppError('CONFLICT', `you reported this ${options.targetType} already on ${existing.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; staff will look at it — no need to report it again`);
      }
      const hourAgo = new Date(now.getTime() - 3_600_000);
      const recent = await tx.report.findMany({
        where: { reporterId: options.reporter.id, createdAt: { gt: hourAgo } },
        orderBy: { createdAt: 'asc' },
        select: { createdAt: true },
        take: REPORTS_PER_HOUR,
      });
      if (recent.length >= REPORTS_PER_HOUR) {
        const retryAt = new Date(recent[0]!.createdAt.getTime() + 3_600_000);
        const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
        throw new AppError('TOO_MANY_REQUESTS', `you can file ${REPORTS_PER_HOUR} reports an hour; try again in ${minutes} minute(s), or open a ticket for a bigger problem`, {
          retryAfterMs: retryAt.getTime() - now.getTime(),
        });
      }
      const report = await tx.report.create({
        data: {
          tenantId: options.tenantId,
          reporterId: options.reporter.id,
          targetType: options.targetType,
          targetId: options.targetId,
          contextId: target.contextId,
          targetLabel: target.label,
          reason,
          createdAt: now,
        },
        select: { id: true, targetType: true, targetId: true, targetLabel: true, createdAt: true },
      });
      return { ...report, status: 'open' as const };
    });
  } catch (error) {
    // Two reports of the same thing at the same moment: the partial unique index keeps one.
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', `you reported this ${options.targetType} already; staff will look at it — no need to report it again`);
    throw error;
  }
}
