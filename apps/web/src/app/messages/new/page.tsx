// Start a conversation; `?to=<username>` (from a profile's "Send message") fills the recipient.
import { MAX_RECIPIENTS, MESSAGE_BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '@swarmhost/domain/messages/message-limits';
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { NewConversationForm } from '~/components/messages/new-conversation-form';
import { tenantPage } from '~/server/page-context';

export default async function NewConversationPage(props: { searchParams: Promise<{ to?: string | string[] }> }) {
  const { member } = await tenantPage();
  if (!member) redirect('/login');
  const { to } = await props.searchParams;
  const recipient = (Array.isArray(to) ? to.join(', ') : (to ?? '')).slice(0, 200);
  return (
    <div className="space-y-6">
      <PageTitle subtitle={<Link href="/messages" className="text-indigo-700 underline">Back to your inbox</Link>}>New conversation</PageTitle>
      <Card>
        <NewConversationForm to={recipient} maxRecipients={MAX_RECIPIENTS} subjectMax={SUBJECT_MAX_LENGTH} bodyMax={MESSAGE_BODY_MAX_LENGTH} />
      </Card>
    </div>
  );
}
