// The staff earning preview (issue 11): "with these rules, member X would earn N
// points/hour", for the saved rules and for rules being edited; a bad rule is refused
// naming its field, members are refused, another community's member is not found.
import { systemClient } from '@swarmhost/db/system';
import type { MemberRoleName } from '@swarmhost/domain';
import { newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServices, newMemberOf, signedInOn } from './support/api-harness';

const services = apiServices();
const PASSWORD = 'earning preview password';
type Tenant = { id: string; slug: string };
let tenant: Tenant;
let other: Tenant;

const member = (of: Tenant, role: MemberRoleName) => newMemberOf(of, role, PASSWORD);
const signedIn = (of: Tenant, account: { username: string }) => signedInOn({ services, tenant: of, account, password: PASSWORD, ip: '127.0.0.33' });

beforeAll(async () => {
  [tenant, other] = await Promise.all([newTenant('earn'), newTenant('earnb')]);
});

describe('staff.earningPreview', () => {
  it('prices the member’s seeding torrents with the saved or the edited rules', async () => {
    const [moderator, plain, seeder, outsider] = await Promise.all([member(tenant, 'staff'), member(tenant, 'member'), member(tenant, 'member'), member(other, 'member')]);
    const [small, big] = await Promise.all([newTorrent(tenant), newTorrent(tenant)]);
    await systemClient().torrent.update({ where: { id: big.id }, data: { size: 3n * 1024n ** 3n, seeders: 1 } });
    await systemClient().torrent.update({ where: { id: small.id }, data: { seeders: 40 } });
    const now = new Date();
    for (const torrent of [small, big]) {
      await systemClient().history.create({ data: { tenantId: tenant.id, memberId: seeder.id, torrentId: torrent.id, seeding: true, active: true, firstAnnounceAt: now, lastAnnounceAt: now } });
    }
    const staffApi = await signedIn(tenant, moderator);

    // Default rules: small = Seeding 1; big = Seeding 1 + Large 0.5 + Dying 2 + Scarce 1.
    const saved = await staffApi.staff.earningPreview({ memberId: seeder.id });
    expect(saved).toMatchObject({ pointsPerHour: 5.5, seedingTorrents: 2, rewardedTorrents: 2 });
    expect(saved.rules.filter((rule) => rule.torrents > 0).map((rule) => [rule.name, rule.pointsPerHour])).toEqual([
      ['Seeding', 2],
      ['Large (≥ 1 GiB)', 0.5],
      ['Dying (only seeder)', 2],
      ['Scarce (≤ 5 seeders)', 1],
    ]);

    const edited = await staffApi.staff.earningPreview({ memberId: seeder.id, rules: [{ name: 'Big only', condition: 'sizeAtLeastBytes', threshold: 1024 ** 3, pointsPerHour: 10 }] });
    expect(edited).toMatchObject({ pointsPerHour: 10, rewardedTorrents: 1, rules: [{ name: 'Big only', torrents: 1, pointsPerHour: 10 }] });

    const bad = await staffApi.staff.earningPreview({ memberId: seeder.id, rules: [{ name: 'Big', condition: 'sizeAtLeastBytes', pointsPerHour: 10 }] }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(TRPCError);
    expect((bad as TRPCError).code).toBe('BAD_REQUEST');
    expect((bad as TRPCError).message).toMatch(/earningRules\.0\.threshold: is required/);

    const foreign = await staffApi.staff.earningPreview({ memberId: outsider.id }).catch((error: unknown) => error);
    expect((foreign as TRPCError).code).toBe('NOT_FOUND');

    const plainApi = await signedIn(tenant, plain);
    const refused = await plainApi.staff.earningPreview({ memberId: seeder.id }).catch((error: unknown) => error);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
  });
});
