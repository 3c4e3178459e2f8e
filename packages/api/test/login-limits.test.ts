// Login limits under concurrency (issue 16, item 1): attempts are reserved before the
// password or code is checked, so 50 calls at once — what a tRPC batch or parallel
// requests produce — get no more verifications than the limit allows. A correct password
// does not reset the second factor's count, and a pending login dies after a few codes.
import { randomBytes } from 'node:crypto';
import { currentTotpCode, newTotpSecret } from '@swarmhost/auth/totp';
import { hashPassword } from '@swarmhost/auth/password';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant, type LoginLimits } from '@swarmhost/domain';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { type ApiServices } from '../src/index';
import { apiServices, callerFor, cookieJar } from './support/api-harness';


const LIMITS: LoginLimits = { perAccount: 5, perIp: 1000, windowSeconds: 60 };
const PASSWORD = 'limits test password';


/** A browser on its own address (the per-IP counter is shared by every test otherwise). */
function browser(services: ApiServices) {
  const ip = `10.${[...randomBytes(3)].join('.')}`;
  const cookies = cookieJar();
  return async (host: string) => callerFor({ services, cookies, host, ip });
}

async function outcomes(calls: Promise<unknown>[]): Promise<{ code: string; message: string }[]> {
  return Promise.all(
    calls.map((call) =>
      call.then(
        () => ({ code: 'OK', message: '' }),
        (error: unknown) => (error instanceof TRPCError ? { code: error.code, message: error.message } : { code: 'UNEXPECTED', message: String(error) }),
      ),
    ),
  );
}

const count = (list: { code: string }[], code: string) => list.filter((outcome) => outcome.code === code).length;

async function memberWithTotp() {
  const slug = `l${randomBytes(4).toString('hex')}`;
  await createTenant({ db: systemClient(), slug, name: `Limits ${slug}`, settings: {} });
  const username = `m${randomBytes(4).toString('hex')}`;
  const member = await createMember({ db: systemClient(), tenantSlug: slug, username, email: `${username}@limits.test`, password: PASSWORD });
  const secret = newTotpSecret();
  await systemClient().member.update({ where: { id: member.id }, data: { totpSecret: secret } });
  return { host: `${slug}.localhost:3000`, username, secret };
}

/** Six-digit codes that are none of the codes of the previous, current and next time steps. */
async function wrongCodes(secret: string, how: number): Promise<string[]> {
  const now = Date.now();
  const near = new Set(await Promise.all([-30_000, 0, 30_000].map((offset) => currentTotpCode(secret, new Date(now + offset)))));
  const codes: string[] = [];
  for (let value = 100_000; codes.length < how; value += 7919) {
    const code = String(value % 1_000_000).padStart(6, '0');
    if (!near.has(code)) codes.push(code);
  }
  return codes;
}

