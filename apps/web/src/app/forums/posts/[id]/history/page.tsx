// A forum post's edit history: the text now, then each earlier text with who replaced it and when.
import { Card, PageTitle } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { when } from '~/components/forums/pager';
import { tenantPage } from '~/server/page-context';

export default async function PostHistoryPage(props: { params: Promise<{ id: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { id } = await props.params;
  const history = await api.forums.history({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const back = `/forums/topics/${history.topic.id}?page=${Math.ceil(history.post.position / 25)}#post-${history.post.position}`;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm"><Link className="text-indigo-700 underline" href={back}>Back to “{history.topic.title}”</Link></nav>
      <PageTitle subtitle={`Post #${history.post.position} by ${history.post.author ?? 'a former member'}, written ${when(history.post.createdAt)}`}>Edit history</PageTitle>
      <Card title={`Now${history.post.editedAt ? ` (last edited ${when(history.post.editedAt)})` : ''}`}>
        <div className="prose-description [&_blockquote]:my-2 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:bg-slate-50 [&_blockquote]:py-1 [&_blockquote]:pl-3 [&_blockquote]:text-slate-700 text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(history.post.body) }} />
      </Card>
      {history.revisions.length === 0 ? <p className="text-sm text-slate-700">This post was never edited.</p> : (
        <ol className="space-y-4" data-testid="post-revisions">
          {history.revisions.map((revision) => (
            <li key={revision.id}>
              <Card title={`Before ${revision.editedBy ?? 'a former member'}'s edit of ${when(revision.replacedAt)}`}>
                <div className="prose-description [&_blockquote]:my-2 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:bg-slate-50 [&_blockquote]:py-1 [&_blockquote]:pl-3 [&_blockquote]:text-slate-700 text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(revision.body) }} />
              </Card>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
