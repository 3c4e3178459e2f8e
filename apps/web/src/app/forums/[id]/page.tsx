// One forum's topics, pinned first then by last post, with unread marks and a link to
// each topic's first unread post; "New topic" when the member's group may start one.
import { Card, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { pageParam, Pager, when } from '~/components/forums/pager';
import { count } from '~/lib/count';
import { tenantPage } from '~/server/page-context';

export default async function ForumPage(props: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const [{ id }, query] = await Promise.all([props.params, props.searchParams]);
  const forum = await api.forums.forum({ id, page: pageParam(query.page) }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const base = `/forums/${forum.forum.id}`;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm"><Link className="text-indigo-700 underline" href="/forums">Forums</Link> › {forum.forum.category}</nav>
      <PageTitle subtitle={forum.forum.description || `${count(forum.forum.topics, 'topic')}, ${count(forum.forum.posts, 'post')}`}>{forum.forum.name}</PageTitle>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <Pager base={base} page={forum.page} pages={forum.pages} label="Topic pages" />
        {forum.may.startTopic ? <Link href={`${base}/new`} className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">New topic</Link> : null}
      </div>
      <Card>
        {forum.topics.length === 0 ? (
          <p className="text-sm text-slate-700">No topics yet.{forum.may.startTopic ? ' Start the first one.' : ''}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="forum-topics">
            <thead><tr className="text-slate-600"><th scope="col" className="py-1">Topic</th><th scope="col" className="text-right">Posts</th><th scope="col" className="pl-4">Last post</th></tr></thead>
            <tbody>
              {forum.topics.map((topic) => (
                <tr key={topic.id} className="border-t border-slate-100 align-top" data-testid="forum-topic-row">
                  <td className="py-2">
                    {topic.pinned ? <span className="mr-1 rounded bg-indigo-100 px-1.5 text-xs text-indigo-900">Pinned</span> : null}
                    {topic.locked ? <span className="mr-1 rounded bg-slate-200 px-1.5 text-xs text-slate-800">Locked</span> : null}
                    <Link href={`/forums/topics/${topic.id}`} className={`text-indigo-800 hover:underline ${topic.unread ? 'font-bold' : ''}`}>{topic.title}</Link>
                    {topic.unread ? (
                      <Link className="ml-2 text-xs text-amber-800 underline" href={`/forums/topics/${topic.id}?page=${topic.firstUnreadPage}#post-${topic.firstUnreadPosition}`} aria-label={`First unread post in ${topic.title}`}>
                        first unread
                      </Link>
                    ) : null}
                    <p className="text-xs text-slate-600">by {topic.author ?? 'former member'} · {when(topic.createdAt)}</p>
                  </td>
                  <td className="text-right tabular-nums">{topic.posts.toLocaleString('en')}</td>
                  <td className="pl-4 text-xs text-slate-700">{topic.lastPoster ?? 'former member'}<br />{when(topic.lastPostAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Pager base={base} page={forum.page} pages={forum.pages} label="Topic pages, bottom" />
    </div>
  );
}
