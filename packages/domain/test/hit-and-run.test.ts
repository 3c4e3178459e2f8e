// Hit-and-run warnings on the site against real PostgreSQL: the .torrent download is
// refused at maxActiveWarnings active warnings (expired and pardoned ones do not count,
// the member's own upload stays downloadable, disabled rules refuse nothing); staff
// pardon with a reason, audited, once however many pardon at the same moment, along the
// staff ladder; the status is the member's and staff's only.
import { systemClient } from '@swarmhost/db/system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHitAndRunStatus, pardonWarning, requireDownloadsAllowed } from '../src/hit-and-run/warnings';
import { newMember } from '../src/testing/fixtures';
import { downloadTorrent, uploadTorrent } from '../src/index';
import { makeTorrent, newTenant, redis, TRACKER } from './helpers';

afterAll(() => redis.quit());

const DAY_MS = 86_400_000;
const sent: string[] = [];
const publisher = { publish: async (_channel: string, message: string) => void sent.push(message) };
const RULES = { enabled: true, maxActiveWarnings: 2, minSeedHours: 72, minRatio: 1 };

type Tenant = Awaited<ReturnType<typeof newTenant>>;

async function verifiedMember(tenant: Tenant, role: 'member' | 'staff' | 'admin' = 'member') {
  const created = await newMember(tenant, role);
  await systemClient().member.update({ where: { id: created.id }, data: { emailVerifiedAt: new Date() } });
  return created;
}

async function warn(tenantId: string, memberId: string, torrentId: string, options: { expiresInDays?: number; pardoned?: boolean } = {}) {
  const now = Date.now();
  return systemClient().hitAndRunWarning.create({
    data: {
      tenantId,
      memberId,
      torrentId,
      completedAt: new Date(now - 20 * DAY_MS),
      deadlineAt: new Date(now - 6 * DAY_MS),
      seedSeconds: 36n * 3600n,
      requiredSeedSeconds: 72n * 3600n,
      uploadedBytes: 100n,
      downloadedBytes: 1000n,
      minRatio: 1,
      issuedAt: new Date(now - 5 * DAY_MS),
      expiresAt: new Date(now + (options.expiresInDays ?? 9) * DAY_MS),
      ...(options.pardoned ? { pardonedAt: new Date(), pardonReason: 'earlier pardon' } : {}),
    },
    select: { id: true },
  });
}

