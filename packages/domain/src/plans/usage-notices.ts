// Tells a tenant's owners (console accounts in tenant_owners) and its admins (members
// with the admin role) by e-mail when members or torrents reach 80 % and 100 % of the
// plan. Each crossing is mailed once: a row in tenant_usage_notices marks it, and is
// removed when usage falls back below, so a later crossing is mailed again. Called
// after a member or torrent is added; never fails the addition it follows.
import { appClient, withTenant } from '@swarmhost/db';
import type { MailTransport } from '../mail/mail-transport';
import type { QuotaResource } from './quota';
import { readTenantUsage, USAGE_THRESHOLDS, type UsageMeter, type UsageThreshold } from './tenant-usage';

export interface NoteTenantUsageOptions {
  tenantId: string;
  tenantName: string;
  mail: MailTransport;
  /** Where the owner sees the bars, e.g. https://example.org/console/tenants/<slug>/usage. */
  usageUrl?: string;
}

function noticeText(options: NoteTenantUsageOptions, resource: QuotaResource, threshold: UsageThreshold, meter: UsageMeter) {
  const what = resource === 'members' ? 'members' : 'torrents';
  const consequence =
    threshold === 100
      ? resource === 'members'
        ? 'New registrations and applications are refused until there is room (people are told the community is full).'
        : 'New uploads are refused until there is room (uploaders are told why; nothing they send is stored).'
      : `At 100 % new ${resource === 'members' ? 'registrations' : 'uploads'} will be refused.`;
  return {
    subject: `${options.tenantName}: ${what} at ${threshold} % of the plan`,
    text: [
      `${options.tenantName} has ${meter.used.toLocaleString('en')} ${what} of the ${meter.limit.toLocaleString('en')} its plan allows (${threshold} %).`,
      consequence,
      'A platform admin can move the community to a larger plan.',
      options.usageUrl ? `Usage: ${options.usageUrl}` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}

/** Records the thresholds now crossed and forgets the ones no longer; returns the newly crossed. */
async function recordCrossings(tenantId: string, resource: QuotaResource, meter: UsageMeter): Promise<UsageThreshold[]> {
  return withTenant(tenantId, async (tx) => {
    const fresh: UsageThreshold[] = [];
    for (const threshold of USAGE_THRESHOLDS) {
      if (meter.used * 100 >= meter.limit * threshold) {
        const inserted = await tx.tenantUsageNotice.createMany({ data: [{ tenantId, resource, threshold }], skipDuplicates: true });
        if (inserted.count === 1) fresh.push(threshold);
      } else {
        await tx.tenantUsageNotice.deleteMany({ where: { tenantId, resource, threshold } });
      }
    }
    return fresh;
  });
}

/** Owners get a platform mail (their console address), admins their community's. */
async function recipients(tenantId: string): Promise<{ to: string; tenantId?: string }[]> {
  return withTenant(tenantId, async (tx) => {
    const [owners, admins] = await Promise.all([
      tx.tenantOwner.findMany({ select: { operator: { select: { email: true, status: true } } } }),
      tx.member.findMany({ where: { role: 'admin', status: 'active' }, select: { email: true } }),
    ]);
    const ownerEmails = new Set(owners.filter((owner) => owner.operator.status === 'active').map((owner) => owner.operator.email.toLowerCase()));
    const adminEmails = new Set(admins.map((admin) => admin.email.toLowerCase()).filter((email) => !ownerEmails.has(email)));
    return [...[...ownerEmails].map((to) => ({ to })), ...[...adminEmails].map((to) => ({ to, tenantId }))];
  });
}

export async function noteTenantUsage(options: NoteTenantUsageOptions): Promise<{ mailed: { resource: QuotaResource; threshold: UsageThreshold }[] }> {
  const usage = await readTenantUsage({ db: appClient(), tenantId: options.tenantId });
  const mailed: { resource: QuotaResource; threshold: UsageThreshold }[] = [];
  for (const resource of ['members', 'torrents'] as const) {
    const meter = usage[resource];
    const crossed = await recordCrossings(options.tenantId, resource, meter);
    // Both thresholds crossed at once (a lowered plan): one mail, about the higher.
    const highest = crossed.at(-1);
    if (highest === undefined) continue;
    const { subject, text } = noticeText(options, resource, highest, meter);
    for (const recipient of await recipients(options.tenantId)) {
      await options.mail.send({ ...recipient, subject, text });
    }
    mailed.push({ resource, threshold: highest });
  }
  return { mailed };
}

/** After an addition: the notice must never fail or delay what it follows. */
export function noteTenantUsageLater(options: NoteTenantUsageOptions, onError: (error: unknown) => void = () => undefined): void {
  noteTenantUsage(options).catch(onError);
}
