// Stores a notification (so it survives a reload) and pushes it, with the member's new
// unread count, to their live room. Callers: the worker (moderation, comments), chat
// mentions. With a `sourceKey` it is stored at most once per key (a retried job).
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
  /**
   * Unique per tenant (the worker passes "outbox:<id>"): when a notification with this
   * key exists already, that one is pushed again instead of storing a second.
   */
  sourceKey?: string;
}

export const notificationSelect = { id: true, kind: true, payload: true, createdAt: true, readAt: true } as const;

export function notificationView(row: { id: string; kind: string; payload: unknown; createdAt: Date; readAt: Date | null }): NotificationView {
  const payload = typeof row.payload === 'object' && row.payload !== null ? (row.payload as Record<string, unknown>) : {};
  return { id: row.id, kind: row.kind, payload, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null };
}

export async function countUnreadNotifications(options: { tenantId: string; memberId: string }): Promise<number> {
  return forTenant(options.tenantId).notification.count({ where: { memberId: options.memberId, readAt: null } });
}

export async function notifyMember(options: NotifyMemberOptions): Promise<NotificationView> {
  const db = forTenant(options.tenantId);
  const data = { tenantId: options.tenantId, memberId: options.memberId, kind: options.kind, payload: options.payload as object };
  let row;
  if (options.sourceKey === undefined) {
    row = await db.notification.create({ data, select: notificationSelect });
  } else {
    // ON CONFLICT DO NOTHING on (tenant_id, source_key), then read whichever row won.
    await db.notification.createMany({ data: [{ ...data, sourceKey: options.sourceKey }], skipDuplicates: true });
    row = await db.notification.findFirstOrThrow({ where: { sourceKey: options.sourceKey }, select: notificationSelect });
  }
  const notification = notificationView(row);
  if (options.emitter) await pushNotification({ ...options, emitter: options.emitter, notification });
  return notification;
}

/** Pushes a stored notification, with the member's unread count, to their live room. */
export async function pushNotification(options: {
  tenantId: string;
  memberId: string;
  notification: NotificationView;
  emitter: LiveEmitter;
}): Promise<void> {
  const unread = await countUnreadNotifications(options);
  const push: NotificationPush = { notification: options.notification, unread };
  options.emitter.to(gatewayRooms.member(options.tenantId, options.memberId)).emit(NOTIFICATION_EVENT, push);
}
