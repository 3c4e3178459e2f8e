// The home page of every host: the operator console on the base host, a community's
// front page (or its login) on a tenant host, a clear not-found page elsewhere.
import { notFound, redirect } from 'next/navigation';
import { ConsoleHome } from '~/components/console/console-home';
import { SuspendedNotice } from '~/components/suspended-notice';
import { pageContext } from '~/server/page-context';

export default async function Home() {
  const { context } = await pageContext();
  const site = context.site;
  if (site.kind === 'unknown') notFound();
  if (site.kind === 'console') return <ConsoleHome />;
  if (site.tenant.status === 'suspended') return <SuspendedNotice name={site.tenant.name} reason={site.tenant.suspendedReason} />;
  redirect(context.member ? '/torrents' : '/login');
}
