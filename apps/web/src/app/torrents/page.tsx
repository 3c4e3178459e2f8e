// Browse and search: a plain GET form (works without JavaScript) drives filters,
// sorting, paging and full-text search.
import { TORRENT_SORTS, type TorrentSort } from '@swarmhost/domain';
import { buttonClass, Card, inputClass, Notice, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SuspendedNotice } from '~/components/suspended-notice';
import { TorrentTable } from '~/components/torrents/torrent-table';
import { tenantPage } from '~/server/page-context';

type Search = Record<string, string | undefined>;

export default async function TorrentsPage(props: { searchParams: Promise<Search> }) {
  const { tenant, member, api } = await tenantPage();
  if (tenant.status === 'suspended') return <SuspendedNotice name={tenant.name} reason={tenant.suspendedReason} />;
  if (!member) redirect('/login');
  const params = await props.searchParams;
  const page = Math.max(1, Number(params.page) || 1);
  const text = params.q?.trim() ?? '';
  const sort = (TORRENT_SORTS as readonly string[]).includes(params.sort ?? '') ? (params.sort as TorrentSort) : undefined;
  const mine: 'seeding' | 'leeching' | undefined = params.mine === 'seeding' || params.mine === 'leeching' ? params.mine : undefined;
  const filters = {
    category: params.category || undefined,
    tag: params.tag || undefined,
    freeleech: params.freeleech === '1' || undefined,
    mine,
  };
  // Over the community's search budget (its plan): say so and show an empty page, not an error.
  let overBudget: string | null = null;
  const [result, categories] = await Promise.all([
    text
      ? api.torrents.search({ text, page, ...filters }).catch((error: unknown) => {
          if (!(error instanceof TRPCError) || error.code !== 'TOO_MANY_REQUESTS') throw error;
          overBudget = error.message;
          return { items: [], hasMore: false };
        })
      : api.torrents.list({ ...filters, sort, order: params.order === 'asc' ? 'asc' : undefined, page }),
    api.torrents.categories(),
  ]);
  const pageLink = (target: number) => {
    const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
    query.set('page', String(target));
    return `/torrents?${query.toString()}`;
  };
  return (
    <div className="space-y-6">
      <PageTitle subtitle={text ? `Results for “${text}”` : 'Everything approved in this community.'}>Torrents</PageTitle>
      <Card>
        <form method="get" role="search" className="grid gap-3 md:grid-cols-6">
          <label className="md:col-span-2 text-sm">
            Search
            <input name="q" type="search" defaultValue={text} placeholder="name or words" className={inputClass} />
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
            Tag
            <input name="tag" defaultValue={params.tag ?? ''} className={inputClass} />
          </label>
          <label className="text-sm">
            Sort by
            <select name="sort" defaultValue={sort ?? 'added'} className={inputClass}>
              <option value="added">Added</option>
              <option value="size">Size</option>
              <option value="seeders">Seeders</option>
              <option value="snatches">Snatches</option>
            </select>
          </label>
          <label className="text-sm">
            Order
            <select name="order" defaultValue={params.order ?? 'desc'} className={inputClass}>
              <option value="desc">Descending</option>
              <option value="asc">Ascending</option>
            </select>
          </label>
          <label className="text-sm">
            Mine
            <select name="mine" defaultValue={mine ?? ''} className={inputClass}>
              <option value="">All torrents</option>
              <option value="seeding">I am seeding</option>
              <option value="leeching">I am leeching</option>
            </select>
          </label>
          <label className="flex items-center gap-2 text-sm md:mt-6">
            <input type="checkbox" name="freeleech" value="1" defaultChecked={params.freeleech === '1'} /> Freeleech only
          </label>
          <div className="md:col-span-6">
            <button type="submit" className={buttonClass}>Show</button>
            {text ? <p className="mt-2 text-xs text-slate-600">Search results come best match first; sorting applies when the search box is empty.</p> : null}
          </div>
        </form>
      </Card>
      {overBudget ? <Notice tone="error">{overBudget}</Notice> : null}
      <Card>
        <TorrentTable items={result.items} />
        <nav aria-label="Pages" className="mt-4 flex gap-3 text-sm">
          {page > 1 ? <Link className="text-indigo-700 underline" href={pageLink(page - 1)}>← Previous</Link> : null}
          <span className="text-slate-600">Page {page}</span>
          {result.hasMore ? <Link className="text-indigo-700 underline" href={pageLink(page + 1)}>Next →</Link> : null}
        </nav>
      </Card>
    </div>
  );
}
