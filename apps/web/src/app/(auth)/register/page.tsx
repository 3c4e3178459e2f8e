// Registration on a tenant site, following its registration mode.
import { parseTenantSettings } from '@swarmhost/db';
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { RegisterForm } from '~/components/auth/register-form';
import { SuspendedNotice } from '~/components/suspended-notice';
import { tenantPage } from '~/server/page-context';

export default async function RegisterPage(props: { searchParams: Promise<{ invite?: string }> }) {
  const { tenant } = await tenantPage();
  if (tenant.status === 'suspended') return <SuspendedNotice name={tenant.name} reason={tenant.suspendedReason} />;
  const mode = parseTenantSettings(tenant.settings).registrationMode;
  const { invite } = await props.searchParams;
  return (
    <Card>
      <PageTitle subtitle={`Join ${tenant.name}.`}>Create an account</PageTitle>
      {mode === 'closed' ? (
        <Notice>{tenant.name} is not taking new members right now. Ask a member for an invite later.</Notice>
      ) : (
        <RegisterForm inviteOnly={mode === 'invite'} inviteCode={invite} />
      )}
    </Card>
  );
}
