// Where a new owner lands on their community's own host: the one-time login link from
// "Start a community" is redeemed here and becomes this host's session cookie.
import { Card, PageTitle } from '@swarmhost/ui';
import { RedeemLoginLink } from '~/components/start/redeem-login-link';
import { tenantPage } from '~/server/page-context';

export default async function WelcomePage() {
  const { tenant } = await tenantPage();
  return (
    <Card>
      <PageTitle subtitle="Signing you in as its admin…">Welcome to {tenant.name}</PageTitle>
      <RedeemLoginLink />
    </Card>
  );
}
