// One line of text per notification kind, shared by the header badge and the notifications
// page (rendered as text: payload strings come from members).
import type { NotificationView } from '@swarmhost/events';

export function describeNotification(notification: NotificationView): string {
  const text = (key: string) => (typeof notification.payload[key] === 'string' ? (notification.payload[key] as string) : '');
  switch (notification.kind) {
    case 'torrent.approved':
      return `Your upload "${text('torrentName')}" was approved`;
    case 'torrent.rejected':
      return `Your upload "${text('torrentName')}" was rejected: ${text('reason')}`;
    case 'torrent.comment':
      return `${text('authorUsername') || 'Someone'} commented on "${text('torrentName')}"`;
    case 'chat.mention':
      return `${text('byUsername')} mentioned you in #${text('roomSlug')}: ${text('excerpt')}`;
    case 'bonus.gift':
      return `${text('fromUsername')} gave you ${String(notification.payload.amount ?? '')} bonus points${text('note') ? `: "${text('note')}"` : ''}`;
    case 'bonus.tip':
      return `${text('fromUsername')} tipped you ${String(notification.payload.amount ?? '')} points for "${text('torrentName')}"${text('note') ? `: "${text('note')}"` : ''}`;
    default:
      return notification.kind;
  }
}
