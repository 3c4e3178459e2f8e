// Console: delete a community (issue 14). Asked for with the slug typed again; the
// community keeps working for seven days, during which the deletion can be cancelled
// here, then the worker removes it everywhere.
import { Card, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { consolePage } from '~/server/page-context';
import { DeletePanel } from './delete-panel';

export default async function TenantDeletePage(props: { params: Promise<{ slug: string }> }) {
  const { operator, api } = await consolePage();
  if (!operator?.totpEnabled && !operator?.passkeyEnabled) redirect('/');
  const { slug } = await props.params;
  const [tenant, state] = await Promise.all([api.operator.tenant({ slug }), api.tenantLifecycle.deletion({ slug })]).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <Card>
      <PageTitle subtitle={`${tenant.slug} · status: ${tenant.status}`}>Delete {tenant.name}</PageTitle>
      <DeletePanel slug={tenant.slug} name={tenant.name} graceDays={state.graceDays} deletion={state.deletion} canAct={state.canAct} />
      <p className="mt-6 text-sm">
        <Link className="text-indigo-700 underline" href={`/console/tenants/${tenant.slug}/export`}>Export its data first</Link>
        {' · '}
        <Link className="text-indigo-700 underline" href={`/console/tenants/${tenant.slug}`}>Back to {tenant.name}</Link>
      </p>
    </Card>
  );
}