describe('hit-and-run on the site', () => {
  let tenant: Tenant;
  let uploader: Awaited<ReturnType<typeof verifiedMember>>;
  let leecher: Awaited<ReturnType<typeof verifiedMember>>;
  let staff: Awaited<ReturnType<typeof verifiedMember>>;
  const torrents: { id: string; name: string }[] = [];

  beforeAll(async () => {
    tenant = await newTenant({ hitAndRun: RULES });
    uploader = await verifiedMember(tenant);
    leecher = await verifiedMember(tenant);
    staff = await verifiedMember(tenant, 'staff');
    for (let index = 0; index < 4; index += 1) {
      const uploaded = await uploadTorrent({ tenant, uploaderId: uploader.id, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER });
      torrents.push({ id: uploaded.id, name: uploaded.name });
    }
  });

  const download = (member: { id: string; role: string; passkey: string }, torrentId = torrents[0]!.id) =>
    downloadTorrent({ tenantId: tenant.id, torrentId, member, trackerBaseUrl: TRACKER });

  it('refuses the download at maxActiveWarnings active warnings, and only then', async () => {
    await warn(tenant.id, leecher.id, torrents[0]!.id);
    await warn(tenant.id, leecher.id, torrents[1]!.id, { expiresInDays: -1 }); // expired
    await warn(tenant.id, leecher.id, torrents[2]!.id, { pardoned: true });
    await expect(download(leecher)).resolves.toMatchObject({ fileName: expect.stringMatching(/\.torrent$/) });

    await warn(tenant.id, leecher.id, torrents[3]!.id);
    await expect(download(leecher)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^downloads disabled: 2 active hit-and-run warnings; seeding still works/),
      details: { activeWarnings: 2, maxActiveWarnings: 2 },
    });
    // Another tenant's rules and rows do not reach here, and disabled rules refuse nothing.
    await expect(requireDownloadsAllowed({ tenantId: tenant.id, memberId: leecher.id, settings: { hitAndRun: { ...RULES, enabled: false } } })).resolves.toBeUndefined();
    await expect(requireDownloadsAllowed({ tenantId: tenant.id, memberId: leecher.id, settings: { hitAndRun: { ...RULES, maxActiveWarnings: 3 } } })).resolves.toBeUndefined();
  });

  it('still serves a member their own upload while their downloads are disabled', async () => {
    for (const torrent of torrents.slice(0, 2)) await warn(tenant.id, uploader.id, torrent.id);
    await expect(requireDownloadsAllowed({ tenantId: tenant.id, memberId: uploader.id, settings: { hitAndRun: RULES } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(download(uploader)).resolves.toBeDefined();
  });

  it('shows the status, with what is missing, to the member and staff only', async () => {
    const settings = { hitAndRun: RULES };
    const own = await getHitAndRunStatus({ tenantId: tenant.id, memberId: leecher.id, viewer: leecher, settings });
    expect(own).toMatchObject({ enabled: true, activeWarnings: 2, downloadsDisabled: true });
    expect(own.warnings.map((warning) => warning.state).sort()).toEqual(['active', 'active', 'expired', 'pardoned']);
    expect(own.warnings[0]!.missing).toMatch(/^seed 36 h more on .+ \(or reach ratio 1\.00 on it; it is 0\.10\)$/);
    await expect(getHitAndRunStatus({ tenantId: tenant.id, memberId: leecher.id, viewer: staff, settings })).resolves.toMatchObject({ activeWarnings: 2 });
    await expect(getHitAndRunStatus({ tenantId: tenant.id, memberId: leecher.id, viewer: uploader, settings })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('pardons with a reason, audited, once when five staff pardon at once; downloads come back', async () => {
    const active = await systemClient().hitAndRunWarning.findMany({ where: { memberId: leecher.id, pardonedAt: null, expiresAt: { gt: new Date() } }, select: { id: true } });
    const target = active[0]!.id;
    await expect(pardonWarning({ tenantId: tenant.id, staffId: staff.id, warningId: target, reason: '  ', publisher })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^reason: /),
    });
    await expect(pardonWarning({ tenantId: tenant.id, staffId: uploader.id, warningId: target, reason: 'I like them', publisher })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const others = await Promise.all([1, 2, 3, 4].map(() => verifiedMember(tenant, 'staff')));
    sent.length = 0;
    const results = await Promise.allSettled([staff, ...others].map((actor) => pardonWarning({ tenantId: tenant.id, staffId: actor.id, warningId: target, reason: 'client bug, fixed since', publisher })));
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as { code: string; message: string }] : []));
    expect(results.length - refused.length).toBe(1);
    for (const failure of refused) expect(failure).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^this warning was pardoned already by /) });
    const row = await systemClient().hitAndRunWarning.findUniqueOrThrow({ where: { id: target } });
    expect(row).toMatchObject({ pardonReason: 'client bug, fixed since', pardonedAt: expect.any(Date) });
    const audits = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, action: 'hit_and_run.pardon' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorMemberId: row.pardonedById, targetId: leecher.id, details: { warningId: target, reason: 'client bug, fixed since' } });
    expect(sent.map((message) => JSON.parse(message) as { kind: string; memberId: string })).toEqual([expect.objectContaining({ kind: 'member', memberId: leecher.id })]);
    expect(await systemClient().notification.count({ where: { memberId: leecher.id, kind: 'hit_and_run.pardoned' } })).toBe(1);

    await expect(download(leecher)).resolves.toBeDefined();
  });

  it('refuses to pardon an expired warning, one of a staff member (for staff), and one\'s own', async () => {
    const expired = await systemClient().hitAndRunWarning.findFirstOrThrow({ where: { memberId: leecher.id, pardonedAt: null, expiresAt: { lt: new Date() } }, select: { id: true } });
    await expect(pardonWarning({ tenantId: tenant.id, staffId: staff.id, warningId: expired.id, reason: 'too late', publisher })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/expired on .*nothing to pardon/),
    });
    const colleague = await verifiedMember(tenant, 'staff');
    const theirs = await warn(tenant.id, colleague.id, torrents[0]!.id);
    await expect(pardonWarning({ tenantId: tenant.id, staffId: staff.id, warningId: theirs.id, reason: 'a friend', publisher })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/only an admin/) });
    await expect(pardonWarning({ tenantId: tenant.id, staffId: colleague.id, warningId: theirs.id, reason: 'myself', publisher })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/your own warning/) });
    const admin = await verifiedMember(tenant, 'admin');
    await expect(pardonWarning({ tenantId: tenant.id, staffId: admin.id, warningId: theirs.id, reason: 'staff test download', publisher })).resolves.toMatchObject({ memberId: colleague.id });
    // A warning of another tenant is not found here.
    const elsewhere = await newTenant({ hitAndRun: RULES });
    const outsider = await verifiedMember(elsewhere, 'admin');
    await expect(pardonWarning({ tenantId: elsewhere.id, staffId: outsider.id, warningId: theirs.id, reason: 'not mine', publisher })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
