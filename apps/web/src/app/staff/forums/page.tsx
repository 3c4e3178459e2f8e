// Staff: forum categories and forums, their order, and which groups may read, reply and
// start topics in each. Staff themselves read and post everywhere.
import { PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { ForumSetup } from '~/components/forums/forum-setup';
import { tenantPage } from '~/server/page-context';

export default async function StaffForumsPage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const setup = await api.forums.setup();
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm"><Link className="text-indigo-700 underline" href="/staff">Staff</Link> · <Link className="text-indigo-700 underline" href="/forums">Forums</Link></nav>
      <PageTitle subtitle="A group with no box ticked does not see the forum at all; members without a group count as the default group. Staff read and post everywhere.">Forums: set-up</PageTitle>
      <ForumSetup groups={setup.groups} categories={setup.categories} />
    </div>
  );
}
