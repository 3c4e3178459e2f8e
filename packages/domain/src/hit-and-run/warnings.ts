// Reading and pardoning hit-and-run warnings, and the site's download refusal.
//
// An active warning: pardoned_at IS NULL AND expires_at > now() (the tracker counts the
// same way). At the tenant's hitAndRun.maxActiveWarnings the member's downloads are
// disabled while the rules are enabled: the site refuses the .torrent, the tracker a
// leeching announce; seeding is unaffected.
//
// Who sees a member's warnings: the member and staff, as on UNIT3D (its warnings list
// and hit-and-run figures are on the owner's and moderators' view of a profile only).
import { forTenant, parseTenantSettings, withTenant, type TenantTransaction } from '@swarmhost/db';
import { publishInvalidation, type LiveEmitter, type Publisher } from '@swarmhost/events';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { notificationSelect, notificationView, pushNotification } from '../notifications/notify-member';
import { mayManageMember } from '../staff/manage-members';
import { describeShortfall, missingSeedHours, torrentRatio } from './missing';
import { HNR_NOTIFICATION } from './run-hit-and-run';

export const PARDON_REASON_MIN = 3;
export const PARDON_REASON_MAX = 500;

export type WarningState = 'active' | 'expired' | 'pardoned';

export interface WarningView {
  id: string;
  torrentId: string;
  torrentName: string;
  completedAt: string;
  deadlineAt: string;
  issuedAt: string;
  expiresAt: string;
  state: WarningState;
  seedSeconds: number;
  requiredSeedSeconds: number;
  missingSeedHours: number;
  ratio: number | null;
  minRatio: number;
  /** "seed 36 h more on X (or reach ratio 1.00 on it; it is 0.12)": what was missing when issued. */
  missing: string;
  pardonedAt: string | null;
  pardonedBy: string | null;
  pardonReason: string | null;
}

const warningSelect = {
  id: true,
  torrentId: true,
  completedAt: true,
  deadlineAt: true,
  issuedAt: true,
  expiresAt: true,
  seedSeconds: true,
  requiredSeedSeconds: true,
  uploadedBytes: true,
  downloadedBytes: true,
  minRatio: true,
  pardonedAt: true,
  pardonReason: true,
  torrent: { select: { name: true } },
  pardonedBy: { select: { username: true } },
} as const;

type WarningRow = {
  id: string;
  torrentId: string;
  completedAt: Date;
  deadlineAt: Date;
  issuedAt: Date;
  expiresAt: Date;
  seedSeconds: bigint;
  requiredSeedSeconds: bigint;
  uploadedBytes: bigint;
  downloadedBytes: bigint;
  minRatio: { toString(): string };
  pardonedAt: Date | null;
  pardonReason: string | null;
  torrent: { name: string };
  pardonedBy: { username: string } | null;
};

export function warningState(row: { pardonedAt: Date | null; expiresAt: Date }, now: Date): WarningState {
  if (row.pardonedAt) return 'pardoned';
  return row.expiresAt.getTime() > now.getTime() ? 'active' : 'expired';
}

function view(row: WarningRow, now: Date): WarningView {
  const shortfall = {
    seedSeconds: Number(row.seedSeconds),
    requiredSeedSeconds: Number(row.requiredSeedSeconds),
    uploadedBytes: Number(row.uploadedBytes),
    downloadedBytes: Number(row.downloadedBytes),
    minRatio: Number(row.minRatio.toString()),
  };
  return {
    id: row.id,
    torrentId: row.torrentId,
    torrentName: row.torrent.name,
    completedAt: row.completedAt.toISOString(),
    deadlineAt: row.deadlineAt.toISOString(),
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    state: warningState(row, now),
    seedSeconds: shortfall.seedSeconds,
    requiredSeedSeconds: shortfall.requiredSeedSeconds,
    missingSeedHours: missingSeedHours(shortfall),
    ratio: torrentRatio(shortfall),
    minRatio: shortfall.minRatio,
    missing: describeShortfall(shortfall, row.torrent.name),
    pardonedAt: row.pardonedAt?.toISOString() ?? null,
    pardonedBy: row.pardonedBy?.username ?? null,
    pardonReason: row.pardonReason,
  };
}

