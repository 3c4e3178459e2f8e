// One topic: its posts by page (25 a page), each with Quote, Edit (author while open,
// or staff) and its edit history; "jump to first unread"; subscribe; the reply form, or
// why there is none (locked, read-only group); staff pin, lock, move, merge and delete
// (a reply, or the whole topic from the Staff card: deleting the first post means that).
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { DeleteButton } from '~/components/forums/delete-controls';
import { pageParam, Pager, when } from '~/components/forums/pager';
import { QuoteButton, ReplyForm } from '~/components/forums/post-forms';
import { count } from '~/lib/count';
import { ReportButton } from '~/components/reports/report-button';
import { StaffTopicActions, SubscribeButton } from '~/components/forums/topic-actions';
import { tenantPage } from '~/server/page-context';

export default async function TopicPage(props: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string; unread?: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const [{ id }, query] = await Promise.all([props.params, props.searchParams]);
  const topic = await api.forums.topic({ id, page: pageParam(query.page), unread: query.unread === '1' }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const forums = topic.may.moderate ? (await api.forums.index()).flatMap((category) => category.forums.map((forum) => ({ id: forum.id, name: forum.name }))) : [];
  const base = `/forums/topics/${topic.topic.id}`;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className="text-indigo-700 underline" href="/forums">Forums</Link> › <Link className="text-indigo-700 underline" href={`/forums/${topic.forum.id}`}>{topic.forum.name}</Link>
      </nav>
      <PageTitle subtitle={count(topic.topic.posts, 'post')}>
        {topic.topic.pinned ? <span className="mr-2 rounded bg-indigo-100 px-2 align-middle text-sm text-indigo-900">Pinned</span> : null}
        {topic.topic.locked ? <span className="mr-2 rounded bg-slate-200 px-2 align-middle text-sm text-slate-800">Locked</span> : null}
        {topic.topic.title}
      </PageTitle>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <Pager base={base} page={topic.page} pages={topic.pages} label="Post pages" />
        <div className="flex items-center gap-3 text-sm">
          {topic.firstUnreadPosition !== null ? <Link className="text-amber-800 underline" href={`${base}?unread=1#post-${topic.firstUnreadPosition}`}>Jump to first unread</Link> : null}
          <SubscribeButton topicId={topic.topic.id} subscribed={topic.subscribed} />
        </div>
      </div>
      <ol className="space-y-4" data-testid="topic-posts">
        {topic.posts.map((post) => (
          <li key={post.id} id={`post-${post.position}`} className="scroll-mt-4">
            <span id={`post-${post.id}`} />
            <article className="rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={`Post ${post.position} by ${post.author?.username ?? 'a former member'}`}>
              <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-2 text-sm">
                <span>
                  {post.author ? <Link href={`/profile/${post.author.username}`} className={`font-semibold hover:underline ${post.author.staff ? 'text-indigo-800' : ''}`}>{post.author.username}</Link> : <span className="text-slate-600">former member</span>}
                  {post.author?.staff ? <span className="ml-2 rounded bg-indigo-100 px-1.5 text-xs text-indigo-900">staff</span> : null}
                  {post.unread ? <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">new</span> : null}
                </span>
                <span className="text-xs text-slate-600">
                  <a href={`#post-${post.position}`} className="hover:underline">#{post.position}</a> · {when(post.createdAt)}
                  {post.editedAt ? <> · <Link className="underline" href={`/forums/posts/${post.id}/history`}>edited {post.edits === 1 ? 'once' : `${post.edits} times`}</Link></> : null}
                </span>
              </header>
              <div className="prose-description [&_blockquote]:my-2 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:bg-slate-50 [&_blockquote]:py-1 [&_blockquote]:pl-3 [&_blockquote]:text-slate-700 px-4 py-3 text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(post.body) }} />
              <footer className="flex flex-wrap items-start gap-4 px-4 pb-2 text-sm">
                {topic.may.reply ? <QuoteButton author={post.author?.username ?? null} body={post.body} position={post.position} /> : null}
                {post.mayEdit ? <Link className="text-indigo-800 underline" href={`/forums/posts/${post.id}/edit`} aria-label={`Edit post ${post.position}`}>Edit</Link> : null}
                {post.author?.username !== member.username ? <ReportButton targetType="post" targetId={post.id} label={`post ${post.position} by ${post.author?.username ?? 'a former member'}`} small /> : null}
                {topic.may.moderate && post.position > 1 ? <DeleteButton target={{ kind: 'post', postId: post.id, position: post.position }} small /> : null}
              </footer>
            </article>
          </li>
        ))}
      </ol>
      <Pager base={base} page={topic.page} pages={topic.pages} label="Post pages, bottom" />
      <Card title="Reply">
        {topic.may.reply ? (
          <>
            {topic.topic.locked ? <div className="mb-3"><Notice>This topic is locked; as staff you may still post.</Notice></div> : null}
            <ReplyForm topicId={topic.topic.id} lastPage={topic.pages} />
          </>
        ) : (
          <p className="text-sm text-slate-700">{topic.topic.locked ? 'This topic is locked: staff closed it to replies.' : 'Your group may read this forum but not reply in it.'}</p>
        )}
      </Card>
      {topic.may.moderate ? (
        <Card title="Staff">
          <StaffTopicActions topicId={topic.topic.id} pinned={topic.topic.pinned} locked={topic.topic.locked} forumId={topic.forum.id} forums={forums} />
          <div className="mt-4 border-t border-slate-100 pt-3">
            <DeleteButton target={{ kind: 'topic', topicId: topic.topic.id, title: topic.topic.title, posts: topic.topic.posts }} />
          </div>
        </Card>
      ) : null}
    </div>
  );
}