describe('login limits under concurrent attempts', () => {
  it('lets 50 simultaneous wrong passwords verify at most the account limit; the rest are refused', async () => {
    const { host, username } = await memberWithTotp();
    const api = await browser(apiServices(LIMITS))(host);
    const results = await outcomes(Array.from({ length: 50 }, (_, index) => api.auth.login({ identifier: username, password: `wrong ${index}` })));
    expect(count(results, 'UNAUTHORIZED')).toBeLessThanOrEqual(LIMITS.perAccount);
    expect(count(results, 'TOO_MANY_REQUESTS')).toBe(50 - count(results, 'UNAUTHORIZED'));
    // Locked: even the right password waits now.
    expect((await outcomes([api.auth.login({ identifier: username, password: PASSWORD })]))[0]?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('lets 50 simultaneous wrong TOTP codes be checked at most the account limit times', async () => {
    const { host, username, secret } = await memberWithTotp();
    const api = await browser(apiServices(LIMITS))(host);
    const step = await api.auth.login({ identifier: username, password: PASSWORD });
    if (step.next !== 'totp') throw new Error('expected the TOTP step');
    const codes = await wrongCodes(secret, 50);
    const results = await outcomes(codes.map((code) => api.auth.secondFactor({ pendingToken: step.pendingToken, code })));
    const checked = results.filter((outcome) => /wrong authentication code/.test(outcome.message)).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(LIMITS.perAccount);
    expect(count(results, 'OK')).toBe(0);
    expect(count(results, 'TOO_MANY_REQUESTS')).toBeGreaterThanOrEqual(50 - LIMITS.perAccount);
  });

  it('does not reset the second factor’s failures when the password is entered again', async () => {
    const { host, username, secret } = await memberWithTotp();
    const api = await browser(apiServices(LIMITS))(host);
    const codes = await wrongCodes(secret, 5);
    const first = await api.auth.login({ identifier: username, password: PASSWORD });
    if (first.next !== 'totp') throw new Error('expected the TOTP step');
    for (const code of codes.slice(0, 3)) {
      expect((await outcomes([api.auth.secondFactor({ pendingToken: first.pendingToken, code })]))[0]?.code).toBe('UNAUTHORIZED');
    }
    const second = await api.auth.login({ identifier: username, password: PASSWORD });
    if (second.next !== 'totp') throw new Error('expected the TOTP step');
    for (const code of codes.slice(3, 5)) {
      expect((await outcomes([api.auth.secondFactor({ pendingToken: second.pendingToken, code })]))[0]?.code).toBe('UNAUTHORIZED');
    }
    // Five wrong codes over two password logins: the right code now waits too.
    const right = await outcomes([api.auth.secondFactor({ pendingToken: second.pendingToken, code: await currentTotpCode(secret) })]);
    expect(right[0]?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('drops a pending login after five wrong codes; a fresh password login then succeeds and clears the count', async () => {
    const { host, username, secret } = await memberWithTotp();
    const api = await browser(apiServices({ ...LIMITS, perAccount: 50 }))(host);
    const step = await api.auth.login({ identifier: username, password: PASSWORD });
    if (step.next !== 'totp') throw new Error('expected the TOTP step');
    const results: { code: string; message: string }[] = [];
    for (const code of await wrongCodes(secret, 5)) results.push(...(await outcomes([api.auth.secondFactor({ pendingToken: step.pendingToken, code })])));
    expect(results.map((outcome) => outcome.code)).toEqual(Array(5).fill('UNAUTHORIZED'));
    expect(results[4]?.message).toMatch(/enter your password again/);
    const afterwards = await outcomes([api.auth.secondFactor({ pendingToken: step.pendingToken, code: await currentTotpCode(secret) })]);
    expect(afterwards[0]).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/enter your password again/) as unknown });

    const again = await api.auth.login({ identifier: username, password: PASSWORD });
    if (again.next !== 'totp') throw new Error('expected the TOTP step');
    expect(await api.auth.secondFactor({ pendingToken: again.pendingToken, code: await currentTotpCode(secret) })).toEqual({ next: 'done' });
    expect((await (await browser(apiServices(LIMITS))(host)).auth.login({ identifier: username, password: 'wrong again' }).catch((error: TRPCError) => error.code))).toBe(
      'UNAUTHORIZED',
    );
  });

  it('refuses a pending login on another site before trying its code', async () => {
    const { host, username, secret } = await memberWithTotp();
    const visit = browser(apiServices(LIMITS));
    const step = await (await visit(host)).auth.login({ identifier: username, password: PASSWORD });
    if (step.next !== 'totp') throw new Error('expected the TOTP step');
    const code = await currentTotpCode(secret);
    const elsewhere = await outcomes([(await visit('localhost:3000')).operator.secondFactor({ pendingToken: step.pendingToken, code })]);
    expect(elsewhere[0]).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/belongs to a community site/) as unknown });
    // Neither the code nor the pending login was spent there.
    expect(await (await visit(host)).auth.secondFactor({ pendingToken: step.pendingToken, code })).toEqual({ next: 'done' });
  });

  it('limits operator logins the same way', async () => {
    const username = `op-${randomBytes(3).toString('hex')}`;
    await systemClient().operator.create({ data: { username, email: `${username}@limits.test`, passwordHash: await hashPassword(PASSWORD) } });
    const api = await browser(apiServices(LIMITS))('localhost:3000');
    const results = await outcomes(Array.from({ length: 50 }, (_, index) => api.operator.login({ identifier: username, password: `wrong ${index}` })));
    expect(count(results, 'UNAUTHORIZED')).toBeLessThanOrEqual(LIMITS.perAccount);
    expect(count(results, 'TOO_MANY_REQUESTS')).toBe(50 - count(results, 'UNAUTHORIZED'));
  });

  it('counts passkey logins against the address before checking them', async () => {
    const { host } = await memberWithTotp();
    const api = await browser(apiServices({ ...LIMITS, perIp: 5 }))(host);
    const ceremonies = await Promise.all(Array.from({ length: 30 }, () => api.auth.passkeyStart()));
    const results = await outcomes(
      ceremonies.map((ceremony) =>
        api.auth.passkeyFinish({ ceremonyId: ceremony.ceremonyId, response: { id: randomBytes(16).toString('base64url'), rawId: 'x', type: 'public-key', response: {} } }),
      ),
    );
    expect(count(results, 'TOO_MANY_REQUESTS')).toBeGreaterThanOrEqual(25);
    expect(count(results, 'UNAUTHORIZED')).toBeLessThanOrEqual(5);
  });
});
