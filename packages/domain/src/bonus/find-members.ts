// The staff economy page's member picker: members whose name starts with (or contains)
// what staff typed, with their balance and whether this staff member may adjust them.
import { forTenant } from '@swarmhost/db';
import { mayManageMember } from '../staff/manage-members';
import { formatPoints } from './book-points';

export interface MemberPick {
  id: string;
  username: string;
  role: 'member' | 'staff' | 'admin';
  balance: string;
  /** Below the actor's role and not the actor: their points may be adjusted. */
  canAdjust: boolean;
}

export const MEMBER_PICK_LIMIT = 10;

export async function findMembersByName(options: { tenantId: string; actor: { id: string; role: 'member' | 'staff' | 'admin' }; query: string }): Promise<MemberPick[]> {
  const query = options.query.trim();
  if (query === '') return [];
  const db = forTenant(options.tenantId);
  const select = { id: true, username: true, role: true, bonusPoints: true } as const;
  // Names that start with the query first ("ann" finds "anna" before "joanne").
  const starting = await db.member.findMany({ where: { username: { startsWith: query, mode: 'insensitive' } }, select, orderBy: { username: 'asc' }, take: MEMBER_PICK_LIMIT });
  const containing =
    starting.length < MEMBER_PICK_LIMIT
      ? await db.member.findMany({
          where: { username: { contains: query, mode: 'insensitive' }, id: { notIn: starting.map((row) => row.id) } },
          select,
          orderBy: { username: 'asc' },
          take: MEMBER_PICK_LIMIT - starting.length,
        })
      : [];
  return [...starting, ...containing]
    .map((row) => ({
      id: row.id,
      username: row.username,
      role: row.role,
      balance: formatPoints(row.bonusPoints),
      canAdjust: row.id !== options.actor.id && mayManageMember(options.actor.role, row.role),
    }));
}