/** Active warnings of one member (pardoned_at IS NULL AND expires_at > now). */
export async function countActiveWarnings(options: { tenantId: string; memberId: string; now?: Date }): Promise<number> {
  return forTenant(options.tenantId).hitAndRunWarning.count({
    where: { memberId: options.memberId, pardonedAt: null, expiresAt: { gt: options.now ?? new Date() } },
  });
}

export const downloadsDisabledMessage = (active: number) =>
  `downloads disabled: ${active} active hit-and-run warning${active === 1 ? '' : 's'}`;

/**
 * Refuses (FORBIDDEN) when the member's active warnings reached the tenant's
 * maxActiveWarnings and the rules are enabled. The message starts the way the
 * tracker's failure reason does.
 */
export async function requireDownloadsAllowed(options: { tenantId: string; memberId: string; settings: unknown; now?: Date }): Promise<void> {
  const rules = parseTenantSettings(options.settings).hitAndRun;
  if (!rules.enabled) return;
  const active = await countActiveWarnings(options);
  if (active >= rules.maxActiveWarnings) {
    throw new AppError(
      'FORBIDDEN',
      `${downloadsDisabledMessage(active)}; seeding still works, and downloads come back when a warning expires or staff pardon one (see your profile)`,
      { activeWarnings: active, maxActiveWarnings: rules.maxActiveWarnings },
    );
  }
}

export interface AtRiskDownload {
  torrentId: string;
  torrentName: string;
  deadlineAt: string;
  missingSeedHours: number;
  ratio: number | null;
  missing: string;
}

export interface HitAndRunStatus {
  enabled: boolean;
  rules: { minSeedHours: number; minRatio: number; graceDays: number; warningDays: number; maxActiveWarnings: number };
  activeWarnings: number;
  downloadsDisabled: boolean;
  warnings: WarningView[];
  /** Completed downloads still inside their grace period and short of the rules. */
  atRisk: AtRiskDownload[];
}

/**
 * A member's hit-and-run status for their profile. Only the member and staff may read
 * it (FORBIDDEN for anyone else).
 */
export async function getHitAndRunStatus(options: {
  tenantId: string;
  memberId: string;
  viewer: { id: string; role: string };
  settings: unknown;
  now?: Date;
}): Promise<HitAndRunStatus> {
  if (options.viewer.id !== options.memberId && options.viewer.role === 'member') {
    throw new AppError('FORBIDDEN', "only the member and staff can see a member's hit-and-run warnings");
  }
  const now = options.now ?? new Date();
  const settings = parseTenantSettings(options.settings);
  const rules = settings.hitAndRun;
  return withTenant(options.tenantId, async (tx) => {
    const rows = await tx.hitAndRunWarning.findMany({
      where: { memberId: options.memberId },
      orderBy: { issuedAt: 'desc' },
      take: 100,
      select: warningSelect,
    });
    const warnings = rows.map((row) => view(row, now));
    const activeWarnings = warnings.filter((warning) => warning.state === 'active').length;
    const atRisk = rules.enabled ? await downloadsAtRisk(tx, options.memberId, now, settings) : [];
    return {
      enabled: rules.enabled,
      rules: { minSeedHours: rules.minSeedHours, minRatio: rules.minRatio, graceDays: rules.graceDays, warningDays: rules.warningDays, maxActiveWarnings: rules.maxActiveWarnings },
      activeWarnings,
      downloadsDisabled: rules.enabled && activeWarnings >= rules.maxActiveWarnings,
      warnings,
      atRisk,
    };
  });
}

