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
    case 'hit_and_run.prewarning':
      return `Hit-and-run: seed "${text('torrentName')}" ${hnrHours(notification.payload)} h more before ${text('deadlineAt').slice(0, 16).replace('T', ' ')} UTC, or you get a warning`;
    case 'hit_and_run.warning':
      return `Hit-and-run warning on "${text('torrentName')}" (seeded ${hnrHours(notification.payload, 'seedSeconds')} h of ${hnrHours(notification.payload, 'requiredSeedSeconds')} h); it expires ${text('expiresAt').slice(0, 10)}`;
    case 'hit_and_run.expired':
      return `Your hit-and-run warning on "${text('torrentName')}" expired`;
    case 'hit_and_run.pardoned':
      return `Staff pardoned your hit-and-run warning on "${text('torrentName')}": ${text('reason')}`;
    case 'request.filled':
      return notification.payload.requester === true
        ? `Your request "${text('title')}" was filled with "${text('torrentName')}": accept or reject it`
        : `A request you put points on, "${text('title')}", was filled with "${text('torrentName')}"`;
    case 'request.comment':
      return `${text('author') || 'Someone'} commented on your request "${text('title')}"`;
    case 'request.accepted':
      return `Your fill of "${text('title')}" was accepted${notification.payload.automatic === true ? ' (no answer in time)' : ''}: ${text('reward')} points are yours`;
    case 'request.rejected':
      return notification.payload.unfilled === true
        ? `Staff unfilled your fill of "${text('title')}": ${text('reason')}`
        : `Your fill of "${text('title')}" was rejected: ${text('reason')}`;
    case 'forum.reply':
      return `${text('authorUsername') || 'Someone'} replied in "${text('topicTitle')}"`;
    case 'report.closed':
      return `Staff ${text('status') === 'dismissed' ? 'dismissed' : 'resolved'} your report on ${text('targetType')} "${text('targetLabel')}": ${text('note')}`;
    case 'ticket.reply':
      return `${text('staffUsername') || 'Staff'} replied to your ticket "${text('subject')}"`;
    case 'ticket.status':
      return text('status') === 'closed'
        ? `${text('staffUsername') || 'Staff'} closed your ticket "${text('subject')}"`
        : text('from') === 'closed'
          ? `${text('staffUsername') || 'Staff'} reopened your ticket "${text('subject')}"`
          : `${text('staffUsername') || 'Staff'} marked your ticket "${text('subject')}" as ${text('status') === 'waiting_on_member' ? 'waiting for your answer' : 'open'}`;
    default:
      return notification.kind;
  }
}

/** Whole hours from a payload's seconds; without a key, the seed time still missing (rounded up). */
function hnrHours(payload: Record<string, unknown>, key?: 'seedSeconds' | 'requiredSeedSeconds'): number {
  const number = (name: string) => (typeof payload[name] === 'number' ? (payload[name] as number) : 0);
  if (key) return Math.floor(number(key) / 3600);
  return Math.max(0, Math.ceil((number('requiredSeedSeconds') - number('seedSeconds')) / 3600));
}
