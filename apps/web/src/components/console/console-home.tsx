// The console's front page: login (and the way to "Start a community"); two-factor
// set-up for an account without one; or the tenant list — every tenant, the live
// dashboard and the create form for platform admins, their own communities for owners.
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { LoginForm } from '~/components/auth/login-form';
import { DashboardCharts } from '~/components/live/dashboard-charts';
import { consolePage } from '~/server/page-context';
import { CreateTenantForm, OperatorTotpCard } from './console-forms';
import { TenantStatusButton } from './tenant-status-control';

export async function ConsoleHome() {
  const { operator, api, context } = await consolePage();
  if (!operator) {
    return (
      <div className="space-y-6">
        <Card>
          <PageTitle subtitle="Platform operators and community owners. Password, then your authenticator code if two-factor is on; or your passkey alone.">Console login</PageTitle>
          <LoginForm scope="operator" />
        </Card>
        <Card title="New here?">
          <p className="text-sm text-slate-700">
            Run your own private tracker and community site. <Link className="text-indigo-700 underline" href="/start">Start a community</Link>
          </p>
        </Card>
      </div>
    );
  }
  if (!operator.totpEnabled && !operator.passkeyEnabled) {
    // Every operator action waits for a second factor (the API refuses them): enrolment first.
    return (
      <div className="space-y-6">
        <PageTitle subtitle={`Signed in as ${operator.username}.`}>Operator console</PageTitle>
        <Notice>Your operator account has no second factor yet. Set it up to manage communities.</Notice>
        <OperatorTotpCard />
      </div>
    );
  }
  const tenants = await api.operator.tenants();
  const base = context.services.baseDomain;
  const admin = operator.role === 'admin';
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`Signed in as ${operator.username} (${admin ? 'platform admin: every community' : 'community owner: your communities'}).`}>{admin ? 'Tenants' : 'Your communities'}</PageTitle>
      {!admin && tenants.length === 0 ? (
        <Notice>
          You own no community yet. <Link className="underline" href="/start">Start one</Link>, or open the invitation a community&apos;s owner sent you.
        </Notice>
      ) : null}
      {admin || tenants.length > 0 ? (
        <Card title={`Communities (${tenants.length})`}>
        <table className="w-full text-left text-sm">
          <thead><tr><th scope="col">Slug</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col" className="text-right">Members</th><th scope="col" className="text-right">Torrents</th><th scope="col" className="pl-6">Actions</th></tr></thead>
          <tbody>{tenants.map((tenant) => (
            <tr key={tenant.id} className="border-t border-slate-100" data-testid={`tenant-${tenant.slug}`}>
              <td className="py-1"><a className="text-indigo-700 underline" href={`${context.services.protocol}://${tenant.slug}.${base}/`}>{tenant.slug}</a></td>
              <td>{tenant.name}</td>
              <td>{tenant.status}</td>
              <td className="text-right tabular-nums">{tenant.members}</td>
              <td className="text-right tabular-nums">{tenant.torrents}</td>
              {/* A flex cell would leave the table layout: the row's cells then no longer line up. */}
              <td className="py-1 pl-6">
                <div className="flex items-center gap-3">
                  <Link className="text-indigo-700 underline" href={`/console/tenants/${tenant.slug}`}>Edit</Link>
                  <TenantStatusButton slug={tenant.slug} status={tenant.status === 'suspended' ? 'suspended' : 'active'} />
                </div>
              </td>
            </tr>
          ))}</tbody>
        </table>
        </Card>
      ) : null}
      {admin ? (
        <>
          <Card title="Live tracker, every community (last 15 minutes)">
            <DashboardCharts scope="operator" tenantNames={Object.fromEntries(tenants.map((tenant) => [tenant.id, tenant.slug]))} />
          </Card>
          <CreateTenantForm baseDomain={base} />
        </>
      ) : (
        <p className="text-sm text-slate-700">
          <Link className="text-indigo-700 underline" href="/start">{tenants.length > 0 ? 'Start another community' : 'Start a community'}</Link>
        </p>
      )}
    </div>
  );
}