async function downloadsAtRisk(tx: TenantTransaction, memberId: string, now: Date, settings: ReturnType<typeof parseTenantSettings>): Promise<AtRiskDownload[]> {
  const rules = settings.hitAndRun;
  const rows = await tx.$queryRawUnsafe<{ torrent_id: string; torrent_name: string; deadline_at: Date; seed_seconds: number; uploaded_bytes: number; downloaded_bytes: number }[]>(
    `SELECT s.torrent_id, t.name AS torrent_name, s.completed_at + make_interval(secs => $3::int) AS deadline_at,
            h.seed_seconds::float8 AS seed_seconds, h.uploaded_bytes::float8 AS uploaded_bytes, h.downloaded_bytes::float8 AS downloaded_bytes
     FROM snatches s
     JOIN histories h ON h.tenant_id = s.tenant_id AND h.member_id = s.member_id AND h.torrent_id = s.torrent_id
     JOIN torrents t ON t.tenant_id = s.tenant_id AND t.id = s.torrent_id
     JOIN members m ON m.tenant_id = s.tenant_id AND m.id = s.member_id
     WHERE s.member_id = $1::uuid
       AND s.completed_at + make_interval(secs => $3::int) > $2::timestamptz
       AND t.status = 'approved' AND t.deleted_at IS NULL AND t.size >= $6::bigint
       AND t.uploader_id IS DISTINCT FROM s.member_id
       AND (m.group_id IS NULL OR NOT (m.group_id = ANY($7::uuid[])))
       AND h.downloaded_bytes > 0 AND h.seed_seconds < $4::bigint
       AND h.uploaded_bytes::numeric < h.downloaded_bytes::numeric * $5::numeric
       AND NOT EXISTS (SELECT 1 FROM hit_and_run_warnings w WHERE w.tenant_id = s.tenant_id AND w.member_id = s.member_id AND w.torrent_id = s.torrent_id)
     ORDER BY deadline_at ASC
     LIMIT 50`,
    memberId,
    now,
    rules.graceDays * 86_400,
    rules.minSeedHours * 3600,
    rules.minRatio,
    rules.exemptBelowBytes,
    rules.immuneGroupIds,
  );
  return rows.map((row) => {
    const shortfall = { seedSeconds: row.seed_seconds, requiredSeedSeconds: rules.minSeedHours * 3600, uploadedBytes: row.uploaded_bytes, downloadedBytes: row.downloaded_bytes, minRatio: rules.minRatio };
    return {
      torrentId: row.torrent_id,
      torrentName: row.torrent_name,
      deadlineAt: row.deadline_at.toISOString(),
      missingSeedHours: missingSeedHours(shortfall),
      ratio: torrentRatio(shortfall),
      missing: describeShortfall(shortfall, row.torrent_name),
    };
  });
}

export const WARNING_FILTERS = ['active', 'all'] as const;
export type WarningFilter = (typeof WARNING_FILTERS)[number];
export const STAFF_PAGE_SIZE = 50;

/** Staff: the community's warnings, newest first, with member and torrent. */
export async function listHitAndRunWarnings(options: { tenantId: string; filter: WarningFilter; page: number; now?: Date }) {
  const now = options.now ?? new Date();
  const where = options.filter === 'active' ? { pardonedAt: null, expiresAt: { gt: now } } : {};
  return withTenant(options.tenantId, async (tx) => {
    const [total, rows] = await Promise.all([
      tx.hitAndRunWarning.count({ where }),
      tx.hitAndRunWarning.findMany({
        where,
        orderBy: [{ issuedAt: 'desc' }, { id: 'asc' }],
        skip: (options.page - 1) * STAFF_PAGE_SIZE,
        take: STAFF_PAGE_SIZE,
        select: { ...warningSelect, member: { select: { id: true, username: true, role: true } } },
      }),
    ]);
    return {
      total,
      page: options.page,
      pageSize: STAFF_PAGE_SIZE,
      items: rows.map((row) => ({ ...view(row, now), member: row.member })),
    };
  });
}

