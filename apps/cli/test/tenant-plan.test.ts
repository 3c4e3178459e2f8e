// tenant:create --plan: a named plan (any case) or the default one; an unknown or retired
// plan is refused by name and no tenant is created.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import { cli, cliJson, uniqueSlug } from './helpers';

interface TenantJson { tenant: { id: string; slug: string; plan: string } }

async function newPlan(active: boolean) {
  return systemClient().plan.create({ data: { name: `Cli ${randomBytes(4).toString('hex')}`, maxMembers: 10, maxTorrents: 10, announcesPerSecond: 5, maxTorrentFileBytes: 1048576, active } });
}

describe('tenant:create --plan', () => {
  it('puts the tenant on the named plan, or on the default without --plan', async () => {
    const plan = await newPlan(true);
    const created = await cliJson<TenantJson>('tenant:create', '--slug', uniqueSlug('plan'), '--name', 'On a plan', '--plan', plan.name.toUpperCase());
    expect(created.tenant.plan).toBe(plan.name);
    const row = await systemClient().tenant.findUniqueOrThrow({ where: { id: created.tenant.id }, select: { planId: true } });
    expect(row.planId).toBe(plan.id);
    const plain = await cliJson<TenantJson>('tenant:create', '--slug', uniqueSlug('plain'), '--name', 'Default plan');
    const standard = await systemClient().plan.findFirstOrThrow({ where: { isDefault: true } });
    expect(plain.tenant.plan).toBe(standard.name);
  });

  it('refuses an unknown or retired plan and creates nothing', async () => {
    const slug = uniqueSlug('noplan');
    const unknown = await cli('tenant:create', '--slug', slug, '--name', 'Nope', '--plan', 'no-such-plan');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/no plan named "no-such-plan"; plans: .*Standard/);
    const retired = await newPlan(false);
    const refused = await cli('tenant:create', '--slug', slug, '--name', 'Nope', '--plan', retired.name);
    expect(refused.stderr).toMatch(/is retired; choose an active plan/);
    expect(await systemClient().tenant.count({ where: { slug } })).toBe(0);
  });
});
