// Plans against real PostgreSQL: registrations racing at the member limit never pass it,
// the refusal says the community is full and stores nothing, the owner is mailed once
// per crossing of 80 % and 100 %, and plans are validated.
import { randomBytes } from 'node:crypto';
import { encode } from '@swarmhost/bittorrent/bencode';
import { systemClient } from '@swarmhost/db/system';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, registerMember, uploadTorrent } from '../src/index';
import { createPlan, setTenantPlan, updatePlan } from '../src/plans/plans';
import { readTenantUsage } from '../src/plans/tenant-usage';
import { noteTenantUsage } from '../src/plans/usage-notices';
import { makeTorrent, memoryMail, newTenant, redis, TRACKER } from './helpers';

afterAll(() => redis.quit());

const SITE = 'http://x.localhost:3000';

function planFields(overrides: Record<string, unknown> = {}) {
  return {
    name: `Plan ${randomBytes(4).toString('hex')}`,
    maxMembers: 5,
    maxTorrents: 5,
    announcesPerSecond: 50,
    maxTorrentFileBytes: 1024 * 1024,
    maxContentBytes: null,
    priceLabel: 'Free',
    active: true,
    ...overrides,
  };
}

async function tenantOnPlan(fields: Record<string, unknown>) {
  const tenant = await newTenant({ registrationMode: 'open' });
  const plan = await createPlan({ db: systemClient(), fields: planFields(fields) });
  await setTenantPlan({ db: systemClient(), tenantId: tenant.id, planId: plan.id });
  return { tenant, plan };
}

function register(tenant: { id: string; name: string; settings: unknown }, mail = memoryMail()) {
  const username = `r${randomBytes(4).toString('hex')}`;
  return registerMember({ redis, mail, tenant, siteUrl: SITE, username, email: `${username}@example.org`, password: 'long enough password' });
}

describe('member limit', () => {
  it('lets exactly the limit in when 12 registrations race for 4 places, and tells the rest the community is full', async () => {
    const { tenant } = await tenantOnPlan({ maxMembers: 4 });
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => register(tenant)));
    const accepted = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(accepted).toHaveLength(4);
    expect(refused).toHaveLength(8);
    for (const { reason } of refused) {
      expect(reason).toBeInstanceOf(AppError);
      expect((reason as AppError).code).toBe('FORBIDDEN');
      expect((reason as AppError).message).toMatch(/is full: it has reached its limit of 4 members.*Nothing was saved/);
    }
    expect(await systemClient().member.count({ where: { tenantId: tenant.id } })).toBe(4);
  });

  it('takes new members again when the plan is raised, at once', async () => {
    const { tenant, plan } = await tenantOnPlan({ maxMembers: 1 });
    await register(tenant);
    await expect(register(tenant)).rejects.toThrow(/is full/);
    await updatePlan({ db: systemClient(), planId: plan.id, fields: { ...planFields({ maxMembers: 2 }), name: plan.name } });
    await register(tenant);
    expect((await readTenantUsage({ db: systemClient(), tenantId: tenant.id })).members).toMatchObject({ used: 2, limit: 2, percent: 100, level: 'full' });
  });
});

