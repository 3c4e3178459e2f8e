// Console roles: platform admins reach every tenant; owners only their own (and their
// co-owners those too). Each probe is a real call through the API with real PostgreSQL
// and Redis, as the console's browser would make it.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@swarmhost/auth/password';
import { currentTotpCode, newTotpSecret } from '@swarmhost/auth/totp';
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import { apiServices, callerFor, cookieJar, errorOf } from './support/api-harness';
import { CONSOLE_HOST, ownerWithCommunity, signUpTestOwner, tokenFromMail } from './support/owners';

const services = apiServices({ perAccount: 50, perIp: 1000, windowSeconds: 60 });

async function signedInAdmin() {
  const username = `admin${randomBytes(3).toString('hex')}`;
  const totpSecret = newTotpSecret();
  await systemClient().operator.create({ data: { username, email: `${username}@x.org`, passwordHash: await hashPassword('admin password'), totpSecret } });
  const cookies = cookieJar();
  const onConsole = () => callerFor({ services, cookies, host: CONSOLE_HOST, ip: '127.0.0.31' });
  const step = await (await onConsole()).operator.login({ identifier: username, password: 'admin password' });
  if (step.next !== 'totp') throw new Error('expected the TOTP step');
  await (await onConsole()).operator.secondFactor({ pendingToken: step.pendingToken, code: await currentTotpCode(totpSecret) });
  return onConsole;
}

describe('console roles', () => {
  it("keeps an owner out of another owner's tenant: read, suspend, edit, hosts, owners, invites", async () => {
    const olive = await ownerWithCommunity(services);
    const bob = await ownerWithCommunity(services);
    const asOlive = await olive.owner.console();

    const listed = await asOlive.operator.tenants();
    expect(listed.map((tenant) => tenant.slug)).toEqual([olive.slug]);
    expect(await asOlive.operator.tenant({ slug: olive.slug })).toMatchObject({ slug: olive.slug, access: 'owner' });

    const probes: [string, Promise<unknown>][] = [
      ['tenant', asOlive.operator.tenant({ slug: bob.slug })],
      ['setStatus', asOlive.operator.setStatus({ slug: bob.slug, status: 'suspended', reason: 'mine now' })],
      ['updateTenant', asOlive.operator.updateTenant({ slug: bob.slug, name: 'Taken over', settings: { registrationMode: 'closed' } })],
      ['hosts', asOlive.operator.hosts({ slug: bob.slug })],
      ['addHost', asOlive.operator.addHost({ slug: bob.slug, host: `stolen-${bob.slug}.example.org` })],
      ['removeHost', asOlive.operator.removeHost({ slug: bob.slug, host: `${bob.slug}.example.org` })],
      ['owners', asOlive.operator.owners({ slug: bob.slug })],
      ['inviteCoOwner', asOlive.operator.inviteCoOwner({ slug: bob.slug, email: 'olive-friend@owners.test' })],
    ];
    for (const [name, probe] of probes) {
      const error = await errorOf(probe);
      expect([name, error.code]).toEqual([name, 'NOT_FOUND']);
      // The same answer as a slug nobody has: whether it exists is not Olive's to learn.
      expect(error.message).toBe(`no community with slug "${bob.slug}" among yours`);
    }
    expect((await errorOf(asOlive.operator.createTenant({ slug: `x${bob.slug}`, name: 'Console form', settings: {} }))).code).toBe('FORBIDDEN');

    const bobsTenant = await systemClient().tenant.findUniqueOrThrow({ where: { slug: bob.slug }, include: { hosts: true } });
    expect(bobsTenant).toMatchObject({ status: 'active', name: `Community ${bob.slug}`, hosts: [] });

    // Her own tenant she runs: suspend, resume, rename, a custom host.
    await asOlive.operator.setStatus({ slug: olive.slug, status: 'suspended', reason: 'maintenance' });
    await asOlive.operator.setStatus({ slug: olive.slug, status: 'active' });
    await asOlive.operator.updateTenant({ slug: olive.slug, name: 'Olive films', settings: {} });
    await asOlive.operator.addHost({ slug: olive.slug, host: `${olive.slug}.example.org` });
    expect((await asOlive.operator.hosts({ slug: olive.slug })).map((host) => host.host)).toEqual([`${olive.slug}.example.org`]);
  });

  it('shows a platform admin every tenant, owned or not', async () => {
    const olive = await ownerWithCommunity(services);
    const bob = await ownerWithCommunity(services);
    const admin = await (await signedInAdmin())();
    const slugs = (await admin.operator.tenants()).map((tenant) => tenant.slug);
    expect(slugs).toEqual(expect.arrayContaining([olive.slug, bob.slug]));
    expect(await admin.operator.tenant({ slug: bob.slug })).toMatchObject({ access: 'admin' });
    expect(await admin.operator.owners({ slug: bob.slug })).toEqual([expect.objectContaining({ username: bob.owner.username, role: 'owner' })]);
  });

  it('lets an owner invite a co-owner by e-mail, who then runs the tenant but invites nobody', async () => {
    const olive = await ownerWithCommunity(services);
    const carol = await signUpTestOwner(services);
    const bob = await signUpTestOwner(services);
    await (await olive.owner.console()).operator.inviteCoOwner({ slug: olive.slug, email: carol.email });
    const token = await tokenFromMail(carol.email, '/console/accept-invite');

    // Only the invited address can accept; Bob's attempt leaves the link working for Carol.
    const wrongAccount = await errorOf((await bob.console()).operator.acceptCoOwnerInvite({ token }));
    expect(wrongAccount.code).toBe('FORBIDDEN');
    expect(wrongAccount.message).toMatch(`sent to ${carol.email}`);
    expect(await (await carol.console()).operator.coOwnerInvite({ token })).toEqual({ tenantName: `Community ${olive.slug}`, email: carol.email });
    expect(await (await carol.console()).operator.acceptCoOwnerInvite({ token })).toEqual({ slug: olive.slug });
    expect((await errorOf((await carol.console()).operator.acceptCoOwnerInvite({ token }))).message).toMatch(/invalid, used or expired/);

    const asCarol = await carol.console();
    expect((await asCarol.operator.tenants()).map((tenant) => tenant.slug)).toEqual([olive.slug]);
    await asCarol.operator.updateTenant({ slug: olive.slug, name: 'Run by two', settings: {} });
    expect((await errorOf(asCarol.operator.inviteCoOwner({ slug: olive.slug, email: 'third@owners.test' }))).code).toBe('FORBIDDEN');
    expect((await asCarol.operator.owners({ slug: olive.slug })).map((owner) => [owner.username, owner.role])).toEqual([
      [olive.owner.username, 'owner'],
      [carol.username, 'co_owner'],
    ]);
    expect(await (await bob.console()).operator.tenants()).toEqual([]);
  });
});
