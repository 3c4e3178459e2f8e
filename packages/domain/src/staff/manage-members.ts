// Staff actions on members: disable/enable (the tracker refuses a disabled member's
// passkey within a second), change group, and read the audit log. Roles rank
// member < staff < admin: staff act only on plain members, admins also on staff, and
// nobody on an equal or higher role (so no admin can be disabled or regrouped by a
// moderator, and a tenant never loses its last admin this way).
import { forTenant, withTenant, type TenantTransaction } from '@swarmhost/db';
import { publishInvalidation } from '@swarmhost/events';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import type { StaffContext } from './moderate-torrents';

type Role = 'member' | 'staff' | 'admin';
const RANK: Record<Role, number> = { member: 0, staff: 1, admin: 2 };

/** Whether a member of role `actor` may disable, enable or regroup one of role `target`. */
export function mayManageMember(actor: Role, target: Role): boolean {
  return actor !== 'member' && RANK[target] < RANK[actor];
}

/** Reads both roles in the action's transaction (not the session's copy) and refuses a target at or above the actor. */
async function requireManageable(tx: TenantTransaction, context: StaffContext, memberId: string): Promise<void> {
  const rows = await tx.member.findMany({ where: { id: { in: [memberId, context.staffId] } }, select: { id: true, role: true } });
  const target = rows.find((row) => row.id === memberId);
  const actor = rows.find((row) => row.id === context.staffId);
  if (!target) throw new AppError('NOT_FOUND', 'no such member here');
  if (!actor || actor.role === 'member') throw new AppError('FORBIDDEN', 'only staff can do this');
  if (target.role !== 'member' && actor.role !== 'admin') {
    throw new AppError('FORBIDDEN', `only an admin can change a ${target.role} member; ask one of the community's admins`);
  }
  if (!mayManageMember(actor.role, target.role)) {
    throw new AppError('FORBIDDEN', `you cannot change a member whose role (${target.role}) is the same as or above yours`);
  }
}

export async function setMemberDisabled(context: StaffContext, memberId: string, disabled: boolean, reason?: string) {
  if (memberId === context.staffId) throw new AppError('BAD_REQUEST', 'you cannot disable your own account');
  const why = reason?.trim() || null;
  if (disabled && !why) throw new AppError('BAD_REQUEST', 'give a reason for disabling the member; they will see it');
  await withTenant(context.tenantId, async (tx) => {
    await requireManageable(tx, context, memberId);
    await tx.member.update({ where: { id: memberId }, data: { status: disabled ? 'disabled' : 'active', disabledReason: disabled ? why : null } });
    if (disabled) await tx.session.deleteMany({ where: { memberId } });
    await recordAudit(tx, {
      tenantId: context.tenantId,
      actorMemberId: context.staffId,
      action: disabled ? 'member.disable' : 'member.enable',
      targetType: 'member',
      targetId: memberId,
      details: { reason: why },
    });
  });
  await publishInvalidation(context.publisher, { kind: 'member', tenantId: context.tenantId, memberId });
}

export async function changeMemberGroup(context: StaffContext, memberId: string, groupId: string) {
  await withTenant(context.tenantId, async (tx) => {
    await requireManageable(tx, context, memberId);
    const group = await tx.group.findUnique({ where: { id: groupId }, select: { name: true } });
    if (!group) throw new AppError('BAD_REQUEST', 'that group does not exist here; pick one from the list');
    const { count } = await tx.member.updateMany({ where: { id: memberId }, data: { groupId } });
    if (count === 0) throw new AppError('NOT_FOUND', 'no such member here');
    await recordAudit(tx, {
      tenantId: context.tenantId,
      actorMemberId: context.staffId,
      action: 'member.change_group',
      targetType: 'member',
      targetId: memberId,
      details: { group: group.name },
    });
  });
  await publishInvalidation(context.publisher, { kind: 'member', tenantId: context.tenantId, memberId });
}

export async function listMembersForStaff(tenantId: string) {
  return forTenant(tenantId).member.findMany({
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: { id: true, username: true, email: true, role: true, status: true, createdAt: true, group: { select: { id: true, name: true } } },
  });
}

export async function listGroups(tenantId: string) {
  return forTenant(tenantId).group.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
}

export async function listAuditLog(tenantId: string, limit = 100) {
  const rows = await forTenant(tenantId).auditLog.findMany({
    orderBy: { createdAt: 'desc' },
    take: Math.min(limit, 500),
    select: {
      id: true,
      action: true,
      targetType: true,
      targetId: true,
      details: true,
      createdAt: true,
      actorMember: { select: { username: true } },
      actorOperatorId: true,
    },
  });
  // Staff read names, not ids: the torrents and members the page's entries name, in
  // two reads (a deleted torrent keeps its row and name; a purged one shows its id).
  const idsOf = (type: string) => [...new Set(rows.flatMap((row) => (row.targetType === type && row.targetId ? [row.targetId] : [])))];
  const db = forTenant(tenantId);
  const [torrents, members] = await Promise.all([
    db.torrent.findMany({ where: { id: { in: idsOf('torrent') } }, select: { id: true, name: true } }),
    db.member.findMany({ where: { id: { in: idsOf('member') } }, select: { id: true, username: true } }),
  ]);
  const labels = new Map<string, string>([...torrents.map((torrent) => [torrent.id, torrent.name] as const), ...members.map((member) => [member.id, member.username] as const)]);
  return rows.map((row) => {
    const reason = (row.details as { reason?: unknown } | null)?.reason;
    return {
      id: row.id,
      action: row.action,
      target: row.targetType ? `${row.targetType} ${row.targetId ?? ''}`.trim() : null,
      targetType: row.targetType,
      targetId: row.targetId,
      /** The torrent's name or the member's username; null when the row is gone or has no name. */
      targetLabel: row.targetId ? (labels.get(row.targetId) ?? null) : null,
      reason: typeof reason === 'string' && reason !== '' ? reason : null,
      details: row.details,
      createdAt: row.createdAt.toISOString(),
      actor: row.actorMember?.username ?? (row.actorOperatorId ? 'operator' : 'system'),
    };
  });
}
