// Who may do what with plans and a community's site settings, probed through the API
// with real PostgreSQL and Redis: owners read only their own tenant's usage and never
// edit plans; platform admins edit plans and move tenants; on a community's site only
// its admins change the look, pages and registration mode.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@swarmhost/auth/password';
import { currentTotpCode, newTotpSecret } from '@swarmhost/auth/totp';
import { systemClient } from '@swarmhost/db/system';
import { createTenant } from '@swarmhost/domain';
import { describe, expect, it } from 'vitest';
import { applyInvalidation } from '../src/context';
import { apiServices, callerFor, cookieJar, errorOf, newMemberOf, signedInOn } from './support/api-harness';
import { CONSOLE_HOST, ownerWithCommunity } from './support/owners';

const services = apiServices({ perAccount: 50, perIp: 1000, windowSeconds: 60 });

async function platformAdmin() {
  const username = `padmin${randomBytes(3).toString('hex')}`;
  const totpSecret = newTotpSecret();
  await systemClient().operator.create({ data: { username, email: `${username}@x.org`, passwordHash: await hashPassword('admin password'), totpSecret, role: 'admin' } });
  const cookies = cookieJar();
  const onConsole = () => callerFor({ services, cookies, host: CONSOLE_HOST, ip: '127.0.0.41' });
  const step = await (await onConsole()).operator.login({ identifier: username, password: 'admin password' });
  if (step.next !== 'totp') throw new Error('expected the TOTP step');
  await (await onConsole()).operator.secondFactor({ pendingToken: step.pendingToken, code: await currentTotpCode(totpSecret) });
  return onConsole();
}

const fields = (name: string) => ({ name, maxMembers: 3, maxTorrents: 3, announcesPerSecond: 5, maxTorrentFileBytes: 1048576, maxContentBytes: null, priceLabel: '€1', active: true });

describe('plans in the console', () => {
  it('lets an owner read only their own usage and change no plan; an admin edits plans and moves tenants', async () => {
    const olive = await ownerWithCommunity(services);
    const bob = await ownerWithCommunity(services);
    const asOlive = await olive.owner.console();
    const own = await asOlive.plans.usage({ slug: olive.slug });
    expect(own.tenant.access).toBe('owner');
    expect(own.members).toMatchObject({ used: 1, level: 'ok' });
    expect((await errorOf(asOlive.plans.usage({ slug: bob.slug }))).code).toBe('NOT_FOUND');
    const admin = await platformAdmin();
    const plan = await admin.plans.create(fields(`Access ${randomBytes(3).toString('hex')}`));
    for (const [what, probe] of [
      ['list', asOlive.plans.list()],
      ['create', asOlive.plans.create(fields('Mine'))],
      ['update', asOlive.plans.update({ planId: plan.id, fields: { ...fields(plan.name), maxMembers: 1_000_000 } })],
      ['setDefault', asOlive.plans.setDefault({ planId: plan.id })],
      ['setTenantPlan own', asOlive.plans.setTenantPlan({ slug: olive.slug, planId: plan.id })],
    ] as const) {
      expect((await errorOf(probe)).code, what).toBe('FORBIDDEN');
    }
    expect((await errorOf(asOlive.plans.setTenantPlan({ slug: bob.slug, planId: plan.id }))).code).toBe('NOT_FOUND');
    await admin.plans.setTenantPlan({ slug: olive.slug, planId: plan.id });
    expect((await asOlive.plans.usage({ slug: olive.slug })).limits).toMatchObject({ planName: plan.name, maxMembers: 3, priceLabel: '€1' });
    expect((await asOlive.plans.offered()).map((offered) => offered.name)).toContain(plan.name);
  });
});

describe('site settings on a community', () => {
  it('are for its admins: staff and members are refused, a visitor reads the pages', async () => {
    const slug = `site${randomBytes(3).toString('hex')}`;
    await createTenant({ db: systemClient(), slug, name: 'Site Rules', settings: { registrationMode: 'open' } });
    const tenant = { slug };
    const staff = await newMemberOf(tenant, 'staff', 'staff password 1');
    const admin = await newMemberOf(tenant, 'admin', 'admin password 1');
    const asStaff = await signedInOn({ services, tenant, account: staff, password: 'staff password 1', ip: '127.0.0.42' });
    const asAdmin = await signedInOn({ services, tenant, account: admin, password: 'admin password 1', ip: '127.0.0.43' });
    const update = { accentColor: '#123456', rulesMarkdown: 'Be kind.', faqMarkdown: '', registrationMode: 'application' as const };
    expect((await errorOf(asStaff.site.update(update))).code).toBe('FORBIDDEN');
    expect((await errorOf(asStaff.site.settings())).code).toBe('FORBIDDEN');
    expect((await errorOf(asStaff.site.setLogo({ imageBase64: 'iVBORw0KGgo=' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(asAdmin.site.update({ ...update, accentColor: 'url(x)' }))).message).toMatch(/is not a colour/);
    await asAdmin.site.update(update);
    // The site applies its own invalidations before publishing them (apps/web's
    // localFirstPublisher); this harness publishes to Redis only, so apply it here.
    applyInvalidation({ kind: 'tenant', tenantId: (await systemClient().tenant.findUniqueOrThrow({ where: { slug } })).id });
    const visitor = await callerFor({ services, cookies: cookieJar(), host: `${slug}.localhost:3000`, ip: '127.0.0.44' });
    expect(await visitor.site.pages()).toEqual({ rulesMarkdown: 'Be kind.', faqMarkdown: '' });
    expect(await visitor.site.look()).toEqual({ accentColor: '#123456', logoVersion: null });
    expect(await visitor.site.joining()).toEqual({ registrationMode: 'application', full: false });
    expect((await errorOf(visitor.auth.register({ username: 'walkin', email: 'walkin@x.org', password: 'walk-in password' }))).message).toMatch(/takes new members by application/);
  });
});
