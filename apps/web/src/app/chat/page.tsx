// The community chat: the general room for everyone, the staff room for staff (live
// over the real-time gateway; see components/live/chat-panel.tsx).
import { PageTitle } from '@swarmhost/ui';
import { redirect } from 'next/navigation';
import { ChatPanel } from '~/components/live/chat-panel';
import { tenantPage } from '~/server/page-context';

export default async function ChatPage(props: { searchParams: Promise<{ room?: string }> }) {
  const { member } = await tenantPage();
  if (!member) redirect('/login');
  const { room } = await props.searchParams;
  return (
    <div className="space-y-4">
      <PageTitle>Chat</PageTitle>
      <ChatPanel room={room === 'staff' && member.role !== 'member' ? 'staff' : 'general'} me={{ id: member.id, role: member.role }} />
    </div>
  );
}
