// Staff's view of a private conversation, allowed only because a message in it was
// reported (reached from the report queue). Each visit is written to the audit log; a
// conversation without a report is a 404 for staff like for anyone not in it.
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import { TRPCError } from '@trpc/server';
import { notFound, redirect } from 'next/navigation';
import { tenantPage } from '~/server/page-context';

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export default async function StaffConversationPage(props: { params: Promise<{ conversationId: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const { conversationId } = await props.params;
  const conversation = await api.messages.staffRead({ conversationId }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`Between ${conversation.participants.map((participant) => participant.username + (participant.left ? ' (left)' : '')).join(', ')}`}>
        Reported conversation: {conversation.subject}
      </PageTitle>
      <Notice>
        You can read this private conversation because {conversation.reportIds.length === 1 ? 'a message in it was' : `${conversation.reportIds.length} of its messages were`} reported. This visit is in the audit log.
      </Notice>
      <Card title="Messages">
        <ol className="space-y-4" aria-label="Messages">
          {conversation.messages.map((message) => (
            <li key={message.id} className={`rounded border p-3 ${message.reported ? 'border-red-400 bg-red-50' : 'border-slate-200'}`} data-testid={message.reported ? 'reported-message' : 'pm-message'}>
              <p className="mb-1 flex flex-wrap items-baseline gap-2 text-sm">
                <span className="font-semibold">{message.author ?? 'A former member'}</span>
                <span className="text-slate-600">{when(message.createdAt)}</span>
                {message.reported ? <span className="rounded-full bg-red-700 px-2 text-xs text-white">reported</span> : null}
              </p>
              <div className="prose-description text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(message.body) }} />
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
