// Who runs a community, changed from the console (issue 14): the owner removes a
// co-owner, hands ownership to one, and can never leave the community ownerless; every
// change is audited; owners and co-owners of other communities are kept out. And the
// notice a pending deletion puts on every page of the tenant's site for its staff only.
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import { apiServices, errorOf, newMemberOf, signedInOn } from './support/api-harness';
import { ownerWithCommunity, randomIp, signUpTestOwner, tokenFromMail, type TestOwner } from './support/owners';

const services = apiServices({ perAccount: 50, perIp: 1000, windowSeconds: 60 });

async function addCoOwner(owner: TestOwner, slug: string): Promise<TestOwner> {
  const co = await signUpTestOwner(services);
  await (await owner.console()).operator.inviteCoOwner({ slug, email: co.email });
  await (await co.console()).operator.acceptCoOwnerInvite({ token: await tokenFromMail(co.email, '/console/accept-invite') });
  return co;
}

async function roles(slug: string) {
  const rows = await systemClient().tenantOwner.findMany({ where: { tenant: { slug } }, select: { role: true, operator: { select: { username: true } } } });
  return Object.fromEntries(rows.map((row) => [row.operator.username, row.role]));
}

async function audit(slug: string, action: string) {
  return systemClient().auditLog.findMany({ where: { tenant: { slug }, action }, orderBy: { createdAt: 'asc' }, select: { actorOperatorId: true, targetId: true, details: true } });
}

