// Member notifications: stored in PostgreSQL (they survive a reload) and pushed live to
// the member's room with the new unread count, so a badge needs no polling.
export const NOTIFICATION_EVENT = 'notification:new';
export const NOTIFICATION_COUNT_EVENT = 'notification:unread';

export const NOTIFICATION_KINDS = [
  'torrent.approved',
  'torrent.rejected',
  'chat.mention',
  'torrent.comment',
  'bonus.gift',
  'bonus.tip',
  'hit_and_run.prewarning',
  'hit_and_run.warning',
  'hit_and_run.expired',
  'hit_and_run.pardoned',
  'request.filled',
  'request.comment',
  'request.accepted',
  'request.rejected',
  'report.closed',
  'ticket.reply',
  'ticket.status',
  'forum.reply',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationView {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  /** ISO timestamps. */
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPush {
  notification: NotificationView;
  unread: number;
}

export interface UnreadCount {
  unread: number;
}
