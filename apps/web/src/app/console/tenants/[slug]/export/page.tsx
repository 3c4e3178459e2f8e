// Console: export a community's data (issue 14). The worker builds the archive; this
// page shows its progress and, once ready, a download link valid for 24 hours.
import { Card, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { consolePage } from '~/server/page-context';
import { ExportPanel } from './export-panel';

export default async function TenantExportPage(props: { params: Promise<{ slug: string }> }) {
  const { operator, api } = await consolePage();
  if (!operator?.totpEnabled && !operator?.passkeyEnabled) redirect('/');
  const { slug } = await props.params;
  const [tenant, listing] = await Promise.all([api.operator.tenant({ slug }), api.tenantLifecycle.exports({ slug })]).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <Card>
      <PageTitle subtitle={`Everything of ${tenant.name} as one .tar.gz of JSON files and .torrent files`}>Export data</PageTitle>
      <p className="mb-4 text-sm text-slate-700">
        The archive holds the community&apos;s settings, categories, groups, members (names, e-mail addresses and statistics; never
        passwords, two-factor secrets, passkeys or any other credential), torrents with their .torrent files, comments, requests
        with their bounties and fills, playlists, chat history and news. It is built in the background; a download link works for
        24 hours after it is ready, then the archive is deleted.
      </p>
      <ExportPanel slug={tenant.slug} initial={listing.exports} canAct={listing.canAct} />
      <p className="mt-6 text-sm">
        <Link className="text-indigo-700 underline" href={`/console/tenants/${tenant.slug}`}>Back to {tenant.name}</Link>
      </p>
    </Card>
  );
}