const operatorId = async (username: string) => (await systemClient().operator.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;

describe('co-owner removal and ownership handover', () => {
  it('lets the owner remove a co-owner (audited), whose console access ends at once', async () => {
    const { owner, slug } = await ownerWithCommunity(services);
    const carol = await addCoOwner(owner, slug);
    const dave = await addCoOwner(owner, slug);
    // A co-owner runs the tenant but does not change who owns it.
    const asCarol = await carol.console();
    for (const probe of [() => asCarol.operator.removeCoOwner({ slug, username: dave.username }), () => asCarol.operator.transferOwnership({ slug, username: carol.username })]) {
      const error = await errorOf(probe());
      expect([error.code, error.message]).toEqual(['FORBIDDEN', expect.stringMatching(`^only the owner of Community ${slug} can`)]);
    }
    await (await owner.console()).operator.removeCoOwner({ slug, username: carol.username });
    expect(await roles(slug)).toEqual({ [owner.username]: 'owner', [dave.username]: 'co_owner' });
    expect(await audit(slug, 'tenant.co_owner_removed')).toEqual([{ actorOperatorId: await operatorId(owner.username), targetId: await operatorId(carol.username), details: { username: carol.username } }]);
    expect((await errorOf((await carol.console()).operator.tenant({ slug }))).code).toBe('NOT_FOUND');
    expect((await errorOf((await owner.console()).operator.removeCoOwner({ slug, username: carol.username }))).message).toBe(`${carol.username} is not an owner or co-owner of Community ${slug}`);
  });

  it('never removes the owner: the last one with a clear error, otherwise only after a handover', async () => {
    const { owner, slug } = await ownerWithCommunity(services);
    const last = await errorOf((await owner.console()).operator.removeCoOwner({ slug, username: owner.username }));
    expect([last.code, last.message]).toEqual([
      'CONFLICT',
      `${owner.username} is the last owner of Community ${slug} and cannot be removed; a community always has an owner (delete the community instead)`,
    ]);
    const carol = await addCoOwner(owner, slug);
    const primary = await errorOf((await owner.console()).operator.removeCoOwner({ slug, username: owner.username }));
    expect(primary.message).toBe(`${owner.username} is the owner of Community ${slug} and cannot be removed; hand ownership to a co-owner first`);
    expect(await roles(slug)).toEqual({ [owner.username]: 'owner', [carol.username]: 'co_owner' });

    await (await owner.console()).operator.transferOwnership({ slug, username: carol.username });
    expect(await roles(slug)).toEqual({ [owner.username]: 'co_owner', [carol.username]: 'owner' });
    expect(await audit(slug, 'tenant.ownership_transferred')).toEqual([
      { actorOperatorId: await operatorId(owner.username), targetId: await operatorId(carol.username), details: { from: owner.username, to: carol.username } },
    ]);
    expect((await (await carol.console()).operator.tenant({ slug })).access).toBe('owner');
    // The previous owner is a co-owner now: it no longer decides, and the new owner can remove it.
    expect((await errorOf((await owner.console()).operator.transferOwnership({ slug, username: owner.username }))).code).toBe('FORBIDDEN');
    expect((await errorOf((await carol.console()).operator.transferOwnership({ slug, username: carol.username }))).message).toBe(`${carol.username} already is the owner of Community ${slug}`);
    await (await carol.console()).operator.removeCoOwner({ slug, username: owner.username });
    expect(await roles(slug)).toEqual({ [carol.username]: 'owner' });
  });

  it('keeps owners and co-owners of another community out (NOT_FOUND), changing nothing', async () => {
    const olive = await ownerWithCommunity(services);
    const carol = await addCoOwner(olive.owner, olive.slug);
    const bob = await ownerWithCommunity(services);
    const bobsCoOwner = await addCoOwner(bob.owner, bob.slug);
    for (const intruder of [bob.owner, bobsCoOwner]) {
      const asIntruder = await intruder.console();
      for (const probe of [
        () => asIntruder.operator.removeCoOwner({ slug: olive.slug, username: carol.username }),
        () => asIntruder.operator.transferOwnership({ slug: olive.slug, username: carol.username }),
      ]) {
        const error = await errorOf(probe());
        expect([error.code, error.message]).toEqual(['NOT_FOUND', `no community with slug "${olive.slug}" among yours`]);
      }
    }
    expect(await roles(olive.slug)).toEqual({ [olive.owner.username]: 'owner', [carol.username]: 'co_owner' });
    expect(await audit(olive.slug, 'tenant.co_owner_removed')).toEqual([]);
    expect(await audit(olive.slug, 'tenant.ownership_transferred')).toEqual([]);
  });
});

describe('the pending deletion on the tenant site', () => {
  it('is told to staff on every page, not to members, and goes with a cancellation', async () => {
    const { owner, slug } = await ownerWithCommunity(services);
    const tenant = { slug };
    const staff = await newMemberOf(tenant, 'staff', 'staff password 1');
    const member = await newMemberOf(tenant, 'member', 'member password 1');
    const asStaff = () => signedInOn({ services, tenant, account: staff, password: 'staff password 1', ip: randomIp() });
    const asMember = () => signedInOn({ services, tenant, account: member, password: 'member password 1', ip: randomIp() });
    expect(await (await asStaff()).tenantLifecycle.staffDeletionNotice()).toBeNull();

    const state = await (await owner.console()).tenantLifecycle.requestDeletion({ slug, confirmSlug: slug });
    expect(await (await asStaff()).tenantLifecycle.staffDeletionNotice()).toEqual({ dueAt: state.dueAt });
    expect(await (await asMember()).tenantLifecycle.staffDeletionNotice()).toBeNull();
    // Another community's staff hear nothing of it.
    const other = await ownerWithCommunity(services);
    const otherStaff = await newMemberOf({ slug: other.slug }, 'staff', 'staff password 1');
    expect(await (await signedInOn({ services, tenant: { slug: other.slug }, account: otherStaff, password: 'staff password 1', ip: randomIp() })).tenantLifecycle.staffDeletionNotice()).toBeNull();

    await (await owner.console()).tenantLifecycle.cancelDeletion({ slug });
    expect(await (await asStaff()).tenantLifecycle.staffDeletionNotice()).toBeNull();
  });
});
