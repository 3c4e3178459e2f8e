// A member's stored notifications (approved/rejected uploads, comments, mentions): the
// same list the header badge shows live, read from the database so it survives a reload.
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { MarkNotificationsRead } from '~/components/live/mark-notifications-read';
import { describeNotification } from '~/components/live/describe-notification';
import { tenantPage } from '~/server/page-context';

export default async function NotificationsPage(props: { searchParams: Promise<{ before?: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { before } = await props.searchParams;
  const page = await api.account.notifications(before && /^[0-9a-f-]{36}$/i.test(before) ? { before } : undefined);
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`${page.unread} unread`}>Notifications</PageTitle>
      <Card title="Latest">
        {page.unread > 0 ? <MarkNotificationsRead /> : null}
        {page.notifications.length === 0 ? <p className="text-sm text-slate-600">Nothing yet.</p> : null}
        <ul data-testid="notification-list" className="divide-y divide-slate-100 text-sm">
          {page.notifications.map((notification) => (
            <li key={notification.id} className={`py-2 ${notification.readAt ? 'text-slate-600' : 'font-medium'}`}>
              {typeof notification.payload.ticketId === 'string' ? (
                <Link href={`/tickets/${notification.payload.ticketId}`} className="hover:underline">
                  {describeNotification(notification)}
                </Link>
              ) : typeof notification.payload.torrentId === 'string' ? (
                <Link href={`/torrents/${notification.payload.torrentId}`} className="hover:underline">
                  {describeNotification(notification)}
                </Link>
              ) : (
                describeNotification(notification)
              )}
              <span className="block text-xs font-normal text-slate-500">{notification.createdAt.slice(0, 16).replace('T', ' ')} UTC</span>
            </li>
          ))}
        </ul>
        {page.nextCursor ? (
          <Link href={`/notifications?before=${page.nextCursor}`} className="mt-2 inline-block text-sm text-indigo-700 underline">
            Older
          </Link>
        ) : null}
      </Card>
    </div>
  );
}
