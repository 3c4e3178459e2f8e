// The inbox: the member's conversations, newest message first, unread ones marked with
// their number of new messages. Only the member's own conversations are listed. Links
// are not prefetched: rendering a conversation marks it read.
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { tenantPage } from '~/server/page-context';

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export default async function InboxPage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const conversations = await api.messages.inbox();
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Private conversations: only the members in them can read them.">Messages</PageTitle>
      <div>
        <Link href="/messages/new" className="inline-flex rounded-md bg-indigo-700 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-2">
          New conversation
        </Link>
      </div>
      <Card title="Inbox">
        {conversations.length === 0 ? (
          <p className="text-slate-600" data-testid="inbox-empty">
            No conversations yet. Start one with “New conversation”, or with “Send message” on a member’s profile.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Conversations">
            {conversations.map((conversation) => (
              <li key={conversation.id} className="py-3" data-testid="inbox-row">
                <Link href={`/messages/${conversation.id}`} prefetch={false} className={`block rounded px-2 py-1 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 ${conversation.unread > 0 ? 'font-semibold text-slate-900' : 'text-slate-700'}`}>
                  <span className="flex flex-wrap items-baseline justify-between gap-2">
                    <span>
                      {conversation.subject}
                      {conversation.unread > 0 ? (
                        <span className="ml-2 rounded-full bg-red-600 px-2 text-xs text-white" data-testid="inbox-unread">
                          {conversation.unread} new
                        </span>
                      ) : null}
                    </span>
                    <span className="text-xs font-normal text-slate-600">{when(conversation.lastMessageAt)}</span>
                  </span>
                  <span className="block text-sm font-normal text-slate-600">with {conversation.with.length > 0 ? conversation.with.join(', ') : 'nobody (everyone else left)'}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
