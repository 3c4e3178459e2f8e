// The site's API as a browser reaches it, without HTTP: services built by the site's own
// createApiServices from a parsed web config, and one cookie jar per host.
import { randomBytes } from 'node:crypto';
import { createApiContext, createCaller, type ApiServices, type CookieJar } from '@swarmhost/api';
import { hashPassword } from '@swarmhost/auth/password';
import { currentTotpCode, newTotpSecret } from '@swarmhost/auth/totp';
import { encode } from '@swarmhost/bittorrent/bencode';
import { loadWebConfig, type Environment } from '@swarmhost/config';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant, type MemberRoleName } from '@swarmhost/domain';
import { Redis } from 'ioredis';
import { createApiServices } from '../../src/server/services';
import { TRPCError } from '@trpc/server';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BASE_DOMAIN = 'localhost:3000';

export function siteServices(environment: Environment = {}): ReturnType<typeof createApiServices> {
  const config = loadWebConfig({ REDIS_URL, BASE_DOMAIN, MAIL_TRANSPORT: 'outbox', ...environment });
  return createApiServices(config, new Redis(REDIS_URL));
}

export type SiteCaller = ReturnType<typeof createCaller>;

/** A browser: one cookie jar per host, as real browsers keep them. */
export function browser(services: ApiServices) {
  const jars = new Map<string, Map<string, string>>();
  return async (host: string): Promise<SiteCaller> => {
    const jar = jars.get(host) ?? new Map<string, string>();
    jars.set(host, jar);
    const cookies: CookieJar = { get: (name) => jar.get(name), set: (name, value) => void jar.set(name, value), clear: (name) => void jar.delete(name) };
    return createCaller(await createApiContext({ services, cookies, request: { host, ip: '127.0.0.7' } }));
  };
}

export async function newTenant(settings: Record<string, unknown> = {}) {
  const slug = `w-${randomBytes(4).toString('hex')}`;
  const tenant = await createTenant({ db: systemClient(), slug, name: `Tenant ${slug}`, settings });
  return { ...tenant, host: `${slug}.${BASE_DOMAIN}` };
}

export const PASSWORD = 'integration password';

/** A member created as the CLI does, signed in on the tenant's host. */
export async function signedInMember(services: ApiServices, tenant: { slug: string; host: string }, options: { role?: MemberRoleName; username?: string } = {}) {
  const username = options.username ?? `m${randomBytes(4).toString('hex')}`;
  const member = await createMember({ db: systemClient(), tenantSlug: tenant.slug, username, email: `${username}@web.test`, password: PASSWORD, role: options.role });
  const visit = browser(services);
  await (await visit(tenant.host)).auth.login({ identifier: username, password: PASSWORD });
  return { ...member, api: await visit(tenant.host), visit };
}

/** An operator as the console requires one (password plus TOTP), signed in on the console. */
export async function signedInOperator(services: ApiServices): Promise<SiteCaller> {
  const username = `op-${randomBytes(3).toString('hex')}`;
  const totpSecret = newTotpSecret();
  await systemClient().operator.create({ data: { username, email: `${username}@web.test`, passwordHash: await hashPassword(PASSWORD), totpSecret } });
  const visit = browser(services);
  const step = await (await visit(BASE_DOMAIN)).operator.login({ identifier: username, password: PASSWORD });
  if (step.next !== 'totp') throw new Error('expected the operator login to ask for the TOTP code');
  await (await visit(BASE_DOMAIN)).operator.secondFactor({ pendingToken: step.pendingToken, code: await currentTotpCode(totpSecret) });
  return visit(BASE_DOMAIN);
}

export function torrentBase64(name = `t-${randomBytes(4).toString('hex')}`): string {
  return encode({ announce: 'http://x.invalid/announce', info: { length: 5, name, 'piece length': 16384, pieces: Buffer.alloc(20, 7) } }).toString('base64');
}

/** The TRPCError a call rejects with (fails the test when it resolves or throws anything else). */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}
