// One ticket's thread (the safe Markdown renderer), the reply form while it is not
// closed, and staff's controls for staff. Anyone else's ticket is a 404.
import { Card, PageTitle } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { CATEGORY_LABELS, PRIORITY_BADGE, PRIORITY_LABELS, STATUS_LABELS } from '~/components/tickets/ticket-labels';
import { TicketReplyForm } from '~/components/tickets/ticket-reply-form';
import { TicketStaffControls } from '~/components/tickets/ticket-staff-controls';
import { tenantPage } from '~/server/page-context';

export default async function TicketPage(props: { params: Promise<{ id: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { id } = await props.params;
  const ticket = await api.tickets.get({ ticketId: id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const isStaff = member.role !== 'member';
  const ownTicket = ticket.member.id === member.id;
  return (
    <div className="space-y-6">
      <PageTitle subtitle={<>Opened by {ticket.member.username} · {CATEGORY_LABELS[ticket.category]} · {ticket.createdAt.slice(0, 16).replace('T', ' ')} UTC</>}>
        {ticket.subject}
      </PageTitle>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className={`rounded px-2 py-0.5 font-medium ${PRIORITY_BADGE[ticket.priority]}`}>{PRIORITY_LABELS[ticket.priority]} priority</span>
        <span className="rounded bg-slate-100 px-2 py-0.5 font-medium text-slate-800" data-testid="ticket-status">{STATUS_LABELS[ticket.status]}</span>
        <span className="text-slate-700">{ticket.assignee ? `Assigned to ${ticket.assignee.username}` : 'Not assigned yet'}</span>
        <Link className="ml-auto text-indigo-700 underline" href={isStaff && !ownTicket ? '/staff/tickets' : '/tickets'}>{isStaff && !ownTicket ? '← Ticket queue' : '← Your tickets'}</Link>
      </p>
      {isStaff && !ownTicket ? (
        <Card title="Staff">
          <TicketStaffControls ticketId={ticket.id} meId={member.id} assigneeId={ticket.assignee?.id ?? null} priority={ticket.priority} status={ticket.status} staff={ticket.staff} />
        </Card>
      ) : null}
      <ol className="space-y-4" data-testid="ticket-thread">
        {ticket.replies.map((reply) => (
          <li key={reply.id} className={`rounded-lg border p-4 shadow-sm ${reply.fromStaff ? 'border-indigo-200 bg-indigo-50' : 'border-slate-200 bg-white'}`}>
            <p className="mb-2 text-xs text-slate-700">
              <strong>{reply.author ?? 'former member'}</strong>{reply.fromStaff ? ' (staff)' : ''} · {reply.createdAt.slice(0, 16).replace('T', ' ')} UTC
            </p>
            {/* renderMarkdown escapes raw HTML and unsafe links (see @swarmhost/ui/markdown). */}
            <div className="prose-description text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(reply.body) }} />
          </li>
        ))}
      </ol>
      {ticket.status === 'closed' ? (
        <p className="text-sm text-slate-700">This ticket is closed{ownTicket ? '; open a new ticket if you still need help.' : '.'}</p>
      ) : (
        <Card title="Reply">
          <TicketReplyForm ticketId={ticket.id} asStaff={isStaff && !ownTicket} />
        </Card>
      )}
    </div>
  );
}
