// One conversation for a participant: the messages (safe Markdown) with the new ones
// marked, reply, add a member, leave, report a message. Opening it marks it read; anyone
// not in it gets a 404, as for a conversation that does not exist.
import { MESSAGE_BODY_MAX_LENGTH } from '@swarmhost/domain/messages/message-limits';
import { Card, PageTitle } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { AddParticipantForm, LeaveButton, LiveConversationRefresh, ReplyForm, ReportMessage } from '~/components/messages/conversation-actions';
import { tenantPage } from '~/server/page-context';

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export default async function ConversationPage(props: { params: Promise<{ conversationId: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { conversationId } = await props.params;
  const conversation = await api.messages.open({ conversationId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const present = conversation.participants.filter((participant) => !participant.left).map((participant) => participant.username);
  return (
    <div className="space-y-6">
      <LiveConversationRefresh />
      <PageTitle subtitle={<>Between {present.join(', ')} · <Link href="/messages" className="text-indigo-700 underline">Inbox</Link></>}>
        {conversation.subject}
      </PageTitle>
      <Card title={`Messages (${conversation.messages.length}${conversation.hasOlder ? '+' : ''})`}>
        {conversation.hasOlder ? <p className="mb-3 text-sm text-slate-600">Older messages are not shown; the newest {conversation.messages.length} are.</p> : null}
        <ol className="space-y-4" aria-label="Messages">
          {conversation.messages.map((message) => {
            const isNew = message.seq > conversation.readUpTo && !message.mine;
            return (
              <li key={message.id} id={`message-${message.seq}`} data-testid="pm-message" className={`rounded border p-3 ${isNew ? 'border-indigo-300 bg-indigo-50' : 'border-slate-200'}`}>
                <p className="mb-1 flex flex-wrap items-baseline gap-2 text-sm">
                  <span className="font-semibold">{message.author ?? 'A former member'}</span>
                  <span className="text-slate-600">{when(message.createdAt)}</span>
                  {isNew ? <span className="rounded-full bg-indigo-700 px-2 text-xs text-white">new</span> : null}
                </p>
                <div className="prose-description text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(message.body) }} />
                {!message.mine ? (
                  <div className="mt-2">
                    <ReportMessage messageId={message.id} />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      </Card>
      <Card title="Reply">
        <ReplyForm conversationId={conversation.id} bodyMax={MESSAGE_BODY_MAX_LENGTH} />
      </Card>
      <Card title="People">
        <ul className="mb-4 text-sm" aria-label="Participants">
          {conversation.participants.map((participant) => (
            <li key={participant.username}>
              {participant.username}
              {participant.left ? <span className="text-slate-600"> (left)</span> : null}
            </li>
          ))}
        </ul>
        <AddParticipantForm conversationId={conversation.id} />
        <div className="mt-4">
          <LeaveButton conversationId={conversation.id} />
        </div>
      </Card>
    </div>
  );
}