describe('torrent limits', () => {
  it('stores exactly the limit when 6 uploads race for 2 places; refuses the rest with the reason, storing nothing', async () => {
    const { tenant } = await tenantOnPlan({ maxTorrents: 2 });
    const { memberId } = await register(tenant);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => uploadTorrent({ tenant: { ...tenant, slug: tenant.slug }, uploaderId: memberId, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    for (const result of results.filter((each): each is PromiseRejectedResult => each.status === 'rejected')) {
      expect(result.reason).toMatchObject({ code: 'FORBIDDEN' });
      expect((result.reason as Error).message).toMatch(/has reached its limit of 2 torrents, so uploads are closed right now. Your .torrent was not stored/);
    }
    expect(await systemClient().torrent.count({ where: { tenantId: tenant.id } })).toBe(2);
  });

  it("refuses a .torrent file or content larger than the plan's, saying the sizes", async () => {
    const { tenant } = await tenantOnPlan({ maxTorrentFileBytes: 1024, maxContentBytes: 30_000 });
    const { memberId } = await register(tenant);
    // 2 MiB of content in 128 pieces: a .torrent of about 2.6 KiB.
    const pieces = Buffer.alloc(128 * 20, 7);
    const large = new Uint8Array(encode({ announce: 'http://example.invalid/announce', info: { length: 2 * 1024 * 1024, name: 'large.bin', 'piece length': 16_384, pieces } }));
    await expect(uploadTorrent({ tenant, uploaderId: memberId, torrentFile: large, trackerBaseUrl: TRACKER })).rejects.toThrow(
      /the .torrent file is 2.\d KiB; this community's plan accepts .torrent files up to 1.0 KiB. Nothing was stored/,
    );
    const { tenant: roomy } = await tenantOnPlan({ maxContentBytes: 30_000 });
    const uploader = await register(roomy);
    await expect(uploadTorrent({ tenant: roomy, uploaderId: uploader.memberId, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER })).rejects.toThrow(
      /this torrent's content is 39 KiB; this community's plan accepts torrents of up to 29 KiB/,
    );
    expect(await systemClient().torrent.count({ where: { tenantId: { in: [tenant.id, roomy.id] } } })).toBe(0);
  });
});

describe('usage notices', () => {
  it('mails the admins once at 80 % and once at 100 %, and again after usage fell back and crossed again', async () => {
    const { tenant } = await tenantOnPlan({ maxMembers: 5 });
    const admin = `a${randomBytes(4).toString('hex')}`;
    await systemClient().member.create({ data: { tenantId: tenant.id, username: admin, email: `${admin}@example.org`, passwordHash: 'x', passkey: randomBytes(16).toString('hex'), rssKey: randomBytes(16).toString('hex'), role: 'admin' } });
    const mail = memoryMail();
    // Registration notes usage in the background; noting again here makes the test wait
    // for it (a crossing is recorded once, whichever call gets there first).
    const notices = async () => {
      await noteTenantUsage({ tenantId: tenant.id, tenantName: tenant.name, mail });
      await new Promise((resolve) => setTimeout(resolve, 300));
      return mail.sent.filter((sent) => sent.subject.includes('% of the plan')).map((sent) => sent.subject.replace(`${tenant.name}: `, ''));
    };
    await register(tenant, mail);
    await register(tenant, mail);
    expect(await notices()).toEqual([]); // 3 of 5
    const fourth = await register(tenant, mail);
    expect(await notices()).toEqual(['members at 80 % of the plan']);
    expect(await notices()).toEqual(['members at 80 % of the plan']); // told once
    const first = mail.sent.find((sent) => sent.subject.includes('% of the plan'))!;
    expect(first.to).toBe(`${admin}@example.org`);
    expect(first.text).toContain('4 members of the 5 its plan allows (80 %)');
    await register(tenant, mail);
    expect(await notices()).toEqual(['members at 80 % of the plan', 'members at 100 % of the plan']);
    // Members leave (1 of 5), then three join (4 of 5): 80 % is crossed anew.
    await systemClient().member.deleteMany({ where: { tenantId: tenant.id, OR: [{ id: fourth.memberId }, { role: 'member' }] } });
    expect(await notices()).toHaveLength(2);
    for (let index = 0; index < 3; index += 1) await register(tenant, mail);
    expect(await notices()).toEqual(['members at 80 % of the plan', 'members at 100 % of the plan', 'members at 80 % of the plan']);
  });
});

describe('plans', () => {
  it('refuses bad fields by name, a duplicate name, and retiring the default plan', async () => {
    await expect(createPlan({ db: systemClient(), fields: planFields({ maxMembers: 0, announcesPerSecond: 1.5 }) })).rejects.toThrow(
      /max members: must be at least 1; announces per second: use a whole number/,
    );
    const plan = await createPlan({ db: systemClient(), fields: planFields() });
    await expect(createPlan({ db: systemClient(), fields: planFields({ name: plan.name.toUpperCase() }) })).rejects.toThrow(/exists already/);
    const standard = await systemClient().plan.findFirstOrThrow({ where: { isDefault: true } });
    await expect(updatePlan({ db: systemClient(), planId: standard.id, fields: { ...planFields(), name: standard.name, active: false } })).rejects.toThrow(/default plan cannot be retired/);
  });
});
