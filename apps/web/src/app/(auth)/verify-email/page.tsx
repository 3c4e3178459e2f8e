// Confirms an e-mail address from the link we sent (a button, so mail scanners that
// prefetch links do not confirm it on their own).
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { VerifyEmailButton } from '~/components/auth/token-forms';
import { tenantPage } from '~/server/page-context';

export default async function VerifyEmailPage(props: { searchParams: Promise<{ token?: string }> }) {
  await tenantPage();
  const { token } = await props.searchParams;
  return (
    <Card>
      <PageTitle>Confirm your e-mail address</PageTitle>
      {token ? <VerifyEmailButton token={token} /> : <Notice tone="error">This link is incomplete; open the link from the e-mail again.</Notice>}
    </Card>
  );
}
