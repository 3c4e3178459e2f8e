// Public playlists of this community: a plain GET form searches and sorts (works without
// JavaScript), pages of 24; below, a form to start one's own.
import { PLAYLIST_SORTS, type PlaylistSort } from '@swarmhost/domain/playlists/playlists';
import { buttonClass, Card, inputClass, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PlaylistCards } from '~/components/playlists/playlist-cards';
import { PlaylistForm } from '~/components/playlists/playlist-form';
import { SuspendedNotice } from '~/components/suspended-notice';
import { tenantPage } from '~/server/page-context';

type Search = Record<string, string | undefined>;

export default async function PlaylistsPage(props: { searchParams: Promise<Search> }) {
  const { tenant, member, api } = await tenantPage();
  if (tenant.status === 'suspended') return <SuspendedNotice name={tenant.name} reason={tenant.suspendedReason} />;
  if (!member) redirect('/login');
  const params = await props.searchParams;
  const page = Math.min(10_000, Math.max(1, Number(params.page) || 1));
  const query = (params.q ?? '').trim().slice(0, 200);
  const sort: PlaylistSort = (PLAYLIST_SORTS as readonly string[]).includes(params.sort ?? '') ? (params.sort as PlaylistSort) : 'newest';
  const result = await api.playlists.list({ query, sort, page });
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const pageLink = (target: number) => `/playlists?${new URLSearchParams({ ...(query ? { q: query } : {}), sort, page: String(target) }).toString()}`;
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Lists of torrents members put together. Yours are on your profile.">Playlists</PageTitle>
      <Card>
        <form method="get" role="search" className="grid gap-3 md:grid-cols-4">
          <label className="text-sm md:col-span-2">
            Search
            <input name="q" type="search" defaultValue={query} placeholder="words in the name or description" className={inputClass} />
          </label>
          <label className="text-sm">
            Sort by
            <select name="sort" defaultValue={sort} className={inputClass}>
              <option value="newest">Newest</option>
              <option value="most-torrents">Most torrents</option>
            </select>
          </label>
          <div className="md:mt-5">
            <button type="submit" className={buttonClass}>Show</button>
          </div>
        </form>
      </Card>
      <Card title={query ? `Public playlists matching “${query}” (${result.total})` : `Public playlists (${result.total})`}>
        {result.items.length === 0 ? (
          <p className="text-slate-700" data-testid="playlists-empty">
            {query ? 'No public playlist matches these words. Try fewer or other words.' : 'No one has shared a playlist yet. Start the first one below.'}
          </p>
        ) : (
          <PlaylistCards playlists={result.items} />
        )}
        <nav aria-label="Pages" className="mt-4 flex gap-3 text-sm">
          {page > 1 ? <Link className="text-indigo-700 underline" href={pageLink(page - 1)}>← Previous</Link> : null}
          <span className="text-slate-600">Page {page} of {pages}</span>
          {page < pages ? <Link className="text-indigo-700 underline" href={pageLink(page + 1)}>Next →</Link> : null}
        </nav>
      </Card>
      <Card title="New playlist">
        <div id="new-playlist">
          <PlaylistForm />
        </div>
      </Card>
    </div>
  );
}