export interface PardonOptions {
  tenantId: string;
  staffId: string;
  warningId: string;
  reason: string;
  publisher: Publisher;
  emitter?: LiveEmitter;
  now?: Date;
}

/**
 * Staff pardon an active warning with a reason (the member is told, the action audited
 * as `hit_and_run.pardon`); the trackers re-read the member's download right. Refused:
 * no reason, an unknown warning, one already pardoned or expired, one's own warning, and
 * a member whose role is not below the actor's (the staff ladder of manage-members).
 */
export async function pardonWarning(options: PardonOptions) {
  const reason = options.reason.trim();
  if (reason.length < PARDON_REASON_MIN || reason.length > PARDON_REASON_MAX) {
    throw new AppError('BAD_REQUEST', `reason: give a reason of ${PARDON_REASON_MIN}-${PARDON_REASON_MAX} characters; the member will see it`);
  }
  const now = options.now ?? new Date();
  const outcome = await withTenant(options.tenantId, async (tx) => {
    // The row lock makes two pardons of one warning take turns: the second sees the first.
    const locked = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM hit_and_run_warnings WHERE id = $1::uuid FOR UPDATE`, options.warningId);
    if (locked.length === 0) throw new AppError('NOT_FOUND', 'no such hit-and-run warning here');
    const warning = await tx.hitAndRunWarning.findUniqueOrThrow({
      where: { id: options.warningId },
      select: { ...warningSelect, memberId: true, member: { select: { role: true, username: true } } },
    });
    const actor = await tx.member.findUnique({ where: { id: options.staffId }, select: { role: true } });
    if (!actor || actor.role === 'member') throw new AppError('FORBIDDEN', 'only staff can pardon a warning');
    if (warning.memberId === options.staffId) throw new AppError('FORBIDDEN', 'you cannot pardon your own warning; ask another staff member');
    if (!mayManageMember(actor.role, warning.member.role)) {
      throw new AppError('FORBIDDEN', `only an admin can pardon a ${warning.member.role} member's warning`);
    }
    const state = warningState(warning, now);
    if (state === 'pardoned') {
      throw new AppError('CONFLICT', `this warning was pardoned already${warning.pardonedBy ? ` by ${warning.pardonedBy.username}` : ''} on ${warning.pardonedAt?.toISOString().slice(0, 10)}`);
    }
    if (state === 'expired') throw new AppError('CONFLICT', `this warning expired on ${warning.expiresAt.toISOString().slice(0, 10)}; there is nothing to pardon`);
    await tx.hitAndRunWarning.update({ where: { id: warning.id }, data: { pardonedAt: now, pardonedById: options.staffId, pardonReason: reason } });
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.staffId,
      action: 'hit_and_run.pardon',
      targetType: 'member',
      targetId: warning.memberId,
      details: { warningId: warning.id, torrentId: warning.torrentId, torrentName: warning.torrent.name, reason },
    });
    const notification = await tx.notification.create({
      data: {
        tenantId: options.tenantId,
        memberId: warning.memberId,
        kind: HNR_NOTIFICATION.pardoned,
        payload: { warningId: warning.id, torrentId: warning.torrentId, torrentName: warning.torrent.name, reason },
        sourceKey: `hnr-pardoned:${warning.id}`,
      },
      select: notificationSelect,
    });
    return { memberId: warning.memberId, username: warning.member.username, torrentName: warning.torrent.name, notification: notificationView(notification) };
  });
  await publishInvalidation(options.publisher, { kind: 'member', tenantId: options.tenantId, memberId: outcome.memberId });
  if (options.emitter) {
    await pushNotification({ tenantId: options.tenantId, memberId: outcome.memberId, notification: outcome.notification, emitter: options.emitter });
  }
  return { warningId: options.warningId, memberId: outcome.memberId, username: outcome.username, torrentName: outcome.torrentName };
}
