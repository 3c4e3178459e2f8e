// The site's per-process caches (host → tenant, session → member, search rankings)
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
  subscriber = listenForInvalidations(services.redis, services.searchIndex);
  // Subscribed before the first message is published.
  await new Promise((resolve) => subscriber.once('ready', resolve).once('error', resolve));
  await new Promise((resolve) => setTimeout(resolve, 100));
});
afterAll(() => {
  subscriber.disconnect();
  services.redis.disconnect();
});

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
});
