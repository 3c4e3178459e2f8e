// Member login on a tenant site.
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LoginForm } from '~/components/auth/login-form';
import { SuspendedNotice } from '~/components/suspended-notice';
import { tenantPage } from '~/server/page-context';

export default async function LoginPage() {
  const { tenant, member } = await tenantPage();
  if (tenant.status === 'suspended') return <SuspendedNotice name={tenant.name} reason={tenant.suspendedReason} />;
  if (member) redirect('/');
  return (
    <Card>
      <PageTitle subtitle={`Log in to ${tenant.name}.`}>Log in</PageTitle>
      <LoginForm scope="member" />
      <p className="mt-6 text-sm text-slate-700">
        New here? <Link className="text-indigo-700 underline" href="/register">Create an account</Link> ·{' '}
        <Link className="text-indigo-700 underline" href="/forgot-password">Forgot your password?</Link>
      </p>
    </Card>
  );
}
