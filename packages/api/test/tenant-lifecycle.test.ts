// Export and deletion through the console API (issue 14): only the tenant's owner (or a
// platform admin) asks for them; another owner learns nothing (NOT_FOUND, as for a slug
// nobody has), a co-owner is refused, a mistyped slug deletes nothing.
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import { apiServices, errorOf } from './support/api-harness';
import { ownerWithCommunity, signUpTestOwner, tokenFromMail } from './support/owners';

const services = apiServices({ perAccount: 50, perIp: 1000, windowSeconds: 60 });

describe('tenant export and deletion in the console', () => {
  it("keeps another owner out of a tenant's exports and deletion", async () => {
    const olive = await ownerWithCommunity(services);
    const bob = await ownerWithCommunity(services);
    const asBob = await bob.owner.console();
    const probes: [string, Promise<unknown>][] = [
      ['exports', asBob.tenantLifecycle.exports({ slug: olive.slug })],
      ['requestExport', asBob.tenantLifecycle.requestExport({ slug: olive.slug })],
      ['exportLink', asBob.tenantLifecycle.exportLink({ slug: olive.slug, exportId: '00000000-0000-4000-8000-000000000000' })],
      ['deletion', asBob.tenantLifecycle.deletion({ slug: olive.slug })],
      ['requestDeletion', asBob.tenantLifecycle.requestDeletion({ slug: olive.slug, confirmSlug: olive.slug })],
      ['cancelDeletion', asBob.tenantLifecycle.cancelDeletion({ slug: olive.slug })],
    ];
    for (const [name, probe] of probes) {
      const error = await errorOf(probe);
      expect([name, error.code, error.message]).toEqual([name, 'NOT_FOUND', `no community with slug "${olive.slug}" among yours`]);
    }
    const tenant = await systemClient().tenant.findUniqueOrThrow({ where: { slug: olive.slug }, select: { id: true } });
    expect(await systemClient().tenantExport.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await systemClient().tenantDeletion.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it('lets the owner export, ask for deletion with the slug typed again, and cancel; a co-owner only looks', async () => {
    const olive = await ownerWithCommunity(services);
    const asOlive = await olive.owner.console();
    const requested = await asOlive.tenantLifecycle.requestExport({ slug: olive.slug });
    expect(requested.status).toBe('pending');
    expect((await errorOf(asOlive.tenantLifecycle.requestExport({ slug: olive.slug }))).code).toBe('CONFLICT');
    expect(await asOlive.tenantLifecycle.exports({ slug: olive.slug })).toMatchObject({ canAct: true, exports: [{ id: requested.id, status: 'pending' }] });
    expect((await errorOf(asOlive.tenantLifecycle.exportLink({ slug: olive.slug, exportId: requested.id }))).message).toMatch('not ready yet');

    const mistyped = await errorOf(asOlive.tenantLifecycle.requestDeletion({ slug: olive.slug, confirmSlug: 'something-else' }));
    expect(mistyped.code).toBe('BAD_REQUEST');
    expect(mistyped.message).toBe(`the slug you typed ("something-else") is not this community's; type "${olive.slug}" exactly to confirm the deletion`);
    expect((await asOlive.tenantLifecycle.deletion({ slug: olive.slug })).deletion).toBeNull();

    const state = await asOlive.tenantLifecycle.requestDeletion({ slug: olive.slug, confirmSlug: olive.slug });
    expect(new Date(state.dueAt).getTime() - new Date(state.requestedAt).getTime()).toBe(7 * 86_400_000);
    expect((await errorOf(asOlive.tenantLifecycle.requestDeletion({ slug: olive.slug, confirmSlug: olive.slug }))).code).toBe('CONFLICT');

    const carol = await signUpTestOwner(services);
    await asOlive.operator.inviteCoOwner({ slug: olive.slug, email: carol.email });
    await (await carol.console()).operator.acceptCoOwnerInvite({ token: await tokenFromMail(carol.email, '/console/accept-invite') });
    const asCarol = await carol.console();
    expect(await asCarol.tenantLifecycle.deletion({ slug: olive.slug })).toMatchObject({ canAct: false, deletion: { dueAt: state.dueAt } });
    for (const probe of [asCarol.tenantLifecycle.cancelDeletion({ slug: olive.slug }), asCarol.tenantLifecycle.requestExport({ slug: olive.slug })]) {
      const error = await errorOf(probe);
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(`only the owner of Community ${olive.slug}`);
    }

    expect(await asOlive.tenantLifecycle.cancelDeletion({ slug: olive.slug })).toEqual({ cancelled: true });
    expect((await asOlive.tenantLifecycle.deletion({ slug: olive.slug })).deletion).toBeNull();
    expect((await errorOf(asOlive.tenantLifecycle.cancelDeletion({ slug: olive.slug }))).code).toBe('NOT_FOUND');
  });
});
