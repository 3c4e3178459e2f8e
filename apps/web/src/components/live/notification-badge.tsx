'use client';
// The unread badge and a small list of notifications: the count arrives on connect and
// with every new notification; the list comes from the stored ones (they survive a reload).
import {
  GATEWAY_REQUESTS,
  NOTIFICATION_COUNT_EVENT,
  NOTIFICATION_EVENT,
  type NotificationPush,
  type NotificationView,
  type UnreadCount,
} from '@swarmhost/events';
import { useState } from 'react';
import { describeNotification } from './describe-notification';
import { requestLive, useLiveEvent, useRealtime } from './realtime-provider';

export function NotificationBadge() {
  const { socket } = useRealtime();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<NotificationView[]>([]);
  useLiveEvent<UnreadCount>(NOTIFICATION_COUNT_EVENT, (count) => setUnread(count.unread));
  useLiveEvent<NotificationPush>(NOTIFICATION_EVENT, (push) => {
    setUnread(push.unread);
    // A retried worker job may push the same notification again: keep one.
    setItems((previous) => [push.notification, ...previous.filter((item) => item.id !== push.notification.id)].slice(0, 30));
  });

  const toggle = async () => {
    setOpen(!open);
    if (open || !socket) return;
    const page = await requestLive<{ notifications: NotificationView[]; unread: number }>(socket, GATEWAY_REQUESTS.notificationsList).catch(() => null);
    if (page) setItems(page.notifications);
    if (page && page.unread > 0) await requestLive(socket, GATEWAY_REQUESTS.notificationsRead, {}).catch(() => undefined);
  };

  return (
    <div className="relative inline-block">
      {/* Looks like the other links of the main navigation (layout.tsx). */}
      <button
        type="button"
        onClick={() => void toggle()}
        aria-label={`${unread} unread notifications`}
        aria-expanded={open}
        className="relative rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900"
      >
        Notifications
        {unread > 0 ? (
          <span data-testid="notification-unread" className="ml-1 rounded-full bg-red-600 px-1.5 text-xs text-white tabular-nums">
            {unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <ul className="absolute right-0 z-10 mt-1 w-80 rounded border border-slate-200 bg-white p-2 text-sm shadow">
          {items.length === 0 ? <li className="text-slate-600">Nothing yet.</li> : null}
          {items.map((item) => (
            <li key={item.id} className={`border-b border-slate-100 py-1 ${item.readAt ? 'text-slate-600' : ''}`}>
              {/* Rendered as text: payload strings come from members. */}
              {describeNotification(item)}
              <span className="block text-xs text-slate-500">{item.createdAt.slice(0, 16).replace('T', ' ')}</span>
            </li>
          ))}
          <li className="pt-1">
            <a href="/notifications" className="text-indigo-700 underline">
              All notifications
            </a>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
