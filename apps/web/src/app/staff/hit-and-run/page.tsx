// Staff: the community's hit-and-run warnings (issue 11), active ones by default, newest
// first, with what was missing, when each expires, and a pardon with a reason (audited).
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { tenantPage } from '~/server/page-context';
import { PardonForm } from './pardon-form';

const CELL = 'px-2 py-1 align-top';
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const STATE_LABEL = { active: 'Active', expired: 'Expired', pardoned: 'Pardoned' } as const;

export default async function HitAndRunWarningsPage(props: { searchParams: Promise<{ filter?: string; page?: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const query = await props.searchParams;
  const filter = query.filter === 'all' ? 'all' : 'active';
  const page = Math.max(1, Math.min(100_000, Number.parseInt(query.page ?? '1', 10) || 1));
  const list = await api.hitAndRun.list({ filter, page });
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const link = (next: { filter?: string; page?: number }) => `/staff/hit-and-run?filter=${next.filter ?? filter}&page=${next.page ?? 1}`;
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Downloads whose members neither seeded long enough nor reached the ratio by the deadline. A warning expires by itself; pardon one when the rules misjudged a case.">
        Hit-and-run warnings
      </PageTitle>
      <nav aria-label="Warnings shown" className="flex flex-wrap gap-4 text-sm">
        <Link className="text-indigo-700 underline" href="/staff">Back to staff tools</Link>
        <Link className="text-indigo-700 underline" href={link({ filter: 'active' })} aria-current={filter === 'active' ? 'page' : undefined}>Active</Link>
        <Link className="text-indigo-700 underline" href={link({ filter: 'all' })} aria-current={filter === 'all' ? 'page' : undefined}>All, also expired and pardoned</Link>
        <Link className="text-indigo-700 underline" href="/staff/economy">Rules (economy settings)</Link>
      </nav>
      <Card title={`${filter === 'active' ? 'Active warnings' : 'All warnings'} (${list.total})`}>
        {list.items.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="hnr-empty">
            {filter === 'active' ? 'No active hit-and-run warnings.' : 'No hit-and-run warnings yet.'}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="hnr-warnings">
              <caption className="sr-only">Hit-and-run warnings, newest first</caption>
              <thead>
                <tr>
                  <th scope="col" className={CELL}>Issued (UTC)</th>
                  <th scope="col" className={CELL}>Member</th>
                  <th scope="col" className={CELL}>Torrent</th>
                  <th scope="col" className={CELL}>Missing when issued</th>
                  <th scope="col" className={CELL}>Expires (UTC)</th>
                  <th scope="col" className={CELL}>State</th>
                  <th scope="col" className={CELL}><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((warning) => (
                  <tr key={warning.id} className="border-t border-slate-100" data-testid={`hnr-warning-${warning.member.username}`}>
                    <td className={`${CELL} whitespace-nowrap`}><time dateTime={warning.issuedAt}>{when(warning.issuedAt)}</time></td>
                    <td className={CELL}><Link className="text-indigo-700 underline" href={`/profile/${warning.member.username}`}>{warning.member.username}</Link></td>
                    <td className={CELL}><Link className="text-indigo-700 underline" href={`/torrents/${warning.torrentId}`}>{warning.torrentName}</Link></td>
                    <td className={CELL}>{warning.missing}</td>
                    <td className={`${CELL} whitespace-nowrap`}><time dateTime={warning.expiresAt}>{when(warning.expiresAt)}</time></td>
                    <td className={CELL}>
                      {STATE_LABEL[warning.state]}
                      {warning.state === 'pardoned' ? (
                        <span className="block text-xs text-slate-600">by {warning.pardonedBy ?? 'a former member'}: {warning.pardonReason}</span>
                      ) : null}
                    </td>
                    <td className={CELL}>
                      {warning.state === 'active' && warning.member.id !== member.id ? (
                        <PardonForm warningId={warning.id} username={warning.member.username} torrentName={warning.torrentName} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav aria-label="Pages" className="mt-3 flex gap-4 text-sm">
            {page > 1 ? <Link className="text-indigo-700 underline" href={link({ page: page - 1 })}>Newer</Link> : null}
            <span>Page {page} of {pages}</span>
            {page < pages ? <Link className="text-indigo-700 underline" href={link({ page: page + 1 })}>Older</Link> : null}
          </nav>
        ) : null}
      </Card>
    </div>
  );
}
