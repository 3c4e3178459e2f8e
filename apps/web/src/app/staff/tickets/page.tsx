// Staff: the community's tickets, highest priority first, then the oldest; filtered by
// status and assignee with a GET form.
import { Card, PageTitle, secondaryButtonClass } from '@swarmhost/ui';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { CATEGORY_LABELS, PRIORITY_BADGE, PRIORITY_LABELS, STATUS_LABELS } from '~/components/tickets/ticket-labels';
import { tenantPage } from '~/server/page-context';

const STATUSES = [
  ['active', 'Not closed'],
  ['open', 'Open (waiting on staff)'],
  ['waiting_on_member', 'Waiting on member'],
  ['closed', 'Closed'],
  ['all', 'All'],
] as const;
const ASSIGNEES = [
  ['', 'Anyone'],
  ['me', 'Assigned to me'],
  ['nobody', 'Unassigned'],
] as const;

function age(iso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} d`;
}

export default async function StaffTicketsPage(props: { searchParams: Promise<{ status?: string; assignee?: string; page?: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const search = await props.searchParams;
  const status = STATUSES.find(([key]) => key === search.status)?.[0] ?? 'active';
  const assignee = ASSIGNEES.find(([key]) => key === search.assignee)?.[0] || undefined;
  const page = Math.min(100_000, Math.max(1, Number.parseInt(search.page ?? '1', 10) || 1));
  const [queue, counts] = await Promise.all([api.tickets.list({ status, assignee: assignee as 'me' | undefined, page }), api.tickets.openCount()]);
  const now = Date.now();
  const pages = Math.max(1, Math.ceil(queue.total / queue.pageSize));
  const pageHref = (target: number) => `/staff/tickets?${new URLSearchParams({ status, assignee: assignee ?? '', page: String(target) }).toString()}`;
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`${counts.open} waiting on staff, ${counts.waitingOnMember} waiting on members`}>Tickets</PageTitle>
      <p className="text-sm"><Link className="text-indigo-700 underline" href="/staff">← Staff</Link> · <Link className="text-indigo-700 underline" href="/staff/reports">Reports</Link></p>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter tickets">
        <div>
          <label htmlFor="filter-status" className="block text-xs font-medium text-slate-700">Status</label>
          <select id="filter-status" name="status" defaultValue={status} className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5">
            {STATUSES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="filter-assignee" className="block text-xs font-medium text-slate-700">Assignee</label>
          <select id="filter-assignee" name="assignee" defaultValue={assignee ?? ''} className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5">
            {ASSIGNEES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <button type="submit" className={secondaryButtonClass}>Filter</button>
      </form>
      <Card title={`${queue.total} ticket${queue.total === 1 ? '' : 's'}`}>
        {queue.tickets.length === 0 ? (
          <p className="text-sm text-slate-700" data-testid="tickets-empty">No tickets match these filters.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="ticket-queue">
            <thead>
              <tr><th scope="col">Priority</th><th scope="col">Subject</th><th scope="col">Member</th><th scope="col">Category</th><th scope="col">Status</th><th scope="col">Assignee</th><th scope="col">Age</th></tr>
            </thead>
            <tbody>
              {queue.tickets.map((ticket) => (
                <tr key={ticket.id} className="border-t border-slate-100">
                  <td className="py-2"><span className={`rounded px-2 py-0.5 text-xs font-medium ${PRIORITY_BADGE[ticket.priority]}`}>{PRIORITY_LABELS[ticket.priority]}</span></td>
                  <td><Link className="text-indigo-700 underline" href={`/tickets/${ticket.id}`}>{ticket.subject}</Link> <span className="text-xs text-slate-600">({ticket.replies})</span></td>
                  <td>{ticket.member}</td>
                  <td>{CATEGORY_LABELS[ticket.category]}</td>
                  <td>{STATUS_LABELS[ticket.status]}</td>
                  <td>{ticket.assignee ?? '—'}</td>
                  <td className="tabular-nums" title={ticket.createdAt}>{age(ticket.createdAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 ? (
          <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
            {page > 1 ? <Link className="text-indigo-700 underline" href={pageHref(page - 1)}>Previous</Link> : null}
            <span>Page {page} of {pages}</span>
            {page < pages ? <Link className="text-indigo-700 underline" href={pageHref(page + 1)}>Next</Link> : null}
          </nav>
        ) : null}
      </Card>
    </div>
  );
}
