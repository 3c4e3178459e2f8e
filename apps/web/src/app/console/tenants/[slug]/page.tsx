// Console: edit one tenant's name and settings, its custom domains and its owners
// (the API lets an owner reach only their own tenants: anyone else's slug is a 404).
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { EditTenantForm } from '~/components/console/console-forms';
import { TenantHostsCard } from '~/components/console/tenant-hosts';
import { TenantOwnersCard } from '~/components/console/tenant-owners';
import { consolePage } from '~/server/page-context';

export default async function EditTenantPage(props: { params: Promise<{ slug: string }> }) {
  const { operator, api } = await consolePage();
  // Without a second factor the console's front page leads to its set-up.
  if (!operator?.totpEnabled && !operator?.passkeyEnabled) redirect('/');
  const { slug } = await props.params;
  const tenant = await api.operator.tenant({ slug }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const settings = tenant.settings;
  const [hosts, owners] = await Promise.all([api.operator.hosts({ slug }), api.operator.owners({ slug })]);
  const { deletion } = await api.tenantLifecycle.deletion({ slug });
  return (
    <div className="space-y-6">
      {deletion ? (
        <Notice tone="error">
          {tenant.name} is due to be deleted on {new Date(deletion.dueAt).toUTCString()}.{' '}
          <Link className="underline" href={`/console/tenants/${tenant.slug}/delete`}>See or cancel the deletion</Link>
        </Notice>
      ) : null}
      <Card>
        <PageTitle subtitle={`Status: ${tenant.status}`}>{tenant.name}</PageTitle>
        <EditTenantForm
          slug={tenant.slug}
          name={tenant.name}
          values={{
            registrationMode: settings.registrationMode,
            announceIntervalSeconds: settings.announceIntervalSeconds,
            minAnnounceIntervalSeconds: settings.minAnnounceIntervalSeconds,
            moderationRequired: settings.moderationRequired,
            allowWebSeeds: settings.allowWebSeeds,
            freeleechEvent: { ...settings.freeleechEvent, percent: settings.freeleechEvent.percent },
          }}
        />
      </Card>
      <TenantHostsCard slug={tenant.slug} hosts={hosts} />
      <TenantOwnersCard slug={tenant.slug} owners={owners} canInvite={tenant.access !== 'co_owner'} />
      <Card title="Plan">
        <p className="text-sm">
          <Link className="text-indigo-700 underline" href={`/console/tenants/${tenant.slug}/usage`}>Usage against the plan</Link>
        </p>
      </Card>
      <Card title="Data">
        <p className="text-sm">
          <Link className="text-indigo-700 underline" href={`/console/tenants/${tenant.slug}/export`}>Export data</Link>
          {' · '}
          <Link className="text-indigo-700 underline" href={`/console/tenants/${tenant.slug}/delete`}>Delete this community</Link>
        </p>
      </Card>
    </div>
  );
}
