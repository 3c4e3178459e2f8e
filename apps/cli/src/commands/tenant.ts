// tenant:create, tenant:list, tenant:suspend, tenant:resume.
import { AppError, createTenant, listTenants, setTenantStatus } from '@swarmhost/domain';
import { findPlanByName } from '@swarmhost/domain/plans/plans';
import { z } from 'zod';
import { defineCommand } from '../command';
import { cliEnv, db, publisher } from '../context';

const slug = z.string({ message: 'is required' });

export const tenantCreate = defineCommand({
  name: 'tenant:create',
  summary: 'create a tenant (community) that is live at once',
  usage: '--slug S --name N [--plan NAME]',
  options: z.object({ slug, name: z.string({ message: 'is required' }), plan: z.string().min(1, 'names a plan (see the console’s Plans page)').optional() }),
  async run({ slug: tenantSlug, name, plan: planName }) {
    // Without --plan the database gives the default plan.
    const plan = planName === undefined ? undefined : await findPlanByName(db(), planName);
    if (plan && !plan.active) throw new AppError('BAD_REQUEST', `the plan "${plan.name}" is retired; choose an active plan`);
    const tenant = await createTenant({
      db: db(),
      slug: tenantSlug,
      name,
      within: plan ? async (tx, created) => { await tx.tenant.update({ where: { id: created.id }, data: { planId: plan.id } }); } : undefined,
    });
    const { plan: chosen } = await db().tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { plan: { select: { name: true } } } });
    const site = `http://${tenant.slug}.${cliEnv().BASE_DOMAIN}`;
    return {
      data: { tenant: { ...tenant, site, plan: chosen.name } },
      text: `created tenant "${tenant.name}" (${tenant.slug})\n  id:   ${tenant.id}\n  plan: ${chosen.name}\n  site: ${site}`,
    };
  },
});

export const tenantList = defineCommand({
  name: 'tenant:list',
  summary: 'list tenants with member and torrent counts',
  usage: '',
  options: z.object({}),
  async run() {
    const tenants = await listTenants({ db: db() });
    const rows = tenants.map(
      (tenant) =>
        `${tenant.slug.padEnd(20)} ${tenant.status.padEnd(10)} ${String(tenant.members).padStart(8)} ${String(tenant.torrents).padStart(9)}  ${tenant.name}`,
    );
    const header = `${'slug'.padEnd(20)} ${'status'.padEnd(10)} ${'members'.padStart(8)} ${'torrents'.padStart(9)}  name`;
    return {
      data: { tenants },
      text: tenants.length === 0 ? 'no tenants yet' : [header, ...rows].join('\n'),
    };
  },
});

function statusCommand(name: 'tenant:suspend' | 'tenant:resume', status: 'suspended' | 'active') {
  return defineCommand({
    name,
    summary: status === 'suspended' ? 'suspend a tenant (site and tracker refuse it)' : 'resume a suspended tenant',
    usage: status === 'suspended' ? '--slug S [--reason R]' : '--slug S',
    options: z.object({ slug, reason: z.string().optional() }),
    async run(options) {
      const tenant = await setTenantStatus({
        db: db(),
        publisher: publisher(),
        slug: options.slug,
        status,
        ...(options.reason === undefined ? {} : { reason: options.reason }),
      });
      return { data: { tenant }, text: `tenant "${tenant.slug}" is now ${tenant.status}` };
    },
  });
}

export const tenantSuspend = statusCommand('tenant:suspend', 'suspended');
export const tenantResume = statusCommand('tenant:resume', 'active');
