// Possible ratio cheating for staff (issue 17): staff read their community's ratio_flags
// rows (written by the tracker's ledger flusher) with the figures, newest first; plain
// members are refused and another community's flags never show.
import { systemClient } from '@swarmhost/db/system';
import type { MemberRoleName } from '@swarmhost/domain';
import { newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServices, newMemberOf, signedInOn } from './support/api-harness';


const services = apiServices();

const PASSWORD = 'ratio flags password';
type Tenant = { id: string; slug: string };
let tenant: Tenant;
let other: Tenant;

const member = (of: Tenant, role: MemberRoleName) => newMemberOf(of, role, PASSWORD);
const signedIn = (of: Tenant, account: { username: string }) => signedInOn({ services, tenant: of, account, password: PASSWORD, ip: '127.0.0.32' });

async function flag(of: Tenant, memberId: string, torrentId: string, reason: string, flaggedAt: Date, reported: bigint, credited: bigint) {
  await systemClient().ratioFlag.create({
    data: {
      tenantId: of.id, memberId, torrentId, batchId: `b-${Math.random().toString(36).slice(2)}`, reason, announces: 1,
      reportedUploadBytes: reported, reportedDownloadBytes: 0n, creditedUploadBytes: credited, creditedDownloadBytes: 0n, flaggedAt,
    },
  });
}

beforeAll(async () => {
  [tenant, other] = await Promise.all([newTenant('flags'), newTenant('flagsb')]);
});

describe('staff.ratioFlags', () => {
  it('lists the community’s flags newest first with reported and credited figures; members are refused', async () => {
    const [moderator, plain, cheater, outsider] = await Promise.all([
      member(tenant, 'staff'), member(tenant, 'member'), member(tenant, 'member'), member(other, 'member'),
    ]);
    const [torrent, otherTorrent] = await Promise.all([newTorrent(tenant), newTorrent(other)]);
    const staffApi = await signedIn(tenant, moderator);
    expect(await staffApi.staff.ratioFlags()).toEqual([]);

    await flag(tenant, cheater.id, torrent.id, 'no_leechers', new Date('2026-12-01T10:00:00Z'), 100n, 0n);
    await flag(tenant, cheater.id, torrent.id, 'speed', new Date('2026-12-02T10:00:00Z'), 9_007_199_254_740_991n, 1_073_741_824n);
    await flag(other, outsider.id, otherTorrent.id, 'speed', new Date('2026-12-03T10:00:00Z'), 5n, 1n);

    const rows = await staffApi.staff.ratioFlags();
    expect(rows.map((row) => ({ reason: row.reason, reported: row.reportedUploadBytes, credited: row.creditedUploadBytes, at: row.flaggedAt }))).toEqual([
      { reason: 'speed', reported: 9_007_199_254_740_991, credited: 1_073_741_824, at: '2026-12-02T10:00:00.000Z' },
      { reason: 'no_leechers', reported: 100, credited: 0, at: '2026-12-01T10:00:00.000Z' },
    ]);
    expect(rows[0]).toMatchObject({ member: { id: cheater.id, username: cheater.username }, torrent: { id: torrent.id, name: torrent.name } });

    const memberApi = await signedIn(tenant, plain);
    const refused = await memberApi.staff.ratioFlags().then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
  });
});
