// "Start a community" with a passkey instead of password + TOTP: the console account is
// made with the passkey (real signatures from a software authenticator), the passkey is
// its second factor, it logs the owner in to the console again later; and an owner who
// already has a community starts a second one from /start without a new account.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import { apiServices, callerFor, cookieJar, errorOf } from './support/api-harness';
import { CONSOLE_HOST, ownerWithCommunity, randomIp, tokenFromMail } from './support/owners';
import { softwarePasskey } from './support/software-passkey';

const services = apiServices({ perAccount: 50, perIp: 1000, windowSeconds: 60 });

function consoleBrowser() {
  const cookies = cookieJar();
  const ip = randomIp();
  return () => callerFor({ services, cookies, host: CONSOLE_HOST, ip });
}

async function signUpWithPasskey(onConsole: ReturnType<typeof consoleBrowser>, passkey = softwarePasskey(CONSOLE_HOST)) {
  const username = `pk${randomBytes(3).toString('hex')}`;
  const email = `${username}@owners.test`;
  const start = await (await onConsole()).signup.createAccountPasskeyStart({ username, email });
  await (await onConsole()).signup.createAccountPasskeyFinish({ ceremonyId: start.ceremonyId, response: passkey.register(start.options.challenge) });
  return { username, email, passkey };
}

describe('owner sign-up with a passkey', () => {
  it('makes the account with the passkey as its second factor and starts a community with it', async () => {
    const onConsole = consoleBrowser();
    const { username, email } = await signUpWithPasskey(onConsole);
    expect(await (await onConsole()).operator.me()).toMatchObject({ username, email, role: 'owner', emailVerified: false, totpEnabled: false, passkeyEnabled: true });
    const stored = await systemClient().operator.findUniqueOrThrow({ where: { username }, select: { totpSecret: true, passkeys: { select: { name: true } } } });
    expect(stored).toEqual({ totpSecret: null, passkeys: [{ name: 'Passkey' }] });

    const slug = `p${randomBytes(4).toString('hex')}`;
    // The passkey counts as the second factor; the e-mail link is still required.
    expect((await errorOf((await onConsole()).signup.startCommunity({ name: 'Passkey films', slug }))).message).toBe(
      `confirm your e-mail address first: open the link we sent to ${email}`,
    );
    await (await onConsole()).signup.verifyEmail({ token: await tokenFromMail(email, '/start/verify') });
    const started = await (await onConsole()).signup.startCommunity({ name: 'Passkey films', slug });
    expect(started.loginUrl).toMatch(new RegExp(`^http://${slug}\\.localhost:3000/welcome#token=`));
    const tenant = await systemClient().tenant.findUniqueOrThrow({ where: { slug }, include: { owners: true, members: true } });
    expect(tenant.owners).toMatchObject([{ role: 'owner' }]);
    expect(tenant.members).toMatchObject([{ username, email, role: 'admin', totpSecret: null }]);
  });

  it('refuses a taken name or address before the browser is asked, and a spent or foreign ceremony', async () => {
    const first = consoleBrowser();
    const { username, email } = await signUpWithPasskey(first);
    const other = consoleBrowser();
    expect((await errorOf((await other()).signup.createAccountPasskeyStart({ username, email: `x${email}` }))).message).toBe(`the username "${username}" is taken; choose another`);
    expect((await errorOf((await other()).signup.createAccountPasskeyStart({ username: `${username}x`, email }))).message).toBe(
      `${email} already has an account; log in on the console instead`,
    );
    expect((await errorOf((await other()).signup.createAccountPasskeyStart({ username: 'a b', email: 'someone@owners.test' }))).code).toBe('BAD_REQUEST');

    const passkey = softwarePasskey(CONSOLE_HOST);
    const start = await (await other()).signup.createAccountPasskeyStart({ username: `pk${randomBytes(3).toString('hex')}`, email: `${randomBytes(3).toString('hex')}@owners.test` });
    const response = passkey.register(start.options.challenge);
    await (await other()).signup.createAccountPasskeyFinish({ ceremonyId: start.ceremonyId, response });
    expect((await errorOf((await consoleBrowser()()).signup.createAccountPasskeyFinish({ ceremonyId: start.ceremonyId, response }))).message).toBe(
      'the passkey prompt expired; start again',
    );

    // A passkey made for a community's host is not one for the console.
    const foreign = softwarePasskey('films.localhost:3000');
    const again = await (await other()).signup.createAccountPasskeyStart({ username: `pk${randomBytes(3).toString('hex')}`, email: `${randomBytes(3).toString('hex')}@owners.test` });
    const refused = await errorOf((await other()).signup.createAccountPasskeyFinish({ ceremonyId: again.ceremonyId, response: foreign.register(again.options.challenge) }));
    expect(refused.code).toBe('BAD_REQUEST');
  });

  it('logs the owner in to the console with the passkey alone; an unknown passkey or a password does not', async () => {
    const onConsole = consoleBrowser();
    const { username, passkey } = await signUpWithPasskey(onConsole);
    await (await onConsole()).operator.logout();
    expect(await (await onConsole()).operator.me()).toBeNull();

    const later = consoleBrowser();
    const start = await (await later()).operator.passkeyLoginStart();
    expect(await (await later()).operator.passkeyLoginFinish({ ceremonyId: start.ceremonyId, response: passkey.assert(start.options.challenge) })).toEqual({ next: 'done' });
    expect(await (await later()).operator.me()).toMatchObject({ username, passkeyEnabled: true });
    // Owner procedures answer (the passkey is the second factor): the list of its communities.
    expect(await (await later()).operator.tenants()).toEqual([]);

    const stranger = consoleBrowser();
    const strangerStart = await (await stranger()).operator.passkeyLoginStart();
    const unknown = await errorOf((await stranger()).operator.passkeyLoginFinish({ ceremonyId: strangerStart.ceremonyId, response: softwarePasskey(CONSOLE_HOST).assert(strangerStart.options.challenge) }));
    expect(unknown.code).toBe('UNAUTHORIZED');
    expect(await (await stranger()).operator.me()).toBeNull();
    // The account has no password anyone knows.
    expect((await errorOf((await stranger()).operator.login({ identifier: username, password: '' + 'owner password 1' }))).code).toBe('UNAUTHORIZED');
  });
});

