// /apply: asking to join a community whose registration mode is "application"; staff
// answer in /staff/applications and the applicant is mailed.
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { ApplyForm } from '~/components/site/apply-form';
import { SuspendedNotice } from '~/components/suspended-notice';
import { tenantPage } from '~/server/page-context';

export default async function ApplyPage() {
  const { tenant, api } = await tenantPage();
  if (tenant.status === 'suspended') return <SuspendedNotice name={tenant.name} reason={tenant.suspendedReason} />;
  const joining = await api.site.joining();
  return (
    <Card>
      <PageTitle subtitle={`Ask to join ${tenant.name}. The staff read every application and answer by e-mail.`}>Apply</PageTitle>
      {joining.registrationMode !== 'application' ? (
        <Notice>{tenant.name} does not take applications right now. <Link href="/register" className="underline">See how to join</Link>.</Notice>
      ) : joining.full ? (
        <Notice tone="error">{tenant.name} is full: it has reached its plan’s member limit. Try again later.</Notice>
      ) : (
        <>
          <p className="mb-4 text-sm">Read the <Link href="/rules" className="text-indigo-700 underline">rules</Link> first.</p>
          <ApplyForm />
        </>
      )}
    </Card>
  );
}
