// Make a request: what is missing, and the first bounty (at least the community's minimum).
import { parseTenantSettings } from '@swarmhost/db';
import { Card, PageTitle } from '@swarmhost/ui';
import { redirect } from 'next/navigation';
import { RequestForm } from '~/components/requests/request-form';
import { SuspendedNotice } from '~/components/suspended-notice';
import { tenantPage } from '~/server/page-context';

export default async function NewRequestPage() {
  const { tenant, member, api } = await tenantPage();
  if (tenant.status === 'suspended') return <SuspendedNotice name={tenant.name} reason={tenant.suspendedReason} />;
  if (!member) redirect('/login');
  const [categories, bonus] = await Promise.all([api.torrents.categories(), api.bonus.summary()]);
  const { minBounty } = parseTenantSettings(tenant.settings).requests;
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`A request starts with a bounty of at least ${minBounty} points; others can add to it. You have ${bonus.balance} points.`}>
        New request
      </PageTitle>
      <Card>
        <RequestForm categories={categories.map((category) => ({ id: category.id, name: category.name }))} minBounty={minBounty} />
      </Card>
    </div>
  );
}
