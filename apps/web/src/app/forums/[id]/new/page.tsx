// Start a topic in a forum (only where the member's group may).
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { NewTopicForm } from '~/components/forums/post-forms';
import { tenantPage } from '~/server/page-context';

export default async function NewTopicPage(props: { params: Promise<{ id: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { id } = await props.params;
  const forum = await api.forums.forum({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm"><Link className="text-indigo-700 underline" href="/forums">Forums</Link> › <Link className="text-indigo-700 underline" href={`/forums/${forum.forum.id}`}>{forum.forum.name}</Link></nav>
      <PageTitle>New topic in {forum.forum.name}</PageTitle>
      <Card>{forum.may.startTopic ? <NewTopicForm forumId={forum.forum.id} /> : <Notice tone="error">Your group may read this forum but not start topics in it.</Notice>}</Card>
    </div>
  );
}
