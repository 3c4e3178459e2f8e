// Staff: the community's economy — earning rules with a live preview, store items,
// hit-and-run rules (admins save; staff preview) and manual point adjustments (issue 11).
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { tenantPage } from '~/server/page-context';
import { AdjustPoints } from './adjust-points';
import { EconomyEditor } from './economy-editor';

export default async function EconomyPage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const [settings, groups] = await Promise.all([api.staffEconomy.settings(), api.staff.groups()]);
  return (
    <div className="space-y-6">
      <PageTitle subtitle="What seeding earns, what the store sells, the hit-and-run rules, and points adjusted by hand.">Economy</PageTitle>
      <p className="text-sm"><Link className="text-indigo-700 underline" href="/staff">Back to staff tools</Link></p>
      <EconomyEditor initial={settings} groups={groups} />
      <Card title="Adjust a member’s points">
        <AdjustPoints />
      </Card>
    </div>
  );
}
