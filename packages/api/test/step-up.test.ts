// Security settings need a recent proof of a factor on the session (sign-in, or
// account.reauthenticate by password, code or passkey); wrong factors are counted per
// member; every change is mailed; a password reset removes passkeys. Real PostgreSQL and
// Redis, real passkey signatures from a software authenticator.
import { randomBytes } from 'node:crypto';
import { currentTotpCode, newTotpSecret } from '@swarmhost/auth/totp';
import { systemClient } from '@swarmhost/db/system';
import { AppError, createMember, readOutbox, REAUTH_WINDOW_SECONDS } from '@swarmhost/domain';
import { newTenant } from '@swarmhost/domain/testing/fixtures';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { clearSessionCache, type createCaller } from '../src/index';
import { apiServices, callerFor, cookieJar, redis } from './support/api-harness';
import { softwarePasskey as passkeyFor } from './support/software-passkey';


const LIMIT = 5;
const services = apiServices({ perAccount: LIMIT, perIp: 10_000, windowSeconds: 60 });

const PASSWORD = 'step-up test password';
let tenant: { id: string; slug: string };
const host = () => `${tenant.slug}.localhost:3000`;

beforeAll(async () => {
  tenant = await newTenant('stepup');
});

async function newAccount() {
  const username = `m${randomBytes(4).toString('hex')}`;
  return createMember({ db: systemClient(), tenantSlug: tenant.slug, username, email: `${username}@step-up.test`, password: PASSWORD });
}

/** A browser on the tenant's host: its own cookie jar; each call gets a fresh context as a request would. */
function browser() {
  const cookies = cookieJar();
  return async () => callerFor({ services, cookies, host: host(), ip: '127.0.0.41' });
}

async function signIn(account: { username: string }) {
  const visit = browser();
  await (await visit()).auth.login({ identifier: account.username, password: PASSWORD });
  return visit;
}

