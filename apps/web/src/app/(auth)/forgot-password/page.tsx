// Asks for a password-reset link by e-mail.
import { Card, PageTitle } from '@swarmhost/ui';
import { ForgotPasswordForm } from '~/components/auth/token-forms';
import { tenantPage } from '~/server/page-context';

export default async function ForgotPasswordPage() {
  await tenantPage();
  return (
    <Card>
      <PageTitle subtitle="We will e-mail you a link to set a new password.">Forgot your password?</PageTitle>
      <ForgotPasswordForm />
    </Card>
  );
}