describe('a second community', () => {
  it('is started from /start by an owner already signed in, with no new account, and the owner owns both', async () => {
    const { owner, slug: first } = await ownerWithCommunity(services);
    const second = `c${randomBytes(4).toString('hex')}`;
    const started = await (await owner.console()).signup.startCommunity({ name: `Second ${second}`, slug: second });
    expect(started.loginUrl).toMatch(new RegExp(`^http://${second}\\.localhost:3000/welcome#token=`));
    expect((await (await owner.console()).operator.tenants()).map((tenant) => tenant.slug).sort()).toEqual([first, second].sort());
    const operator = await systemClient().operator.findUniqueOrThrow({ where: { username: owner.username }, select: { id: true, ownedTenants: { select: { role: true, tenant: { select: { slug: true } } } } } });
    expect(operator.ownedTenants.map((row) => `${row.tenant.slug}:${row.role}`).sort()).toEqual([`${first}:owner`, `${second}:owner`].sort());
    expect(await systemClient().operator.count({ where: { email: owner.email } })).toBe(1);
    // Each community has the owner as its own admin member, with the same sign-in factors.
    const admins = await systemClient().member.findMany({ where: { username: owner.username, tenant: { slug: { in: [first, second] } } }, select: { role: true, totpSecret: true } });
    expect(admins).toEqual([
      { role: 'admin', totpSecret: owner.totpSecret },
      { role: 'admin', totpSecret: owner.totpSecret },
    ]);
  });
});
