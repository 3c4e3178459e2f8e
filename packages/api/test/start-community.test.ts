// "Start a community" through the API: the live slug check, the steps an owner cannot
// skip (confirmed e-mail, second factor), the community with its owner as admin member,
// and the one-time login link that works once, only on its own tenant's host.
import { randomBytes } from 'node:crypto';
import { currentTotpCode } from '@swarmhost/auth/totp';
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import { apiServices, callerFor, cookieJar, errorOf } from './support/api-harness';
import { CONSOLE_HOST, OWNER_PASSWORD, ownerWithCommunity, randomIp, tokenFromMail } from './support/owners';

const services = apiServices({ perAccount: 50, perIp: 1000, windowSeconds: 60 });
const tokenOf = (loginUrl: string) => new URL(loginUrl).hash.replace('#token=', '');

describe('start a community', () => {
  it('checks slugs live with the reason in words', async () => {
    const api = await callerFor({ services, cookies: cookieJar(), host: CONSOLE_HOST, ip: '127.0.0.41' });
    expect(await api.signup.slugAvailable({ slug: 'www' })).toEqual({ slug: 'www', available: false, reason: 'slug "www" is reserved by the platform; choose another' });
    for (const reserved of ['console', 'api', 'admin', 'start']) expect((await api.signup.slugAvailable({ slug: reserved })).available).toBe(false);
    const invalid = await api.signup.slugAvailable({ slug: '-films_' });
    expect(invalid).toMatchObject({ available: false, reason: expect.stringMatching(/lowercase letters, digits and hyphens/) });
    expect(await api.signup.slugAvailable({ slug: ' Films-HD ' })).toMatchObject({ slug: 'films-hd' });
    const { slug } = await ownerWithCommunity(services);
    expect(await api.signup.slugAvailable({ slug })).toEqual({ slug, available: false, reason: `"${slug}" is taken by another community; try another` });
    const fresh = `f${randomBytes(4).toString('hex')}`;
    expect(await api.signup.slugAvailable({ slug: fresh })).toEqual({ slug: fresh, available: true });
  });

  it('waits for the e-mail link and a second factor, then creates the community with its owner as admin', async () => {
    const username = `owner${randomBytes(3).toString('hex')}`;
    const email = `${username}@owners.test`;
    const cookies = cookieJar();
    const onConsole = () => callerFor({ services, cookies, host: CONSOLE_HOST, ip: randomIp() });
    expect((await errorOf((await onConsole()).signup.createAccount({ username, email, password: 'short' }))).message).toMatch(/password must be at least/);
    await (await onConsole()).signup.createAccount({ username, email, password: OWNER_PASSWORD });
    expect((await errorOf((await onConsole()).signup.createAccount({ username: `${username}x`, email, password: OWNER_PASSWORD }))).message).toBe(
      `${email} already has an account; log in on the console instead`,
    );
    expect(await (await onConsole()).operator.me()).toMatchObject({ username, role: 'owner', emailVerified: false, totpEnabled: false });

    const slug = `s${randomBytes(4).toString('hex')}`;
    // No second factor yet: the console refuses (as for every operator action).
    expect((await errorOf((await onConsole()).signup.startCommunity({ name: 'Early', slug }))).code).toBe('FORBIDDEN');
    const { secret } = await (await onConsole()).operator.totpStart();
    await (await onConsole()).operator.totpConfirm({ code: await currentTotpCode(secret) });
    const unverified = await errorOf((await onConsole()).signup.startCommunity({ name: 'Early', slug }));
    expect(unverified.message).toBe(`confirm your e-mail address first: open the link we sent to ${email}`);

    const verifyToken = await tokenFromMail(email, '/start/verify');
    await (await onConsole()).signup.verifyEmail({ token: verifyToken });
    expect((await errorOf((await onConsole()).signup.verifyEmail({ token: verifyToken }))).message).toMatch(/invalid, used or expired/);

    expect((await errorOf((await onConsole()).signup.startCommunity({ name: 'Reserved', slug: 'www' }))).message).toBe('slug "www" is reserved by the platform; choose another');
    // The plan comes from the ones offered: a retired plan is refused and nothing is created.
    const plan = (name: string, active: boolean) =>
      systemClient().plan.create({ data: { name, active, maxMembers: 50, maxTorrents: 500, announcesPerSecond: 20, maxTorrentFileBytes: 1 << 20 }, select: { id: true } });
    const retired = await plan(`retired-${slug}`, false);
    const small = await plan(`small-${slug}`, true);
    const refused = await errorOf((await onConsole()).signup.startCommunity({ name: 'Owner films', slug, planId: retired.id }));
    expect(refused.message).toBe('that plan is not offered any more; choose one of the plans listed');
    expect(await systemClient().tenant.count({ where: { slug } })).toBe(0);
    expect((await (await onConsole()).plans.offered()).map((offered) => offered.id)).toContain(small.id);
    const started = await (await onConsole()).signup.startCommunity({ name: 'Owner films', slug, planId: small.id });
    expect(started).toMatchObject({ slug, url: `http://${slug}.localhost:3000` });
    expect(started.loginUrl).toMatch(new RegExp(`^http://${slug}\\.localhost:3000/welcome#token=`));

    const tenant = await systemClient().tenant.findUniqueOrThrow({
      where: { slug },
      include: { owners: true, members: true, categories: true, chatRooms: true, groups: true },
    });
    expect(tenant.planId).toBe(small.id);
    expect(tenant.owners).toMatchObject([{ role: 'owner' }]);
    expect(tenant.members).toMatchObject([{ username, email, role: 'admin', totpSecret: secret }]);
    expect(tenant.members[0]?.emailVerifiedAt).not.toBeNull();
    expect(tenant.categories).toHaveLength(6);
    expect(tenant.chatRooms.map((room) => room.slug).sort()).toEqual(['general', 'staff']);
    expect(tenant.groups.map((group) => group.name).sort()).toEqual(['Members', 'Staff']);
    expect(await (await onConsole()).operator.tenants()).toMatchObject([{ slug, members: 1 }]);
  });

  it('signs the owner in on the new host once, with that host\'s own cookie', async () => {
    const { owner, slug, started } = await ownerWithCommunity(services);
    const token = tokenOf(started.loginUrl);

    const browser = cookieJar();
    const onTenant = () => callerFor({ services, cookies: browser, host: `${slug}.localhost:3000`, ip: '127.0.0.43' });
    expect(await (await onTenant()).account.me()).toBeNull();
    await (await onTenant()).signup.redeemLoginLink({ token });
    expect(await (await onTenant()).account.me()).toMatchObject({ username: owner.username, role: 'admin' });
    expect(browser.get('sh_operator')).toBeUndefined();

    const again = await errorOf((await callerFor({ services, cookies: cookieJar(), host: `${slug}.localhost:3000`, ip: '127.0.0.43' })).signup.redeemLoginLink({ token }));
    expect(again.message).toBe('this login link is invalid, used or expired; log in with your password instead');

    // A link for another community, opened on this host, is refused here.
    const forOther = await ownerWithCommunity(services);
    const wrongHost = await errorOf(
      (await callerFor({ services, cookies: cookieJar(), host: `${slug}.localhost:3000`, ip: '127.0.0.43' })).signup.redeemLoginLink({ token: tokenOf(forOther.started.loginUrl) }),
    );
    expect(wrongHost.message).toBe("this login link is for another community; open it on that community's address");
    // The console cookie never reaches the tenant: the owner's console session is the console's alone.
    expect(await (await owner.console()).operator.me()).toMatchObject({ username: owner.username });
  });
});
