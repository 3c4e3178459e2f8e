// Staff tools: the moderation queue, members, and the audit log; possible ratio cheating
// has its own page (staff/ratio-flags).
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { DashboardCharts } from '~/components/live/dashboard-charts';
import { MemberActions } from '~/components/staff/member-actions';
import { ModerationQueue } from '~/components/staff/moderation-queue';
import { tenantPage } from '~/server/page-context';

export default async function StaffPage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const [queue, members, groups, audit, reportCounts, ticketCounts] = await Promise.all([
    api.staff.queue(),
    api.staff.members(),
    api.staff.groups(),
    api.staff.auditLog(),
    api.reports.openCount(),
    api.tickets.openCount(),
  ]);
  return (
    <div className="space-y-6">
      <PageTitle>Staff</PageTitle>
      <nav aria-label="Staff pages" className="text-sm">
        <ul className="flex flex-wrap gap-4">
          <li><Link className="text-indigo-700 underline" href="/staff/reports" data-testid="staff-reports-link">Reports ({reportCounts.unresolved} unresolved)</Link></li>
          <li><Link className="text-indigo-700 underline" href="/staff/tickets" data-testid="staff-tickets-link">Tickets ({ticketCounts.open} waiting on staff)</Link></li>
          <li><Link className="text-indigo-700 underline" href="/staff/ratio-flags">Possible ratio cheating</Link></li>
          <li><Link className="text-indigo-700 underline" href="/staff/hit-and-run">Hit-and-run warnings</Link></li>
          <li><Link className="text-indigo-700 underline" href="/staff/economy">Economy: earning rules, store, hit-and-run, point adjustments</Link></li>
          <li><Link className="text-indigo-700 underline" href="/staff/applications">Applications</Link></li>
          <li><Link className="text-indigo-700 underline" href="/staff/categories">Categories for Torznab (Newznab mapping)</Link></li>
          <li><Link className="text-indigo-700 underline" href="/staff/forums">Forums</Link></li>
          {member.role === 'admin' ? <li><Link className="text-indigo-700 underline" href="/staff/site">Site look, rules, FAQ and registration</Link></li> : null}
        </ul>
      </nav>
      <Card title="Live tracker (last 15 minutes)"><DashboardCharts scope="tenant" /></Card>
      <Card title={`Moderation queue (${queue.length})`}>
        <ModerationQueue queue={queue} />
      </Card>
      <Card title="Members">
        <table className="w-full text-left text-sm">
          <thead><tr><th scope="col">Member</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
          <tbody>{members.map((row) => (
            <tr key={row.id} className="border-t border-slate-100">
              <td className="py-1"><Link className="text-indigo-700 underline" href={`/profile/${row.username}`}>{row.username}</Link></td>
              <td>{row.role}</td><td>{row.status}</td>
              <td>
                {row.canManage ? (
                  <MemberActions memberId={row.id} disabled={row.status === 'disabled'} groupId={row.group?.id ?? null} groups={groups} />
                ) : (
                  <span className="text-slate-600" data-testid={`no-actions-${row.username}`}>{row.id === member.id ? 'you' : 'none: same or higher role'}</span>
                )}
              </td>
            </tr>
          ))}</tbody>
        </table>
      </Card>
      <Card title="Audit log">
        <ol className="text-sm">{audit.map((entry) => (
          <li key={entry.id} className="border-b border-slate-100 py-1">
            {entry.createdAt.slice(0, 16).replace('T', ' ')} · <strong>{entry.actor}</strong> · {entry.action}
            {entry.targetType ? <> · {entry.targetType} <AuditTarget entry={entry} /></> : null}
            {entry.reason ? <span className="text-slate-600"> — “{entry.reason}”</span> : null}
          </li>
        ))}</ol>
      </Card>
    </div>
  );
}

/** The entry's torrent or member by name, linked; its id when the row has no name (any more). */
function AuditTarget({ entry }: { entry: { targetType: string | null; targetId: string | null; targetLabel: string | null } }) {
  if (!entry.targetLabel || !entry.targetId) return <>{entry.targetId ?? ''}</>;
  const href = entry.targetType === 'torrent' ? `/torrents/${entry.targetId}` : entry.targetType === 'member' ? `/profile/${entry.targetLabel}` : null;
  return href ? <Link className="text-indigo-700 underline" href={href}>{entry.targetLabel}</Link> : <>{entry.targetLabel}</>;
}
