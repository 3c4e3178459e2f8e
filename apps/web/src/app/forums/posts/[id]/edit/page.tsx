// Edit a forum post (its author while the topic is open, or staff); the old text is kept.
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { EditPostForm } from '~/components/forums/post-forms';
import { tenantPage } from '~/server/page-context';

export default async function EditPostPage(props: { params: Promise<{ id: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { id } = await props.params;
  const post = await api.forums.post({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const back = `/forums/topics/${post.topic.id}?page=${Math.ceil(post.position / 25)}#post-${post.position}`;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm"><Link className="text-indigo-700 underline" href={back}>Back to “{post.topic.title}”</Link></nav>
      <PageTitle>Edit post #{post.position}</PageTitle>
      <Card>
        {post.mayEdit ? <EditPostForm postId={post.id} body={post.body} back={back} /> : (
          <Notice tone="error">{post.topic.locked ? 'This topic is locked: its posts can no longer be edited.' : 'Only the author or staff may edit this post.'}</Notice>
        )}
      </Card>
    </div>
  );
}
