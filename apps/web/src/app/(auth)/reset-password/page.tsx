// Sets a new password from an e-mailed reset link.
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { ResetPasswordForm } from '~/components/auth/token-forms';
import { tenantPage } from '~/server/page-context';

export default async function ResetPasswordPage(props: { searchParams: Promise<{ token?: string }> }) {
  await tenantPage();
  const { token } = await props.searchParams;
  return (
    <Card>
      <PageTitle>Choose a new password</PageTitle>
      {token ? <ResetPasswordForm token={token} /> : <Notice tone="error">This link is incomplete; open the link from the e-mail again.</Notice>}
    </Card>
  );
}
