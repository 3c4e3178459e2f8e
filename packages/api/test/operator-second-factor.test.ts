// Operators must have a second factor (issue 16, item 3): one operator controls every
// tenant, so a password-only operator may enrol TOTP, see who they are and log out —
// nothing else — until enrolment is done.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@swarmhost/auth/password';
import { currentTotpCode } from '@swarmhost/auth/totp';
import { parseEnv, redisShape } from '@swarmhost/config';
import { systemClient } from '@swarmhost/db/system';
import { createOutboxTransport } from '@swarmhost/domain';
import { createPostgresSearchIndex } from '@swarmhost/search';
import { TRPCError } from '@trpc/server';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiContext, createCaller, type ApiServices, type CookieJar } from '../src/index';

const redis = new Redis(parseEnv(redisShape).REDIS_URL);
afterAll(() => redis.quit());

const services: ApiServices = {
  redis,
  publisher: redis,
  mail: createOutboxTransport(redis),
  searchIndex: createPostgresSearchIndex(),
  baseDomain: 'localhost:3000',
  protocol: 'http',
  trackerBaseUrl: 'http://tracker.test',
  loginLimits: { perAccount: 5, perIp: 1000, windowSeconds: 60 },
};

function consoleBrowser() {
  const jar = new Map<string, string>();
  const cookies: CookieJar = { get: (name) => jar.get(name), set: (name, value) => void jar.set(name, value), clear: (name) => void jar.delete(name) };
  return async () => createCaller(await createApiContext({ services, cookies, request: { host: 'localhost:3000', ip: '127.0.0.31' } }));
}

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

async function passwordOnlyOperator() {
  const username = `op-${randomBytes(3).toString('hex')}`;
  await systemClient().operator.create({ data: { username, email: `${username}@x.org`, passwordHash: await hashPassword('operator pass') } });
  const visit = consoleBrowser();
  expect(await (await visit()).operator.login({ identifier: username, password: 'operator pass' })).toEqual({ next: 'done' });
  return visit;
}

describe('operators without a second factor', () => {
  it('are refused every tenant action until they enrol TOTP, and then allowed', async () => {
    const visit = await passwordOnlyOperator();
    const api = await visit();
    expect(await api.operator.me()).toMatchObject({ totpEnabled: false });
    const slug = `o${randomBytes(3).toString('hex')}`;
    for (const call of [api.operator.tenants(), api.operator.createTenant({ slug, name: 'Refused', settings: {} }), api.operator.tenant({ slug: 'demo' })]) {
      const refused = await errorOf(call);
      expect(refused.code).toBe('FORBIDDEN');
      expect(refused.message).toMatch(/set up two-factor authentication first/);
    }
    expect(await systemClient().tenant.findUnique({ where: { slug } })).toBeNull();

    const enrolment = await api.operator.totpStart();
    const { recoveryCodes } = await api.operator.totpConfirm({ code: await currentTotpCode(enrolment.secret) });
    expect(recoveryCodes.length).toBeGreaterThan(0);

    const enrolled = await visit();
    expect(await enrolled.operator.me()).toMatchObject({ totpEnabled: true });
    await enrolled.operator.createTenant({ slug, name: 'Allowed', settings: {} });
    expect((await enrolled.operator.tenants()).map((tenant) => tenant.slug)).toContain(slug);
    // Set-up cannot replace the factor from a session.
    expect((await errorOf(enrolled.operator.totpStart())).code).toBe('CONFLICT');
  });

  it('may still log out', async () => {
    const visit = await passwordOnlyOperator();
    await (await visit()).operator.logout();
    expect(await (await visit()).operator.me()).toBeNull();
    expect((await errorOf((await visit()).operator.tenants())).code).toBe('UNAUTHORIZED');
  });
});
