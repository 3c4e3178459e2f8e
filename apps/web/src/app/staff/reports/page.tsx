// Staff: the report queue (oldest first), filtered by status, type and assignee with a
// plain GET form, so a filtered queue is a link staff can share.
import { Card, PageTitle, secondaryButtonClass } from '@swarmhost/ui';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { ReportQueue } from '~/components/reports/report-queue';
import { tenantPage } from '~/server/page-context';

const STATUSES = [
  ['unresolved', 'Unresolved (open and in progress)'],
  ['open', 'Open'],
  ['in_progress', 'In progress'],
  ['resolved', 'Resolved'],
  ['dismissed', 'Dismissed'],
  ['all', 'All'],
] as const;
const TYPES = [
  ['', 'Every type'],
  ['torrent', 'Torrents'],
  ['comment', 'Comments'],
  ['post', 'Forum posts'],
  ['message', 'Private messages'],
  ['member', 'Members'],
] as const;
const ASSIGNEES = [
  ['', 'Anyone'],
  ['me', 'Assigned to me'],
  ['nobody', 'Unassigned'],
] as const;

type Search = { status?: string; type?: string; assignee?: string; page?: string };

const pick = <T extends readonly (readonly [string, string])[]>(options: T, value: string | undefined): T[number][0] | undefined =>
  options.find(([key]) => key === value)?.[0];

export default async function StaffReportsPage(props: { searchParams: Promise<Search> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const search = await props.searchParams;
  const status = pick(STATUSES, search.status) ?? 'unresolved';
  const type = pick(TYPES, search.type) || undefined;
  const assignee = pick(ASSIGNEES, search.assignee) || undefined;
  const page = Math.min(100_000, Math.max(1, Number.parseInt(search.page ?? '1', 10) || 1));
  const [queue, counts] = await Promise.all([
    api.reports.list({ status, targetType: type as 'torrent' | undefined, assignee: assignee as 'me' | undefined, page }),
    api.reports.openCount(),
  ]);
  const pages = Math.max(1, Math.ceil(queue.total / queue.pageSize));
  const pageHref = (target: number) => `/staff/reports?${new URLSearchParams({ status, type: type ?? '', assignee: assignee ?? '', page: String(target) }).toString()}`;
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`${counts.open} open, ${counts.inProgress} in progress`}>Reports</PageTitle>
      <p className="text-sm"><Link className="text-indigo-700 underline" href="/staff">← Staff</Link> · <Link className="text-indigo-700 underline" href="/staff/tickets">Tickets</Link></p>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter reports">
        <Filter name="status" label="Status" options={STATUSES} value={status} />
        <Filter name="type" label="Type" options={TYPES} value={type ?? ''} />
        <Filter name="assignee" label="Assignee" options={ASSIGNEES} value={assignee ?? ''} />
        <button type="submit" className={secondaryButtonClass}>Filter</button>
      </form>
      <Card title={`${queue.total} report${queue.total === 1 ? '' : 's'}`}>
        <ReportQueue reports={queue.reports} staff={queue.staff} meId={member.id} />
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

function Filter(props: { name: string; label: string; options: readonly (readonly [string, string])[]; value: string }) {
  return (
    <div>
      <label htmlFor={`filter-${props.name}`} className="block text-xs font-medium text-slate-700">{props.label}</label>
      <select id={`filter-${props.name}`} name={props.name} defaultValue={props.value} className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5">
        {props.options.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
      </select>
    </div>
  );
}
