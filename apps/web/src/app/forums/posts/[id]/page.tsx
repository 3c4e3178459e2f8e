// A link to one forum post (/forums/posts/<id>, e.g. from a report or a notification):
// redirects to its topic's page with the post in view; NOT_FOUND where it may not be read.
// Staff following a report to a post that was deleted see that it was, by whom and why.
import { Card, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { when } from '~/components/forums/pager';
import { tenantPage } from '~/server/page-context';

export default async function PostLinkPage(props: { params: Promise<{ id: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { id } = await props.params;
  const place = await api.forums.locate({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND' && member.role !== 'member') return null;
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  if (place) redirect(`/forums/topics/${place.topicId}?page=${place.page}#post-${place.position}`);
  const deleted = await api.forums.deleted({ id });
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Forum post">Deleted</PageTitle>
      <Card title="This post no longer exists">
        {deleted ? (
          <p className="text-sm text-slate-800" data-testid="deleted-post">
            {deleted.what === 'post' ? 'The post was deleted' : 'Its whole topic was deleted'}
            {deleted.topicTitle ? <> (topic “{deleted.topicTitle}”)</> : null} by {deleted.deletedBy ?? 'a former staff member'} on {when(deleted.deletedAt)}. Reason: {deleted.reason ?? 'none given'}.
          </p>
        ) : (
          <p className="text-sm text-slate-800" data-testid="deleted-post">It was deleted, or it never existed here. A report on it keeps the excerpt it was filed with.</p>
        )}
        <p className="mt-3 text-sm"><Link className="text-indigo-700 underline" href="/staff/reports">Back to reports</Link></p>
      </Card>
    </div>
  );
}
