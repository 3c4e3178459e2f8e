// Console: a community's usage against its plan, for its owners and platform admins
// (the API answers NOT_FOUND to anyone else): bars for members and torrents, a notice
// from 80 %, the refusals at 100 % spelled out, and the plan's other limits.
import { searchesPerMember } from '@swarmhost/domain/plans/search-guard';
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { PlanPicker } from '~/components/console/plan-picker';
import { consolePage } from '~/server/page-context';

interface Meter {
  used: number;
  limit: number;
  percent: number;
  level: 'ok' | 'warning' | 'full';
}

const BAR = { ok: 'bg-emerald-600', warning: 'bg-amber-500', full: 'bg-red-600' } as const;

function UsageBar(props: { label: string; meter: Meter; refusal: string }) {
  const { meter } = props;
  return (
    <div className="mb-6" data-testid={`usage-${props.label.toLowerCase()}`}>
      <div className="mb-1 flex justify-between text-sm">
        <span className="font-semibold">{props.label}</span>
        <span>{meter.used.toLocaleString('en')} of {meter.limit.toLocaleString('en')} ({meter.percent} %)</span>
      </div>
      <div className="h-4 w-full overflow-hidden rounded bg-slate-200" role="progressbar" aria-label={`${props.label}: ${meter.used} of ${meter.limit}`} aria-valuemin={0} aria-valuemax={meter.limit} aria-valuenow={Math.min(meter.used, meter.limit)}>
        <div className={`h-4 ${BAR[meter.level]}`} style={{ width: `${meter.percent}%` }} />
      </div>
      {meter.level === 'full' ? (
        <div className="mt-2"><Notice tone="error">At the limit: {props.refusal}</Notice></div>
      ) : meter.level === 'warning' ? (
        <div className="mt-2"><Notice>Over 80 % of the plan. At 100 %, {props.refusal}</Notice></div>
      ) : null}
    </div>
  );
}

function size(bytes: number | null): string {
  if (bytes === null) return 'no limit';
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toLocaleString('en', { maximumFractionDigits: 1 })} GiB` : `${(bytes / 1024 ** 2).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`;
}

export default async function TenantUsagePage(props: { params: Promise<{ slug: string }> }) {
  const { operator, api } = await consolePage();
  if (!operator?.totpEnabled && !operator?.passkeyEnabled) redirect('/');
  const { slug } = await props.params;
  const usage = await api.plans.usage({ slug }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const plans = usage.tenant.access === 'admin' ? await api.plans.offered() : [];
  const { limits } = usage;
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`Plan: ${limits.planName}${limits.priceLabel ? ` (${limits.priceLabel})` : ''}`}>{usage.tenant.name}: usage</PageTitle>
      <p className="text-sm"><Link href={`/console/tenants/${usage.tenant.slug}`} className="text-indigo-700 underline">Back to the community’s settings</Link></p>
      <Card title="Against the plan">
        <UsageBar label="Members" meter={usage.members} refusal="registrations and applications are refused with “the community is full”; nothing is saved." />
        <UsageBar label="Torrents" meter={usage.torrents} refusal="uploads are refused with the reason; the .torrent is not stored." />
      </Card>
      <Card title="The plan’s other limits">
        <dl className="grid grid-cols-2 gap-2 text-sm">
          <dt className="font-semibold">Announces per second</dt><dd>{limits.announcesPerSecond.toLocaleString('en')} (beyond it clients are asked to retry in 60 seconds; nothing is lost)</dd>
          <dt className="font-semibold">Searches per second</dt><dd>{limits.searchesPerSecond.toLocaleString('en')} for the whole community, {searchesPerMember(limits.searchesPerSecond).toLocaleString('en')} for each member. A burst waits its turn (under a second) rather than being refused; beyond the budget members are asked to search again in a second. Browsing is not limited.</dd>
          <dt className="font-semibold">Largest .torrent file</dt><dd>{size(limits.maxTorrentFileBytes)}</dd>
          <dt className="font-semibold">Largest torrent content</dt><dd>{size(limits.maxContentBytes)}</dd>
        </dl>
      </Card>
      {usage.tenant.access === 'admin' ? (
        <Card title="Change the plan">
          <PlanPicker slug={usage.tenant.slug} currentPlanId={limits.planId} plans={plans.map((plan) => ({ id: plan.id, name: plan.name }))} />
        </Card>
      ) : null}
    </div>
  );
}
