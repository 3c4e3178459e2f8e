// Confirms a new owner's e-mail address from the link we sent (a button, so mail
// scanners that prefetch links do not confirm it on their own).
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { VerifyOwnerEmailButton } from '~/components/start/account-steps';
import { consolePage } from '~/server/page-context';

export default async function VerifyOwnerEmailPage(props: { searchParams: Promise<{ token?: string }> }) {
  await consolePage();
  const { token } = await props.searchParams;
  return (
    <Card>
      <PageTitle>Confirm your e-mail address</PageTitle>
      {token ? <VerifyOwnerEmailButton token={token} /> : <Notice tone="error">This link is incomplete; open the link from the e-mail again.</Notice>}
    </Card>
  );
}
