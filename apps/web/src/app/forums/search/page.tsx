// Search within the forums the member may read: topics by title and posts by text.
import { Card, inputClass, Notice, PageTitle, secondaryButtonClass } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { when } from '~/components/forums/pager';
import { tenantPage } from '~/server/page-context';

export default async function ForumSearchPage(props: { searchParams: Promise<{ q?: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const text = ((await props.searchParams).q ?? '').trim();
  let error: string | null = null;
  const hits = text === '' ? null : await api.forums.search({ text: text.slice(0, 400) }).catch((caught: unknown) => {
    if (caught instanceof TRPCError && caught.code === 'BAD_REQUEST') {
      error = caught.message;
      return null;
    }
    throw caught;
  });
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm"><Link className="text-indigo-700 underline" href="/forums">Forums</Link></nav>
      <PageTitle>Search the forums</PageTitle>
      <form action="/forums/search" method="get" role="search" className="flex max-w-xl items-end gap-2">
        <label className="flex-1 text-sm">
          Words
          <input type="search" name="q" defaultValue={text} required minLength={2} maxLength={200} className={inputClass} />
        </label>
        <button type="submit" className={secondaryButtonClass}>Search</button>
      </form>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {hits === null ? null : hits.length === 0 ? (
        <p className="text-sm text-slate-700">Nothing in the forums you can read matches “{text}”.</p>
      ) : (
        <Card title={`${hits.length} result${hits.length === 1 ? '' : 's'}${hits.length === 50 ? ' (the newest 50)' : ''}`}>
          <ol className="space-y-3 text-sm" data-testid="forum-search-results">
            {hits.map((hit) => (
              <li key={hit.postId} className="border-b border-slate-100 pb-2">
                <Link className="font-medium text-indigo-800 hover:underline" href={`/forums/topics/${hit.topic.id}?page=${hit.page}#post-${hit.position}`}>{hit.topic.title}</Link>
                <span className="text-xs text-slate-600"> in {hit.forum.name} · post #{hit.position} by {hit.author ?? 'former member'} · {when(hit.createdAt)}</span>
                {hit.excerpt ? <p className="text-slate-700">{hit.excerpt}</p> : null}
              </li>
            ))}
          </ol>
        </Card>
      )}
    </div>
  );
}
