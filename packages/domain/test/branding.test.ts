// Branding and applications against real PostgreSQL: the logo is checked by its bytes,
// the accent colour and page sizes are validated, registration mode changes apply, and
// an application goes from the form through the staff's answer to a member (once).
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { afterAll, describe, expect, it } from 'vitest';
import { listApplications, reviewApplication, submitApplication } from '../src/branding/applications';
import { normaliseAccent, readSiteLook, readSitePages, readTenantLogo, setTenantLogo, updateSite } from '../src/branding/site-look';
import { createPlan, setTenantPlan } from '../src/plans/plans';
import { memoryMail, newTenant, redis } from './helpers';

afterAll(() => redis.quit());

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function adminOf(tenant: { id: string }) {
  const name = `a${randomBytes(4).toString('hex')}`;
  return systemClient().member.create({ data: { tenantId: tenant.id, username: name, email: `${name}@example.org`, passwordHash: 'x', passkey: randomBytes(16).toString('hex'), rssKey: randomBytes(16).toString('hex'), role: 'admin' } });
}

describe('site look', () => {
  it('stores a logo checked by content, refuses other bytes and oversize files, and validates the accent', async () => {
    const tenant = await newTenant();
    const admin = await adminOf(tenant);
    await expect(setTenantLogo({ tenantId: tenant.id, actorMemberId: admin.id, bytes: new TextEncoder().encode('<svg onload=alert(1)>') })).rejects.toThrow(/must be a PNG, JPEG or WebP image/);
    await expect(setTenantLogo({ tenantId: tenant.id, actorMemberId: admin.id, bytes: new Uint8Array(600 * 1024).fill(0x89) })).rejects.toThrow(/at most 512 KiB/);
    expect(await readSiteLook(tenant.id)).toEqual({ accentColor: null, logoVersion: null });
    await setTenantLogo({ tenantId: tenant.id, actorMemberId: admin.id, bytes: PNG });
    expect((await readTenantLogo(tenant.id)).type).toBe('image/png');
    expect(normaliseAccent('#ABC')).toBe('#aabbcc');
    expect(() => normaliseAccent('red; background:url(x)')).toThrow(/is not a colour/);
    const saved = await updateSite({ tenantId: tenant.id, actorMemberId: admin.id, accentColor: '#0F766E', rulesMarkdown: '# Rules\n\nBe kind.', faqMarkdown: '', registrationMode: 'application' });
    expect(saved).toMatchObject({ accentColor: '#0f766e', registrationMode: 'application' });
    expect(saved.logoVersion).not.toBeNull();
    expect(await readSitePages(tenant.id)).toEqual({ rulesMarkdown: '# Rules\n\nBe kind.', faqMarkdown: '' });
    const stored = await systemClient().tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { settings: true } });
    expect((stored.settings as { registrationMode: string }).registrationMode).toBe('application');
  });
});

describe('applications', () => {
  it('goes from the form to the queue to a member who can log in, answered once, and mails the applicant', async () => {
    const tenant = await newTenant({ registrationMode: 'application' });
    const staff = await adminOf(tenant);
    const mail = memoryMail();
    const username = `p${randomBytes(4).toString('hex')}`;
    const apply = (overrides: Record<string, string> = {}) =>
      submitApplication({ mail, tenant, username, email: `${username}@example.org`, password: 'a long password', message: 'I seed old jazz.', ...overrides });
    await expect(apply({ message: '  ' })).rejects.toThrow(/message is empty/);
    const { applicationId } = await apply();
    await expect(apply()).rejects.toThrow(/waiting for an answer/);
    expect((await listApplications({ tenantId: tenant.id, status: 'pending' })).map((row) => row.username)).toEqual([username]);
    const review = (decision: 'accept' | 'reject') =>
      reviewApplication({ redis, mail, tenant, siteUrl: 'http://x.localhost', reviewerId: staff.id, applicationId, decision });
    const answers = await Promise.allSettled([review('accept'), review('reject')]);
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1);
    const status = (answers.find((answer) => answer.status === 'fulfilled') as PromiseFulfilledResult<{ status: string }>).value.status;
    const members = await systemClient().member.count({ where: { tenantId: tenant.id, username } });
    expect(members).toBe(status === 'accepted' ? 1 : 0);
    expect(mail.sent.map((sent) => sent.subject)).toContain(`${tenant.name}: your application was ${status}`);
    expect(await listApplications({ tenantId: tenant.id, status: 'pending' })).toEqual([]);
  });

  it('refuses applications and acceptances when the community is full', async () => {
    const tenant = await newTenant({ registrationMode: 'application' });
    const plan = await createPlan({ db: systemClient(), fields: { name: `Tiny ${randomBytes(3).toString('hex')}`, maxMembers: 2, maxTorrents: 1, announcesPerSecond: 1, maxTorrentFileBytes: 1024 * 1024, maxContentBytes: null, priceLabel: '', active: true } });
    await setTenantPlan({ db: systemClient(), tenantId: tenant.id, planId: plan.id });
    const staff = await adminOf(tenant);
    const mail = memoryMail();
    const first = await submitApplication({ mail, tenant, username: `f${randomBytes(4).toString('hex')}`, email: `f${randomBytes(4).toString('hex')}@example.org`, password: 'a long password', message: 'hi' });
    const second = await submitApplication({ mail, tenant, username: `s${randomBytes(4).toString('hex')}`, email: `s${randomBytes(4).toString('hex')}@example.org`, password: 'a long password', message: 'hi' });
    await reviewApplication({ redis, mail, tenant, siteUrl: 'http://x', reviewerId: staff.id, applicationId: first.applicationId, decision: 'accept' });
    await expect(reviewApplication({ redis, mail, tenant, siteUrl: 'http://x', reviewerId: staff.id, applicationId: second.applicationId, decision: 'accept' })).rejects.toThrow(/is full/);
    // Nothing half-done: the refused application is still pending.
    expect((await listApplications({ tenantId: tenant.id, status: 'pending' })).map((row) => row.id)).toEqual([second.applicationId]);
    await expect(submitApplication({ mail, tenant, username: `t${randomBytes(4).toString('hex')}`, email: `t${randomBytes(4).toString('hex')}@example.org`, password: 'a long password', message: 'hi' })).rejects.toThrow(/is full/);
  });
});
