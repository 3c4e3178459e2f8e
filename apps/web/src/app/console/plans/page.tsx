// /console/plans: platform admins keep the plans communities run on — limits on
// members, torrents, announces a second and upload size, a price label, retired or
// not, and which plan new communities get.
import { PageTitle } from '@swarmhost/ui';
import { notFound, redirect } from 'next/navigation';
import { PlansEditor } from '~/components/console/plans-editor';
import { consolePage } from '~/server/page-context';

export default async function PlansPage() {
  const { operator, api } = await consolePage();
  if (!operator?.totpEnabled && !operator?.passkeyEnabled) redirect('/');
  if (operator.role !== 'admin') notFound();
  const plans = await api.plans.list();
  return (
    <div className="space-y-6">
      <PageTitle subtitle="A change applies to every community on the plan at once (the tracker within a second).">Plans</PageTitle>
      <PlansEditor plans={plans} />
    </div>
  );
}
