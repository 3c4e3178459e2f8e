// The live-updates token route: an active member of an active tenant gets a token of
// their current role with its expiry; a suspended tenant, an ended login (logout,
// disabling) and an account that is not active get none, with a message saying why.
import { createApiContext, createCaller, type ApiServices, type CookieJar } from '@swarmhost/api';
import { hashPassword } from '@swarmhost/auth/password';
import { verifyRealtimeToken } from '@swarmhost/auth/realtime-token';
import { newTotpSecret } from '@swarmhost/auth/totp';
import { loadRealtimeTokenConfig } from '@swarmhost/config';
import { systemClient } from '@swarmhost/db/system';
import { createMember, setMemberDisabled, setTenantStatus } from '@swarmhost/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realtimeTokenAnswer } from '../src/components/live/realtime-token-answer';
import { BASE_DOMAIN, newTenant, PASSWORD, siteServices } from './support/site';

const tokenConfig = loadRealtimeTokenConfig({ REALTIME_TOKEN_SECRET: 'web-test-realtime-secret-0123456789abcdef', REALTIME_TOKEN_TTL_SECONDS: '120' });
let services: ReturnType<typeof siteServices>;

beforeAll(() => {
  services = siteServices();
});
afterAll(() => {
  services.redis.disconnect();
});

/** A member signed in on the tenant's host; `answer()` is what the token route says to their browser now. */
async function signedIn(tenant: { slug: string; host: string }, role: 'member' | 'staff' = 'member') {
  const username = `rt${Date.now() % 1_000_000}${Math.floor(Math.random() * 1000)}`;
  const member = await createMember({ db: systemClient(), tenantSlug: tenant.slug, username, email: `${username}@web.test`, password: PASSWORD, role });
  const jar = new Map<string, string>();
  const cookies: CookieJar = { get: (name) => jar.get(name), set: (name, value) => void jar.set(name, value), clear: (name) => void jar.delete(name) };
  const context = () => createApiContext({ services: services as ApiServices, cookies, request: { host: tenant.host, ip: '127.0.0.9' } });
  await createCaller(await context()).auth.login({ identifier: username, password: PASSWORD });
  return { member, answer: async () => realtimeTokenAnswer(await context(), tokenConfig) };
}

/** Longer than the site's one-second caches of hosts and sessions. */
const pastTheCaches = () => new Promise((resolve) => setTimeout(resolve, 1100));

describe('the live-updates token route', () => {
  it('signs a token of the member’s tenant and role, with its expiry', async () => {
    const tenant = await newTenant();
    const { member, answer } = await signedIn(tenant, 'staff');
    const granted = await answer();
    expect(granted.status).toBe(200);
    if (!('token' in granted.body)) throw new Error(`refused: ${granted.body.error}`);
    const claims = verifyRealtimeToken(granted.body.token, tokenConfig.REALTIME_TOKEN_SECRET);
    expect(claims).toMatchObject({ tenantId: tenant.id, memberId: member.id, role: 'staff' });
    expect(granted.body.expiresAt).toBe(claims.exp * 1000);
    expect(granted.body.expiresAt - Date.now()).toBeGreaterThan(110_000);
  });

  it('refuses a suspended tenant, saying so', async () => {
    const tenant = await newTenant();
    const { answer } = await signedIn(tenant);
    expect((await answer()).status).toBe(200);
    await setTenantStatus({ db: systemClient(), publisher: services.publisher, slug: tenant.slug, status: 'suspended', reason: 'unpaid hosting' });
    await pastTheCaches();
    expect(await answer()).toEqual({ status: 403, body: { error: expect.stringMatching(/community is suspended \(unpaid hosting\)/) } });
  });

  it('refuses a disabled member and an account that is not active', async () => {
    const tenant = await newTenant();
    const admin = await signedIn(tenant, 'staff');
    await systemClient().member.update({ where: { id: admin.member.id }, data: { role: 'admin' } });
    const disabled = await signedIn(tenant);
    const pending = await signedIn(tenant);
    await setMemberDisabled({ publisher: services.publisher, tenantId: tenant.id, staffId: admin.member.id }, disabled.member.id, true, 'ban evasion');
    await systemClient().member.update({ where: { id: pending.member.id }, data: { status: 'pending' } });
    await pastTheCaches();
    expect(await disabled.answer()).toEqual({ status: 401, body: { error: expect.stringMatching(/login has ended .*account disabled/) } });
    expect(await pending.answer()).toEqual({ status: 403, body: { error: expect.stringMatching(/your account is pending/) } });
  });

  it('gives an operator a token only once they have a second factor', async () => {
    const username = `rtop${Date.now() % 1_000_000}${Math.floor(Math.random() * 1000)}`;
    const operator = await systemClient().operator.create({ data: { username, email: `${username}@web.test`, passwordHash: await hashPassword(PASSWORD) } });
    const jar = new Map<string, string>();
    const cookies: CookieJar = { get: (name) => jar.get(name), set: (name, value) => void jar.set(name, value), clear: (name) => void jar.delete(name) };
    const context = () => createApiContext({ services: services as ApiServices, cookies, request: { host: BASE_DOMAIN, ip: '127.0.0.9' } });
    await createCaller(await context()).operator.login({ identifier: username, password: PASSWORD });
    expect(realtimeTokenAnswer(await context(), tokenConfig)).toEqual({ status: 403, body: { error: expect.stringMatching(/set up two-factor authentication/) } });
    await systemClient().operator.update({ where: { id: operator.id }, data: { totpSecret: newTotpSecret() } });
    expect(realtimeTokenAnswer(await context(), tokenConfig).status).toBe(200);
    // A community owner's console account: the operators' room shows every tenant, so no token.
    await systemClient().operator.update({ where: { id: operator.id }, data: { role: 'owner' } });
    expect(realtimeTokenAnswer(await context(), tokenConfig)).toEqual({ status: 403, body: { error: expect.stringMatching(/for platform admins/) } });
  });
});
