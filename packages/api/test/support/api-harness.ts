// What every API integration test needs: the services a site process hands the API
// (real Redis, the dev mail outbox, PostgreSQL search), a caller with its own cookie
// jar — one browser — and the TRPCError a refused call ends with.
import { parseEnv, redisShape } from '@swarmhost/config';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createOutboxTransport, type LoginLimits, type MemberRoleName } from '@swarmhost/domain';
import { createPostgresSearchIndex } from '@swarmhost/search';
import { TRPCError } from '@trpc/server';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createApiContext, createCaller, type ApiServices, type CookieJar } from '../../src/index';

export const redis = new Redis(parseEnv(redisShape).REDIS_URL);
afterAll(() => redis.quit());

/** The site's services with these login limits (tests that hammer the limit pass their own). */
export function apiServices(loginLimits: LoginLimits = { perAccount: 5, perIp: 1000, windowSeconds: 60 }): ApiServices {
  return {
    redis,
    publisher: redis,
    mail: createOutboxTransport(redis),
    searchIndex: createPostgresSearchIndex(),
    baseDomain: 'localhost:3000',
    protocol: 'http',
    trackerBaseUrl: 'http://tracker.test',
    loginLimits,
  };
}

/** One browser's cookies for one host. */
export function cookieJar(): CookieJar {
  const jar = new Map<string, string>();
  return { get: (name) => jar.get(name), set: (name, value) => void jar.set(name, value), clear: (name) => void jar.delete(name) };
}

/** A caller as a request from `ip` to `host` carrying `cookies` makes it. */
export async function callerFor(options: { services: ApiServices; cookies: CookieJar; host: string; ip: string }) {
  const { services, cookies, host, ip } = options;
  return createCaller(await createApiContext({ services, cookies, request: { host, ip } }));
}

/** The TRPCError `promise` is refused with; throws when it succeeds or fails otherwise. */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** A member of `tenant` with this role, a random name and `password`. */
export async function newMemberOf(tenant: { slug: string }, role: MemberRoleName, password: string) {
  const name = `${role}${Math.random().toString(36).slice(2, 8)}`;
  return createMember({ db: systemClient(), tenantSlug: tenant.slug, username: name, email: `${name}@x.org`, password, role });
}

/** A caller signed in as `account` on `tenant`'s site, from `ip`. */
export async function signedInOn(options: { services: ApiServices; tenant: { slug: string }; account: { username: string }; password: string; ip: string }) {
  const { services, tenant, account, password, ip } = options;
  const cookies = cookieJar();
  const caller = async () => callerFor({ services, cookies, host: `${tenant.slug}.localhost:3000`, ip });
  await (await caller()).auth.login({ identifier: account.username, password });
  return caller();
}
