// E-mail verification gates downloads and uploads (browsing stays open): a member who
// registered on the site must follow the mailed link first, may ask for a fresh one,
// and members the operator created (CLI, seed) count as confirmed.
import { randomBytes } from 'node:crypto';
import type { ApiServices } from '@swarmhost/api';
import { systemClient } from '@swarmhost/db/system';
import { downloadTorrent, readOutbox } from '@swarmhost/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, errorOf, newTenant, siteServices, signedInMember, torrentBase64 } from './support/site';

let services: ApiServices;
beforeAll(() => {
  services = siteServices();
});
afterAll(() => services.redis.disconnect());

/** The newest verification link mailed to `email` (the outbox is shared: filter by address). */
async function verificationToken(email: string): Promise<string | undefined> {
  const mails = await readOutbox(services.redis, 200);
  const mail = mails.find((entry) => entry.to === email && entry.subject.includes('Confirm'));
  return mail?.text.match(/verify-email\?token=([\w-]+)/)?.[1];
}

describe('e-mail verification', () => {
  it('lets an unconfirmed member browse but not upload or download until they confirm', async () => {
    const tenant = await newTenant({ registrationMode: 'open' });
    const uploader = await signedInMember(services, tenant);
    const shared = await uploader.api.torrents.upload({ fileBase64: torrentBase64() });

    const username = `v${randomBytes(4).toString('hex')}`;
    const email = `${username}@web.test`;
    const visit = browser(services);
    await (await visit(tenant.host)).auth.register({ username, email, password: 'verification test password' });
    const member = await visit(tenant.host);
    const me = await member.account.me();
    expect(me?.emailVerified).toBe(false);

    // Browsing works.
    expect((await member.torrents.get({ id: shared.id })).id).toBe(shared.id);
    // Uploading does not, with a message that says what to do.
    const refused = await errorOf(member.torrents.upload({ fileBase64: torrentBase64() }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/confirm your e-mail address before you upload torrents.*Resend verification mail/);
    // Neither does downloading (the download route calls this use case with the session member).
    const session = { id: me!.id, role: me!.role, passkey: me!.passkey };
    await expect(downloadTorrent({ tenantId: tenant.id, torrentId: shared.id, member: session, trackerBaseUrl: services.trackerBaseUrl })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // A fresh link replaces a lost one; following it opens uploads and downloads.
    const first = await verificationToken(email);
    expect(first).toBeDefined();
    await member.auth.resendVerification();
    const second = await verificationToken(email);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    await member.auth.verifyEmail({ token: second! });
    const row = await systemClient().member.findUnique({ where: { id: session.id }, select: { emailVerifiedAt: true } });
    expect(row?.emailVerifiedAt).toBeInstanceOf(Date);
    // At once, even where the site still holds the session it resolved before.
    expect((await member.torrents.upload({ fileBase64: torrentBase64() })).status).toBe('approved');
    const file = await downloadTorrent({ tenantId: tenant.id, torrentId: shared.id, member: session, trackerBaseUrl: services.trackerBaseUrl });
    expect(file.bytes.byteLength).toBeGreaterThan(0);
  });

  it('counts members created by the operator (CLI) as confirmed', async () => {
    const tenant = await newTenant();
    const member = await signedInMember(services, tenant);
    const row = await systemClient().member.findUnique({ where: { id: member.id }, select: { emailVerifiedAt: true } });
    expect(row?.emailVerifiedAt).toBeInstanceOf(Date);
    expect((await member.api.account.me())?.emailVerified).toBe(true);
    expect((await member.api.torrents.upload({ fileBase64: torrentBase64() })).status).toBe('approved');
  });
});
