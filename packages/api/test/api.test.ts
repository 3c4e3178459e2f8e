import { randomBytes } from 'node:crypto';
import { hashPassword } from '@swarmhost/auth/password';
import { currentTotpCode, newTotpSecret } from '@swarmhost/auth/totp';
import { encode } from '@swarmhost/bittorrent/bencode';
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import { type CookieJar } from '../src/index';
import { apiServices, callerFor, errorOf } from './support/api-harness';


const services = apiServices({ perAccount: 5, perIp: 100, windowSeconds: 60 });

/** A browser: one cookie jar per host, as real browsers keep them. */
function browser() {
  const jars = new Map<string, Map<string, string>>();
  return async (host: string) => {
    const jar = jars.get(host) ?? new Map<string, string>();
    jars.set(host, jar);
    const cookies: CookieJar = { get: (name) => jar.get(name), set: (name, value) => void jar.set(name, value), clear: (name) => void jar.delete(name) };
    return callerFor({ services, cookies, host, ip: '127.0.0.9' });
  };
}

const torrentBase64 = () =>
  encode({ announce: 'http://x.invalid/announce', info: { length: 5, name: `a-${randomBytes(3).toString('hex')}`, 'piece length': 16384, pieces: Buffer.alloc(20, 7) } }).toString('base64');

describe('the API over hosts', () => {
  it('lets an operator create a tenant, a visitor join it, and keeps other tenants out', async () => {
    const username = `op-${randomBytes(3).toString('hex')}`;
    // Operators have a second factor (a password-only operator may only enrol one).
    const totpSecret = newTotpSecret();
    await systemClient().operator.create({ data: { username, email: `${username}@x.org`, passwordHash: await hashPassword('operator pass'), totpSecret } });
    const visit = browser();
    const consoleApi = await visit('localhost:3000');
    expect((await errorOf(consoleApi.operator.tenants())).code).toBe('UNAUTHORIZED');
    const step = await consoleApi.operator.login({ identifier: username, password: 'operator pass' });
    if (step.next !== 'totp') throw new Error('expected the TOTP step');
    expect(await consoleApi.operator.secondFactor({ pendingToken: step.pendingToken, code: await currentTotpCode(totpSecret) })).toEqual({ next: 'done' });

    const slugA = `a${randomBytes(3).toString('hex')}`;
    const slugB = `b${randomBytes(3).toString('hex')}`;
    const operator = await visit('localhost:3000');
    for (const slug of [slugA, slugB]) {
      await operator.operator.createTenant({ slug, name: `Tenant ${slug}`, settings: { registrationMode: 'open' } });
    }
    const listed = await operator.operator.tenants();
    expect(listed.find((tenant) => tenant.slug === slugA)).toMatchObject({ members: 0, torrents: 0, status: 'active' });
    expect((await errorOf(operator.operator.createTenant({ slug: slugA, name: 'Again', settings: {} }))).message).toMatch(/already exists/);

    const aliceBrowser = browser();
    await (await aliceBrowser(`${slugA}.localhost:3000`)).auth.register({ username: 'alice', email: 'alice@x.org', password: 'alice password' });
    // Uploads wait for a confirmed e-mail address (the link in the mail; here, directly).
    await systemClient().member.updateMany({ where: { username: 'alice', tenant: { slug: slugA } }, data: { emailVerifiedAt: new Date() } });
    const alice = await aliceBrowser(`${slugA}.localhost:3000`);
    const uploaded = await alice.torrents.upload({ fileBase64: torrentBase64(), tags: ['test'] });
    const duplicate = await errorOf(alice.torrents.upload({ fileBase64: Buffer.from(await torrentFileOf(uploaded.id)).toString('base64') }));
    expect(duplicate.code).toBe('CONFLICT');

    // Alice's cookie means nothing on another tenant's host.
    const aliceOnB = await aliceBrowser(`${slugB}.localhost:3000`);
    expect((await errorOf(aliceOnB.torrents.list({}))).code).toBe('UNAUTHORIZED');

    const malloryBrowser = browser();
    await (await malloryBrowser(`${slugB}.localhost:3000`)).auth.register({ username: 'mallory', email: 'm@x.org', password: 'mallory password' });
    const mallory = await malloryBrowser(`${slugB}.localhost:3000`);
    expect((await errorOf(mallory.torrents.get({ id: uploaded.id }))).code).toBe('NOT_FOUND');
    expect((await mallory.torrents.list({})).items).toEqual([]);

    await operator.operator.setStatus({ slug: slugB, status: 'suspended', reason: 'unpaid' });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the site cache lives one second
    const suspended = await errorOf((await malloryBrowser(`${slugB}.localhost:3000`)).torrents.list({}));
    expect(suspended.code).toBe('FORBIDDEN');
    expect(suspended.message).toMatch(/suspended: unpaid/);

    expect((await errorOf((await visit('nowhere.localhost:3000')).torrents.list({}))).code).toBe('NOT_FOUND');
  });

  it('names the bad field of an input', async () => {
    const api = await browser()('localhost:3000');
    const error = await errorOf(api.operator.login({ identifier: '', password: 'x' }));
    expect(error.code).toBe('BAD_REQUEST');
  });
});

async function torrentFileOf(torrentId: string): Promise<Uint8Array> {
  const row = await systemClient().torrent.findUnique({ where: { id: torrentId }, select: { torrentFile: true } });
  return row?.torrentFile ?? new Uint8Array();
}
