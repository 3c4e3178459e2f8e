// The site's per-process caches (host → tenant, session → member, search rankings,
// shared list and search pages)
// follow the Redis invalidation channel: a suspension, a "log out everywhere" in
// another process and a new torrent show on the very next request, long before the
// caches would expire by themselves.
import { setTenantStatus } from '@swarmhost/domain';
import { systemClient } from '@swarmhost/db/system';
import { publishInvalidation } from '@swarmhost/events';
import { TRPCError } from '@trpc/server';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForInvalidations } from '../src/server/services';
import { newTenant, siteServices, signedInMember, torrentBase64 } from './support/site';

let services: ReturnType<typeof siteServices>;
let subscriber: Redis;

beforeAll(async () => {
  services = siteServices();
  subscriber = listenForInvalidations(services.redis, services);
  // Subscribed before the first message is published.
  await new Promise((resolve) => subscriber.once('ready', resolve).once('error', resolve));
  await new Promise((resolve) => setTimeout(resolve, 100));
});
afterAll(() => {
  subscriber.disconnect();
  services.redis.disconnect();
});

const verifyEmail = (memberId: string) => systemClient().member.update({ where: { id: memberId }, data: { emailVerifiedAt: new Date() } });

/** Long enough for a pub/sub message, far shorter than any cache's own expiry. */
const aMoment = () => new Promise((resolve) => setTimeout(resolve, 150));

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  return error instanceof TRPCError ? error.code : undefined;
}

describe('cache invalidation', () => {
  it('refuses a suspended tenant on the next request', async () => {
    const tenant = await newTenant();
    const member = await signedInMember(services, tenant);
    expect(await member.api.torrents.list({})).toMatchObject({ items: [] });
    await setTenantStatus({ db: systemClient(), publisher: services.redis, slug: tenant.slug, status: 'suspended', reason: 'audit' });
    await aMoment();
    expect(await codeOf((await member.visit(tenant.host)).torrents.list({}))).toBe('FORBIDDEN');
  });

  it('ends a session at once when another process publishes the member’s logout', async () => {
    const tenant = await newTenant();
    const member = await signedInMember(services, tenant);
    expect(await codeOf((await member.visit(tenant.host)).torrents.list({}))).toBeUndefined();
    // What "log out everywhere" in another site process does: end the rows, publish.
    await systemClient().session.deleteMany({ where: { memberId: member.id } });
    await publishInvalidation(services.redis, { kind: 'member', tenantId: tenant.id, memberId: member.id });
    await aMoment();
    expect(await codeOf((await member.visit(tenant.host)).torrents.list({}))).toBe('UNAUTHORIZED');
  });

  it('shows a new torrent in a search that was cached before it was uploaded', async () => {
    const tenant = await newTenant();
    const member = await signedInMember(services, tenant);
    await systemClient().member.update({ where: { id: member.id }, data: { emailVerifiedAt: new Date() } });
    expect((await member.api.torrents.search({ text: 'lighthouse' })).items).toEqual([]);
    const uploaded = await member.api.torrents.upload({ fileBase64: torrentBase64('lighthouse keeper 1080p'), name: 'Lighthouse Keeper 1080p' });
    await aMoment();
    expect((await member.api.torrents.search({ text: 'lighthouse' })).items.map((item) => item.id)).toEqual([uploaded.id]);
  });
  it('shows a staff edit in a cached list page on the next request of the same process', async () => {
    // A process of its own without the invalidation listener: only the local-first
    // publisher can drop its pages before the next request.
    const alone = siteServices();
    try {
      const tenant = await newTenant();
      const staff = await signedInMember(alone, tenant, { role: 'staff' });
      const member = await signedInMember(alone, tenant);
      await verifyEmail(staff.id);
      const uploaded = await staff.api.torrents.upload({ fileBase64: torrentBase64('harbour lights'), name: 'Harbour Lights' });
      expect((await member.api.torrents.list({})).items.map((item) => item.name)).toEqual(['Harbour Lights']);
      expect((await member.api.torrents.search({ text: 'harbour' })).items.map((item) => item.freeleechPercent)).toEqual([0]);
      await staff.api.staff.editTorrent({ torrentId: uploaded.id, name: 'Harbour Lights (remaster)', freeleechPercent: 50 });
      expect((await member.api.torrents.list({})).items.map((item) => item.name)).toEqual(['Harbour Lights (remaster)']);
      expect((await member.api.torrents.search({ text: 'harbour' })).items.map((item) => item.freeleechPercent)).toEqual([50]);
    } finally {
      alone.redis.disconnect();
    }
  });

  it('drops cached list pages when another process publishes a torrent change', async () => {
    const tenant = await newTenant();
    const member = await signedInMember(services, tenant);
    await verifyEmail(member.id);
    const uploaded = await member.api.torrents.upload({ fileBase64: torrentBase64('quiet valley'), name: 'Quiet Valley' });
    expect((await member.api.torrents.list({})).items.map((item) => item.seeders)).toEqual([0]);
    // What the other process's change looks like from here: the row changes, then the message.
    await systemClient().torrent.update({ where: { id: uploaded.id }, data: { seeders: 7 } });
    expect((await member.api.torrents.list({})).items.map((item) => item.seeders)).toEqual([0]);
    await publishInvalidation(services.redis, { kind: 'torrent', tenantId: tenant.id, infoHash: uploaded.infoHash });
    await aMoment();
    expect((await member.api.torrents.list({})).items.map((item) => item.seeders)).toEqual([7]);
  });

  it('never shares a member’s own "seeding" page with another member', async () => {
    const tenant = await newTenant();
    const seeder = await signedInMember(services, tenant);
    const other = await signedInMember(services, tenant);
    await verifyEmail(seeder.id);
    const uploaded = await seeder.api.torrents.upload({ fileBase64: torrentBase64('own swarm'), name: 'Own Swarm' });
    await systemClient().history.create({ data: { tenantId: tenant.id, memberId: seeder.id, torrentId: uploaded.id, active: true, seeding: true } });
    expect((await seeder.api.torrents.list({ mine: 'seeding' })).items.map((item) => item.id)).toEqual([uploaded.id]);
    expect((await other.api.torrents.list({ mine: 'seeding' })).items).toEqual([]);
    expect((await other.api.torrents.search({ text: 'own swarm', mine: 'seeding' })).items).toEqual([]);
    expect((await seeder.api.torrents.search({ text: 'own swarm', mine: 'seeding' })).items.map((item) => item.id)).toEqual([uploaded.id]);
  });
});
