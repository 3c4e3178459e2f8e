// Stores a notification (so it survives a reload) and pushes it, with the member's new
// unread count, to their live room. Callers: moderation, comments, chat mentions.
import { forTenant } from '@swarmhost/db';
import {
  gatewayRooms,
  NOTIFICATION_EVENT,
  type LiveEmitter,
  type NotificationKind,
  type NotificationPush,
  type NotificationView,
} from '@swarmhost/events';

export interface NotifyMemberOptions {
  tenantId: string;
  memberId: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  /** The gateway's server or a @socket.io/redis-emitter Emitter; omit to store only. */
  emitter?: LiveEmitter;
}

export function notificationView(row: { id: string; kind: string; payload: unknown; createdAt: Date; readAt: Date | null }): NotificationView {
  const payload = typeof row.payload === 'object' && row.payload !== null ? (row.payload as Record<string, unknown>) : {};
  return { id: row.id, kind: row.kind, payload, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null };
}

export async function countUnreadNotifications(options: { tenantId: string; memberId: string }): Promise<number> {
  return forTenant(options.tenantId).notification.count({ where: { memberId: options.memberId, readAt: null } });
}

export async function notifyMember(options: NotifyMemberOptions): Promise<NotificationView> {
  const db = forTenant(options.tenantId);
  const row = await db.notification.create({
    data: { tenantId: options.tenantId, memberId: options.memberId, kind: options.kind, payload: options.payload as object },
    select: { id: true, kind: true, payload: true, createdAt: true, readAt: true },
  });
  const notification = notificationView(row);
  if (options.emitter) {
    const unread = await countUnreadNotifications(options);
    const push: NotificationPush = { notification, unread };
    options.emitter.to(gatewayRooms.member(options.tenantId, options.memberId)).emit(NOTIFICATION_EVENT, push);
  }
  return notification;
}
