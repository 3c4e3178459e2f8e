// Requests (issue 12): what members are looking for, with the points they put on it. A
// plain GET form (works without JavaScript) drives search, filters, sorting and paging.
import { REQUEST_SORTS, REQUEST_STATUS_FILTERS, type RequestSort, type RequestStatusFilter } from '@swarmhost/domain';
import { buttonClass, Card, inputClass, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { RequestStateBadge } from '~/components/requests/request-state-badge';
import { SuspendedNotice } from '~/components/suspended-notice';
import { tenantPage } from '~/server/page-context';

type Search = Record<string, string | undefined>;

const STATUS_LABELS: Record<RequestStatusFilter, string> = {
  open: 'Open',
  claimed: 'Claimed',
  pending: 'Filled, awaiting the requester',
  filled: 'Filled',
  all: 'All',
};
const SORT_LABELS: Record<RequestSort, string> = { bounty: 'Bounty', votes: 'Voters', newest: 'Newest', oldest: 'Oldest' };

export default async function RequestsPage(props: { searchParams: Promise<Search> }) {
  const { tenant, member, api } = await tenantPage();
  if (tenant.status === 'suspended') return <SuspendedNotice name={tenant.name} reason={tenant.suspendedReason} />;
  if (!member) redirect('/login');
  const params = await props.searchParams;
  const page = Math.max(1, Number(params.page) || 1);
  const query = params.q?.trim() ?? '';
  const status = (REQUEST_STATUS_FILTERS as readonly string[]).includes(params.status ?? '') ? (params.status as RequestStatusFilter) : 'open';
  const sort = (REQUEST_SORTS as readonly string[]).includes(params.sort ?? '') ? (params.sort as RequestSort) : 'bounty';
  const mine = params.mine === '1';
  const voted = params.voted === '1';
  const [result, categories] = await Promise.all([
    api.requests.list({ query: query || undefined, category: params.category || undefined, status, sort, mine, voted, page }),
    api.torrents.categories(),
  ]);
  const pageLink = (target: number) => {
    const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
    search.set('page', String(target));
    return `/requests?${search.toString()}`;
  };
  const filtered = query !== '' || Boolean(params.category) || mine || voted || status !== 'open';
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Ask for what is missing and put bonus points on it; whoever fills it gets them.">Requests</PageTitle>
      <div>
        <Link href="/requests/new" className={buttonClass}>New request</Link>
      </div>
      <Card>
        <form method="get" role="search" className="grid gap-3 md:grid-cols-6">
          <label className="text-sm md:col-span-2">
            Search
            <input name="q" type="search" defaultValue={query} placeholder="title or words" className={inputClass} />
          </label>
          <label className="text-sm">
            Category
            <select name="category" defaultValue={params.category ?? ''} className={inputClass}>
              <option value="">All</option>
              {categories.map((category) => (
                <option key={category.id} value={category.slug}>{category.name}</option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            Status
            <select name="status" defaultValue={status} className={inputClass}>
              {REQUEST_STATUS_FILTERS.map((value) => <option key={value} value={value}>{STATUS_LABELS[value]}</option>)}
            </select>
          </label>
          <label className="text-sm">
            Sort by
            <select name="sort" defaultValue={sort} className={inputClass}>
              {REQUEST_SORTS.map((value) => <option key={value} value={value}>{SORT_LABELS[value]}</option>)}
            </select>
          </label>
          <div className="flex flex-col justify-end gap-1 text-sm">
            <label className="flex items-center gap-2"><input type="checkbox" name="mine" value="1" defaultChecked={mine} /> My requests</label>
            <label className="flex items-center gap-2"><input type="checkbox" name="voted" value="1" defaultChecked={voted} /> I put points on</label>
          </div>
          <div className="md:col-span-6">
            <button type="submit" className={buttonClass}>Show</button>
          </div>
        </form>
      </Card>
      <Card>
        {result.items.length === 0 ? (
          <p className="text-slate-700" data-testid="requests-empty">
            {filtered ? 'No requests match. Try other words or fewer filters.' : 'Nobody has asked for anything yet. Missing something? Make the first request.'}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="requests-table">
              <caption className="sr-only">Requests</caption>
              <thead className="border-b border-slate-300 text-slate-700">
                <tr>
                  <th scope="col" className="py-2 pr-3">Title</th>
                  <th scope="col" className="py-2 pr-3">Category</th>
                  <th scope="col" className="py-2 pr-3">Status</th>
                  <th scope="col" className="py-2 pr-3 text-right">Bounty</th>
                  <th scope="col" className="py-2 pr-3 text-right">Voters</th>
                  <th scope="col" className="py-2 pr-3">Requested by</th>
                  <th scope="col" className="py-2">Added</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((item) => (
                  <tr key={item.id} className="border-b border-slate-100">
                    <td className="py-2 pr-3">
                      <Link href={`/requests/${item.id}`} className="font-medium text-indigo-800 hover:underline">{item.title}</Link>
                    </td>
                    <td className="py-2 pr-3">{item.category?.name ?? '—'}</td>
                    <td className="py-2 pr-3"><RequestStateBadge state={item.state} /></td>
                    <td className="py-2 pr-3 text-right tabular-nums">{item.bounty}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{item.voters}</td>
                    <td className="py-2 pr-3">{item.requester ?? 'former member'}</td>
                    <td className="py-2 whitespace-nowrap">{item.createdAt.slice(0, 10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Pages" className="mt-4 flex gap-3 text-sm">
          {page > 1 ? <Link className="text-indigo-700 underline" href={pageLink(page - 1)}>← Previous</Link> : null}
          <span className="text-slate-600">Page {page} of {pages} · {result.total} request{result.total === 1 ? '' : 's'}</span>
          {page < pages ? <Link className="text-indigo-700 underline" href={pageLink(page + 1)}>Next →</Link> : null}
        </nav>
      </Card>
    </div>
  );
}
