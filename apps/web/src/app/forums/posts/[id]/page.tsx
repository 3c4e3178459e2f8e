// A link to one forum post (/forums/posts/<id>, e.g. from a report or a notification):
// redirects to its topic's page with the post in view; NOT_FOUND where it may not be read.
import { TRPCError } from '@trpc/server';
import { notFound, redirect } from 'next/navigation';
import { tenantPage } from '~/server/page-context';

export default async function PostLinkPage(props: { params: Promise<{ id: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { id } = await props.params;
  const place = await api.forums.locate({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  redirect(`/forums/topics/${place.topicId}?page=${place.page}#post-${place.position}`);
}
