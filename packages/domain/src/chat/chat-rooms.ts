// Which chat rooms a member may see: every room of their tenant, staff-only rooms for
// staff and admins. Row-level security keeps other tenants' rooms out entirely.
import { forTenant } from '@swarmhost/db';
import type { ChatRoomView } from '@swarmhost/events';
import { AppError } from '../errors';

export type ChatRole = 'member' | 'staff' | 'admin';

export function isStaffRole(role: string): boolean {
  return role === 'staff' || role === 'admin';
}

const roomSelect = { id: true, slug: true, name: true, topic: true, staffOnly: true } as const;

export async function listChatRooms(options: { tenantId: string; role: ChatRole }): Promise<ChatRoomView[]> {
  return forTenant(options.tenantId).chatRoom.findMany({
    where: isStaffRole(options.role) ? {} : { staffOnly: false },
    orderBy: { createdAt: 'asc' },
    select: roomSelect,
  });
}

/** The room by slug, refusing staff-only rooms to members with a clear error. */
export async function findChatRoom(options: { tenantId: string; role: ChatRole; slug: unknown }): Promise<ChatRoomView> {
  if (typeof options.slug !== 'string' || options.slug.length > 64) throw new AppError('NOT_FOUND', 'no such chat room; pick one from the list');
  const room = await forTenant(options.tenantId).chatRoom.findUnique({
    where: { tenantId_slug: { tenantId: options.tenantId, slug: options.slug } },
    select: roomSelect,
  });
  if (!room) throw new AppError('NOT_FOUND', `there is no chat room "${options.slug}" here; pick one from the list`);
  if (room.staffOnly && !isStaffRole(options.role)) throw new AppError('FORBIDDEN', `the "${room.name}" room is for staff only`);
  return room;
}
