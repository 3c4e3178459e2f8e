// The hit-and-run router (issue 11) through tRPC: signed-out callers are refused, a member
// reads their own status but not another member's, only staff list and pardon, input
// errors name the field, and a pardon through the API is stored with its reason.
import { systemClient } from '@swarmhost/db/system';
import { newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServices, callerFor, cookieJar, errorOf, newMemberOf, signedInOn } from './support/api-harness';

const services = apiServices();
const PASSWORD = 'hit and run password';
const DAY_MS = 86_400_000;

let tenant: { id: string; slug: string };

beforeAll(async () => {
  tenant = await newTenant('hnr');
  await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings: { hitAndRun: { enabled: true, maxActiveWarnings: 1 } } } });
});

describe('hitAndRun router', () => {
  it('shows a member their status, lets staff list and pardon, refuses the rest', async () => {
    const [plain, other, moderator] = await Promise.all([newMemberOf(tenant, 'member', PASSWORD), newMemberOf(tenant, 'member', PASSWORD), newMemberOf(tenant, 'staff', PASSWORD)]);
    const torrent = await newTorrent(tenant, { uploaderId: other.id });
    const now = Date.now();
    const warning = await systemClient().hitAndRunWarning.create({
      data: {
        tenantId: tenant.id, memberId: plain.id, torrentId: torrent.id, completedAt: new Date(now - 20 * DAY_MS), deadlineAt: new Date(now - 6 * DAY_MS),
        seedSeconds: 0n, requiredSeedSeconds: 72n * 3600n, uploadedBytes: 0n, downloadedBytes: 1000n, minRatio: 1,
        issuedAt: new Date(now - DAY_MS), expiresAt: new Date(now + 13 * DAY_MS),
      },
    });

    const anonymous = await callerFor({ services, cookies: cookieJar(), host: `${tenant.slug}.localhost:3000`, ip: '127.0.0.61' });
    expect((await errorOf(anonymous.hitAndRun.status({ username: plain.username }))).code).toBe('UNAUTHORIZED');

    const memberApi = await signedInOn({ services, tenant, account: plain, password: PASSWORD, ip: '127.0.0.61' });
    const own = await memberApi.hitAndRun.status({ username: plain.username });
    expect(own).toMatchObject({ enabled: true, activeWarnings: 1, downloadsDisabled: true });
    expect(own.warnings[0]).toMatchObject({ torrentName: torrent.name, state: 'active', missing: `seed 72 h more on ${torrent.name} (or reach ratio 1.00 on it; it is 0.00)` });
    expect((await errorOf(memberApi.hitAndRun.status({ username: other.username }))).code).toBe('FORBIDDEN');
    expect((await errorOf(memberApi.hitAndRun.list())).code).toBe('FORBIDDEN');
    expect((await errorOf(memberApi.hitAndRun.pardon({ warningId: warning.id, reason: 'mine' }))).code).toBe('FORBIDDEN');

    const staffApi = await signedInOn({ services, tenant, account: moderator, password: PASSWORD, ip: '127.0.0.62' });
    const listed = await staffApi.hitAndRun.list({ filter: 'active' });
    expect(listed).toMatchObject({ total: 1, items: [{ id: warning.id, member: { username: plain.username }, state: 'active' }] });
    const badId = await errorOf(staffApi.hitAndRun.pardon({ warningId: 'nope', reason: 'because' }));
    expect(badId.code).toBe('BAD_REQUEST');
    expect(badId.message).toMatch(/warningId/);
    const noReason = await errorOf(staffApi.hitAndRun.pardon({ warningId: warning.id, reason: '' }));
    expect(noReason.message).toMatch(/^reason: give a reason of 3-500 characters/);

    expect(await staffApi.hitAndRun.pardon({ warningId: warning.id, reason: 'seeded it on a second account by mistake' })).toMatchObject({ memberId: plain.id });
    expect(await staffApi.hitAndRun.list({ filter: 'active' })).toMatchObject({ total: 0, items: [] });
    expect((await staffApi.hitAndRun.list({ filter: 'all' })).items[0]).toMatchObject({ state: 'pardoned', pardonedBy: moderator.username, pardonReason: 'seeded it on a second account by mistake' });
    expect(await memberApi.hitAndRun.status({ username: plain.username })).toMatchObject({ activeWarnings: 0, downloadsDisabled: false });
  });
});