/** Makes the member's sessions look signed in ten minutes ago (no proof of a factor since). */
async function ageSessions(memberId: string) {
  await systemClient().session.updateMany({ where: { memberId }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
  clearSessionCache();
}

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

async function expectReauthRequired(promise: Promise<unknown>) {
  const error = await refusal(promise);
  expect(error.code).toBe('FORBIDDEN');
  expect(error.message).toMatch(/confirm it is you first/);
  expect(error.cause instanceof AppError ? error.cause.details : undefined).toEqual({ reason: 'reauthenticate' });
}

const codes = (errors: TRPCError[]) => errors.map((error) => error.code).sort();

async function mailSubjectsTo(email: string): Promise<string[]> {
  return (await readOutbox(redis, 200)).filter((mail) => mail.to === email).map((mail) => mail.subject.replace(/^[^:]*: /, ''));
}

type Caller = ReturnType<typeof createCaller>;

async function addPasskey(api: Caller, passkey: ReturnType<typeof passkeyFor>, name: string) {
  const start = await api.account.passkeyRegisterStart();
  return api.account.passkeyRegisterFinish({ ceremonyId: start.ceremonyId, name, response: passkey.register(start.options.challenge) });
}

async function passkeyLogin(passkey: ReturnType<typeof passkeyFor>) {
  const visit = browser();
  const start = await (await visit()).auth.passkeyStart();
  await (await visit()).auth.passkeyFinish({ ceremonyId: start.ceremonyId, response: passkey.assert(start.options.challenge) });
  return (await visit()).account.me();
}

describe('step-up for security settings', () => {
  it('refuses TOTP set-up and passkey changes on a session signed in long ago until the member re-authenticates, for five minutes', async () => {
    const account = await newAccount();
    const visit = await signIn(account);
    // Signing in is itself a proof: right after it, set-up may start.
    await (await visit()).account.totpStart();

    await ageSessions(account.id);
    const stale = await visit();
    await expectReauthRequired(stale.account.totpStart());
    await expectReauthRequired(stale.account.passkeyRegisterStart());
    await expectReauthRequired(stale.account.deletePasskey({ passkeyId: '00000000-0000-4000-8000-000000000000' }));

    expect((await refusal(stale.account.reauthenticate({ password: 'not my password' }))).code).toBe('BAD_REQUEST');
    const { validUntil } = await stale.account.reauthenticate({ password: PASSWORD });
    expect(Math.abs(new Date(validUntil).getTime() - (Date.now() + REAUTH_WINDOW_SECONDS * 1000))).toBeLessThan(5000);

    const fresh = await visit();
    await fresh.account.totpStart();
    const added = await addPasskey(fresh, passkeyFor(host()), 'Laptop');
    await fresh.account.deletePasskey({ passkeyId: added.id });

    // The proof ages out: a stamp older than the window no longer counts.
    const session = await systemClient().session.findFirstOrThrow({ where: { memberId: account.id }, select: { id: true } });
    await redis.set(`swarmhost:reauth:${session.id}`, String(Date.now() - (REAUTH_WINDOW_SECONDS + 1) * 1000), 'EX', 60);
    await expectReauthRequired((await visit()).account.totpStart());

    // The proof belongs to one session: another session of the member must prove its own.
    const other = await signIn(account);
    await ageSessions(account.id);
    await (await visit()).account.reauthenticate({ password: PASSWORD });
    await expectReauthRequired((await other()).account.passkeyRegisterStart());
  });

  it('asks for a proof before new recovery codes too, and accepts a current TOTP code or one of the member’s passkeys', async () => {
    const account = await newAccount();
    const secret = newTotpSecret();
    await systemClient().member.update({ where: { id: account.id }, data: { totpSecret: secret } });
    const visit = browser();
    const login = await (await visit()).auth.login({ identifier: account.username, password: PASSWORD });
    expect(login.next).toBe('totp');
    if (login.next !== 'totp') return;
    await (await visit()).auth.secondFactor({ pendingToken: login.pendingToken, code: await currentTotpCode(secret) });
    const passkey = passkeyFor(host());
    await addPasskey(await visit(), passkey, 'Phone');

    await ageSessions(account.id);
    await expectReauthRequired((await visit()).account.totpStart());
    await expectReauthRequired((await visit()).account.regenerateRecoveryCodes());
    await (await visit()).account.reauthenticate({ code: await currentTotpCode(secret, new Date(Date.now() + 30_000)) });
    await (await visit()).account.totpStart();
    expect((await (await visit()).account.regenerateRecoveryCodes()).recoveryCodes).toHaveLength(10);

    await ageSessions(account.id);
    await redis.del(`swarmhost:reauth:${(await systemClient().session.findFirstOrThrow({ where: { memberId: account.id }, select: { id: true } })).id}`);
    await expectReauthRequired((await visit()).account.totpStart());
    const start = await (await visit()).account.reauthPasskeyStart();
    await (await visit()).account.reauthPasskeyFinish({ ceremonyId: start.ceremonyId, response: passkey.assert(start.options.challenge) });
    await (await visit()).account.totpStart();
  });

  it('counts wrong passwords: a parallel burst gets at most the limit of answers, then even the right password waits', async () => {
    const account = await newAccount();
    const visit = await signIn(account);
    await ageSessions(account.id);
    const api = await visit();
    const burst = await Promise.all(Array.from({ length: 12 }, () => refusal(api.account.reauthenticate({ password: 'guess' }))));
    expect(codes(burst)).toEqual([...Array<string>(LIMIT).fill('BAD_REQUEST'), ...Array<string>(12 - LIMIT).fill('TOO_MANY_REQUESTS')]);
    const right = await refusal(api.account.reauthenticate({ password: PASSWORD }));
    expect(right.code).toBe('TOO_MANY_REQUESTS');
    expect(right.message).toMatch(/too many wrong passwords or codes; wait \d+ minute/);
    await expectReauthRequired(api.account.totpStart());
  });

  it('counts wrong current passwords on a password change', async () => {
    const account = await newAccount();
    const api = await (await signIn(account))();
    const burst = await Promise.all(Array.from({ length: 9 }, () => refusal(api.account.changePassword({ currentPassword: 'guess', newPassword: 'a brand new password' }))));
    expect(codes(burst).filter((code) => code === 'BAD_REQUEST')).toHaveLength(LIMIT);
    expect(codes(burst).filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(9 - LIMIT);
  });

  it('limits guessing the code that turns TOTP off', async () => {
    const account = await newAccount();
    const secret = newTotpSecret();
    const api = await (await signIn(account))();
    await systemClient().member.update({ where: { id: account.id }, data: { totpSecret: secret } });
    clearSessionCache();
    // Codes of another secret: wrong for this member.
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, index) => currentTotpCode(newTotpSecret(), new Date(Date.now() + index * 1000))));
    const burst = await Promise.all(guesses.map((code) => refusal(api.account.totpDisable({ code }))));
    expect(codes(burst)).toEqual([...Array<string>(LIMIT).fill('BAD_REQUEST'), ...Array<string>(12 - LIMIT).fill('TOO_MANY_REQUESTS')]);
    expect((await refusal(api.account.totpDisable({ code: await currentTotpCode(secret) }))).code).toBe('TOO_MANY_REQUESTS');
    expect((await systemClient().member.findUniqueOrThrow({ where: { id: account.id }, select: { totpSecret: true } })).totpSecret).toBe(secret);
  });

  it('mails the member on every change to how they sign in', async () => {
    const account = await newAccount();
    const visit = await signIn(account);
    const first = await (await visit()).account.totpStart();
    await (await visit()).account.totpConfirm({ code: await currentTotpCode(first.secret) });
    const second = await (await visit()).account.totpStart();
    await (await visit()).account.totpConfirm({ code: await currentTotpCode(second.secret) });
    await (await visit()).account.regenerateRecoveryCodes();
    const added = await addPasskey(await visit(), passkeyFor(host()), 'Desk key');
    await (await visit()).account.deletePasskey({ passkeyId: added.id });
    await (await visit()).account.totpDisable({ code: await currentTotpCode(second.secret, new Date(Date.now() + 30_000)) });
    await (await visit()).account.changePassword({ currentPassword: PASSWORD, newPassword: 'another long password' });

    expect((await mailSubjectsTo(account.email)).reverse()).toEqual([
      'Two-factor authentication turned on',
      'Two-factor authentication replaced',
      'New recovery codes',
      'A passkey was added',
      'A passkey was removed',
      'Two-factor authentication turned off',
      'Your password was changed',
    ]);
  });

  it('changes the e-mail address only after a proof; the old address is told and the new one must be confirmed', async () => {
    const account = await newAccount();
    const visit = await signIn(account);
    await ageSessions(account.id);
    const newEmail = `moved-${randomBytes(3).toString('hex')}@step-up.test`;
    await expectReauthRequired((await visit()).account.changeEmail({ email: newEmail }));
    expect((await systemClient().member.findUniqueOrThrow({ where: { id: account.id }, select: { email: true } })).email).toBe(account.email);

    await (await visit()).account.reauthenticate({ password: PASSWORD });
    expect((await refusal((await visit()).account.changeEmail({ email: account.email }))).message).toMatch(/already your address/);
    expect(await (await visit()).account.changeEmail({ email: newEmail })).toEqual({ email: newEmail });
    expect(await systemClient().member.findUniqueOrThrow({ where: { id: account.id }, select: { email: true, emailVerifiedAt: true } })).toEqual({ email: newEmail, emailVerifiedAt: null });
    expect(await mailSubjectsTo(account.email)).toContain('Your e-mail address was changed');
    const outbox = await readOutbox(redis, 200);
    expect(outbox.find((mail) => mail.to === newEmail)?.text).toMatch(/verify-email\?token=/);
  });

  it('removes passkeys on a password reset, so one added before it no longer logs in', async () => {
    const account = await newAccount();
    const passkey = passkeyFor(host());
    await addPasskey(await (await signIn(account))(), passkey, 'Unknown device');
    expect(await passkeyLogin(passkey)).toMatchObject({ id: account.id });

    const anonymous = browser();
    await (await anonymous()).auth.requestPasswordReset({ email: account.email });
    const resetMail = (await readOutbox(redis, 200)).find((mail) => mail.to === account.email && /reset-password\?token=/.test(mail.text));
    const token = /reset-password\?token=([\w-]+)/.exec(resetMail?.text ?? '')?.[1] ?? '';
    expect(await (await anonymous()).auth.resetPassword({ token, newPassword: 'a reset password' })).toEqual({ passkeysRemoved: 1 });

    const refused = await refusal(passkeyLogin(passkey));
    expect(refused.code).toBe('UNAUTHORIZED');
    expect(refused.message).toMatch(/not registered/);
    const notice = (await readOutbox(redis, 200)).find((mail) => mail.to === account.email && /Your password was reset/.test(mail.subject));
    expect(notice?.text).toMatch(/Your 1 passkey\(s\) were removed/);
  });
});
