// One conversation for a participant: the newest 100 messages (safe Markdown) with the
// new ones marked and "Load older messages" above them, reply, add a member, leave,
// report a message. Opening it marks it read; anyone not in it gets a 404, as for a
// conversation that does not exist.
import { MESSAGE_BODY_MAX_LENGTH } from '@swarmhost/domain/messages/message-limits';
import { Card, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { AddParticipantForm, LeaveButton, LiveConversationRefresh, ReplyForm } from '~/components/messages/conversation-actions';
import { MessageItem } from '~/components/messages/message-item';
import { OlderMessages } from '~/components/messages/older-messages';
import { tenantPage } from '~/server/page-context';

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
      <Card title="Messages">
        {conversation.messages[0] ? (
          <OlderMessages conversationId={conversation.id} firstSeq={conversation.messages[0].seq} hasOlder={conversation.hasOlder} readUpTo={conversation.readUpTo} />
        ) : null}
        <ol className="space-y-4" aria-label="Messages">
          {conversation.messages.map((message) => <MessageItem key={message.id} message={message} readUpTo={conversation.readUpTo} />)}
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
