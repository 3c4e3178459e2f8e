// Registration on a tenant site, following its registration mode.
import { parseTenantSettings } from '@swarmhost/db';
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { RegisterForm } from '~/components/auth/register-form';
import { SuspendedNotice } from '~/components/suspended-notice';
import { tenantPage } from '~/server/page-context';

export default async function RegisterPage(props: { searchParams: Promise<{ invite?: string }> }) {
  const { tenant, api } = await tenantPage();
  if (tenant.status === 'suspended') return <SuspendedNotice name={tenant.name} reason={tenant.suspendedReason} />;
  const mode = parseTenantSettings(tenant.settings).registrationMode;
  const { invite } = await props.searchParams;
  const { full } = await api.site.joining();
  return (
    <Card>
      <PageTitle subtitle={`Join ${tenant.name}.`}>Create an account</PageTitle>
      {mode === 'closed' ? (
        <Notice>{tenant.name} is not taking new members right now. Ask a member for an invite later.</Notice>
      ) : full ? (
        <Notice tone="error">{tenant.name} is full: it has reached its plan’s member limit, so it cannot take new members right now. Try again later.</Notice>
      ) : mode === 'application' ? (
        <Notice>{tenant.name} takes new members by application. <Link href="/apply" className="underline">Apply to join</Link>; the staff answer by e-mail.</Notice>
      ) : (
        <RegisterForm inviteOnly={mode === 'invite'} inviteCode={invite} />
      )}
    </Card>
  );
}
