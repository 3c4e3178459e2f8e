// Operators must have a second factor (issue 16, item 3): one operator controls every
// tenant, so a password-only operator may enrol TOTP, see who they are and log out —
// nothing else — until enrolment is done.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@swarmhost/auth/password';
import { currentTotpCode } from '@swarmhost/auth/totp';
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import { apiServices, callerFor, cookieJar, errorOf } from './support/api-harness';


const services = apiServices();

function consoleBrowser() {
  const cookies = cookieJar();
  return async () => callerFor({ services, cookies, host: 'localhost:3000', ip: '127.0.0.31' });
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
