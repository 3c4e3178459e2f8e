// The community chat: the rooms this member may use (staff-only rooms for staff) as a
// list of links, and the open room (live over the real-time gateway; see
// components/live/chat-panel.tsx). `?room=<slug>` picks one; otherwise "general" when the
// community has it, else its first room, so a tenant whose rooms have other names (the
// seed makes "lobby") still opens on a room.
import { listChatRooms } from '@swarmhost/domain';
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ChatPanel } from '~/components/live/chat-panel';
import { tenantPage } from '~/server/page-context';

export default async function ChatPage(props: { searchParams: Promise<{ room?: string }> }) {
  const { tenant, member } = await tenantPage();
  if (!member) redirect('/login');
  const { room: asked } = await props.searchParams;
  const rooms = await listChatRooms({ tenantId: tenant.id, role: member.role });
  const open = rooms.find((room) => room.slug === asked) ?? rooms.find((room) => room.slug === 'general') ?? rooms[0];
  return (
    <div className="space-y-4">
      <PageTitle>Chat</PageTitle>
      {rooms.length === 0 ? (
        <Card>
          <p className="text-slate-700" data-testid="chat-no-rooms">This community has no chat rooms yet. Staff can add one.</p>
        </Card>
      ) : (
        <div className="grid gap-4 md:grid-cols-[12rem_1fr]">
          <nav aria-label="Chat rooms">
            <ul className="space-y-1 text-sm" data-testid="chat-rooms">
              {rooms.map((room) => (
                <li key={room.id}>
                  <Link
                    href={`/chat?room=${encodeURIComponent(room.slug)}`}
                    aria-current={room.slug === open?.slug ? 'page' : undefined}
                    className={room.slug === open?.slug ? 'block rounded bg-indigo-50 px-2 py-1 font-semibold text-indigo-900' : 'block rounded px-2 py-1 text-indigo-800 hover:bg-slate-100'}
                  >
                    #{room.name}
                    {room.staffOnly ? <span className="ml-1 text-xs text-slate-600">(staff)</span> : null}
                  </Link>
                  {room.topic ? <p className="px-2 text-xs text-slate-600">{room.topic}</p> : null}
                </li>
              ))}
            </ul>
          </nav>
          {open ? <ChatPanel key={open.slug} room={open.slug} me={{ id: member.id, role: member.role }} /> : null}
        </div>
      )}
    </div>
  );
}
