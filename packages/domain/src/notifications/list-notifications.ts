// A member's stored notifications, newest first with a cursor, and marking them read
// (the unread badge follows on every open tab through the member's room).
import { forTenant } from '@swarmhost/db';
import { gatewayRooms, NOTIFICATION_COUNT_EVENT, type LiveEmitter, type NotificationView, type UnreadCount } from '@swarmhost/events';
import { countUnreadNotifications, notificationView } from './notify-member';

const PAGE = 30;

export async function listNotifications(options: {
  tenantId: string;
  memberId: string;
  before?: string;
}): Promise<{ notifications: NotificationView[]; unread: number; nextCursor: string | null }> {
  const db = forTenant(options.tenantId);
  const cursorRow = options.before
    ? await db.notification.findFirst({ where: { id: options.before, memberId: options.memberId }, select: { createdAt: true } })
    : null;
  const rows = await db.notification.findMany({
    where: { memberId: options.memberId, ...(cursorRow ? { createdAt: { lt: cursorRow.createdAt } } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: PAGE + 1,
    select: { id: true, kind: true, payload: true, createdAt: true, readAt: true },
  });
  const page = rows.slice(0, PAGE);
  return {
    notifications: page.map(notificationView),
    unread: await countUnreadNotifications(options),
    nextCursor: rows.length > PAGE ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Marks the given notifications (or all when `ids` is omitted) read; returns the new unread count. */
export async function markNotificationsRead(options: {
  tenantId: string;
  memberId: string;
  ids?: string[];
  emitter?: LiveEmitter;
}): Promise<number> {
  await forTenant(options.tenantId).notification.updateMany({
    where: { memberId: options.memberId, readAt: null, ...(options.ids ? { id: { in: options.ids.slice(0, 500) } } : {}) },
    data: { readAt: new Date() },
  });
  const unread = await countUnreadNotifications(options);
  const count: UnreadCount = { unread };
  options.emitter?.to(gatewayRooms.member(options.tenantId, options.memberId)).emit(NOTIFICATION_COUNT_EVENT, count);
  return unread;
}
