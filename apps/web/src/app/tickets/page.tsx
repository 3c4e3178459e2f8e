// A member's support tickets (only their own) and the form to open one.
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { NewTicketForm } from '~/components/tickets/new-ticket-form';
import { CATEGORY_LABELS, PRIORITY_LABELS, STATUS_LABELS } from '~/components/tickets/ticket-labels';
import { tenantPage } from '~/server/page-context';

export default async function TicketsPage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const tickets = await api.tickets.mine();
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Ask staff for help: only you and staff see your tickets.">Tickets</PageTitle>
      <Card title="Your tickets">
        {tickets.length === 0 ? (
          <p className="text-sm text-slate-700" data-testid="tickets-empty">You have no tickets. Open one below when you need staff.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="my-tickets">
            <thead><tr><th scope="col">Subject</th><th scope="col">Category</th><th scope="col">Priority</th><th scope="col">Status</th><th scope="col">Last activity</th></tr></thead>
            <tbody>
              {tickets.map((ticket) => (
                <tr key={ticket.id} className="border-t border-slate-100">
                  <td className="py-1"><Link className="text-indigo-700 underline" href={`/tickets/${ticket.id}`}>{ticket.subject}</Link></td>
                  <td>{CATEGORY_LABELS[ticket.category]}</td>
                  <td>{PRIORITY_LABELS[ticket.priority]}</td>
                  <td>{ticket.status === 'waiting_on_member' ? <strong>Staff answered</strong> : STATUS_LABELS[ticket.status]}</td>
                  <td className="tabular-nums">{ticket.lastReplyAt.slice(0, 16).replace('T', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="Open a ticket">
        <NewTicketForm />
      </Card>
    </div>
  );
}
