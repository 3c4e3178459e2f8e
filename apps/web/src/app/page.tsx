// The home page of every host: the operator console on the base host, a community's
// front page (news, the member at a glance, torrents, requests, who is online) or its
// login on a tenant host, a clear not-found page elsewhere.
import { notFound, redirect } from 'next/navigation';
import { ConsoleHome } from '~/components/console/console-home';
import { CommunityHome } from '~/components/home/community-home';
import { SuspendedNotice } from '~/components/suspended-notice';
import { pageContext } from '~/server/page-context';

export default async function Home() {
  const { context, api } = await pageContext();
  const site = context.site;
  if (site.kind === 'unknown') notFound();
  if (site.kind === 'console') return <ConsoleHome />;
  if (site.tenant.status === 'suspended') return <SuspendedNotice name={site.tenant.name} reason={site.tenant.suspendedReason} />;
  const member = context.member?.member;
  if (!member) redirect('/login');
  const home = await api.home.get();
  return <CommunityHome name={site.tenant.name} username={member.username} isStaff={member.role !== 'member'} home={home} />;
}
