// The staff economy page's API (issue 11) against real PostgreSQL and Redis: staff read,
// admins save; every bad field is named (message and details); a save is audited with
// what changed and tells the tracker and sites (tenant invalidation on Redis); a stale
// editor is refused; manual adjustments never take a balance below zero, even twenty at
// once, and push the new balance to the member's room; members see their earning rate.
import { parseEnv, redisShape } from '@swarmhost/config';
import { systemClient } from '@swarmhost/db/system';
import type { MemberRoleName } from '@swarmhost/domain';
import { newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { BALANCE_EVENT, decodeInvalidation, INVALIDATION_CHANNEL, rooms, type LiveEmitter } from '@swarmhost/events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyInvalidation } from '../src/index';
import { apiServices, errorOf, newMemberOf, signedInOn } from './support/api-harness';

/** What the site would send to the gateways, kept for the test to read. */
const sent: { room: string; event: string; payload: unknown }[] = [];
const recordingEmitter: LiveEmitter = {
  to: (room) => ({ emit: (event: string, payload: unknown) => sent.push({ room: String(room), event, payload }) }),
};
const services = { ...apiServices(), liveEmitter: recordingEmitter };
const PASSWORD = 'staff economy password';
type Tenant = { id: string; slug: string };
let tenant: Tenant;

const member = (role: MemberRoleName) => newMemberOf(tenant, role, PASSWORD);
const signedIn = (account: { username: string }) => signedInOn({ services, tenant, account, password: PASSWORD, ip: '127.0.0.61' });

const subscriber = new Redis(parseEnv(redisShape).REDIS_URL);
const invalidations: unknown[] = [];
beforeAll(async () => {
  tenant = await newTenant('econ');
  await subscriber.subscribe(INVALIDATION_CHANNEL);
  // As a site process does: every invalidation reaches its caches (the tenant's cached site goes).
  subscriber.on('message', (_channel: string, message: string) => {
    const decoded = decodeInvalidation(message);
    invalidations.push(decoded);
    if (decoded) applyInvalidation(decoded);
  });
});
afterAll(() => subscriber.quit());

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!check()) throw new Error(`never happened: ${what}`);
}

describe('staffEconomy', () => {
  it('lets staff read, only admins save; a save is audited and invalidates the tenant', async () => {
    const [admin, moderator, plain] = await Promise.all([member('admin'), member('staff'), member('member')]);
    const [adminApi, staffApi, memberApi] = await Promise.all([signedIn(admin), signedIn(moderator), signedIn(plain)]);

    expect((await errorOf(memberApi.staffEconomy.settings())).code).toBe('FORBIDDEN');
    const seen = await staffApi.staffEconomy.settings();
    expect(seen.canEdit).toBe(false);
    expect(seen.bonus.earningRules[0]).toMatchObject({ name: 'Seeding', condition: 'seeding', pointsPerHour: 1 });
    const refused = await errorOf(staffApi.staffEconomy.save({ version: seen.version, bonus: { maxRewardedTorrents: 5 } }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/only an admin/);

    const before = await adminApi.staffEconomy.settings();
    expect(before.canEdit).toBe(true);
    const rules = [...before.bonus.earningRules.slice(0, 2), { name: 'Tiny', condition: 'sizeAtLeastBytes' as const, threshold: 1, pointsPerHour: 3 }];
    const storeItems = before.bonus.storeItems.map((item) => (item.id === 'invite' ? { ...item, enabled: false, cost: 7000 } : item));
    invalidations.length = 0;
    const saved = await adminApi.staffEconomy.save({ version: before.version, bonus: { earningRules: rules, maxRewardedTorrents: 20, storeItems }, hitAndRun: { minSeedHours: 48 } });
    expect(saved.bonus.earningRules.map((rule) => rule.name)).toEqual(['Seeding', 'Large (≥ 1 GiB)', 'Tiny']);
    expect(saved.hitAndRun.minSeedHours).toBe(48);
    expect(saved.changed).toEqual(
      expect.arrayContaining(['bonus.earningRules.2.name', 'bonus.maxRewardedTorrents', 'bonus.storeItems.5.cost', 'bonus.storeItems.5.enabled', 'hitAndRun.minSeedHours']),
    );
    await waitFor(() => invalidations.some((message) => (message as { kind?: string; tenantId?: string }).kind === 'tenant' && (message as { tenantId: string }).tenantId === tenant.id), 'tenant invalidation');

    const stored = await systemClient().tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { settings: true } });
    expect((stored.settings as { bonus: { maxRewardedTorrents: number } }).bonus.maxRewardedTorrents).toBe(20);
    // The invite item is off: not in the store, not for sale (a new request: the site's cache was dropped).
    const nextRequest = await signedIn(plain);
    expect((await nextRequest.bonus.store()).map((item) => item.id)).not.toContain('invite');
    expect((await errorOf(nextRequest.bonus.buy({ itemId: 'invite' }))).code).toBe('NOT_FOUND');

    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, action: 'tenant.economy_settings_saved' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorMemberId: admin.id, targetType: 'tenant', targetId: tenant.id });
    expect((audit[0]?.details as { changed: string[] }).changed).toContain('hitAndRun.minSeedHours');

    // The editor that read `before` is now stale.
    const stale = await errorOf(adminApi.staffEconomy.save({ version: before.version, bonus: { maxRewardedTorrents: 30 } }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/saved by someone else/);
  });

  it('names every bad field, in the message and in details.fields, and saves nothing', async () => {
    const admin = await member('admin');
    const adminApi = await signedIn(admin);
    const current = await adminApi.staffEconomy.settings();
    const bad = await errorOf(
      adminApi.staffEconomy.save({
        version: current.version,
        bonus: {
          earningRules: [
            { name: 'Seeding', condition: 'seeding', pointsPerHour: 1 },
            { name: 'Big', condition: 'sizeAtLeastBytes', pointsPerHour: 2 },
            { name: 'seeding', condition: 'seeding', pointsPerHour: -1 },
          ],
          storeItems: [{ id: 'upload-1gib', kind: 'upload_credit', gibibytes: 1, cost: 0 }],
          maxRewardedTorrents: 0,
        },
        hitAndRun: { minRatio: -2 },
      }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    const fields = (bad.cause as { details?: { fields?: Record<string, string> } } | undefined)?.details?.fields ?? {};
    expect(fields).toMatchObject({
      'bonus.earningRules.1.threshold': expect.stringMatching(/is required/),
      'bonus.earningRules.2.pointsPerHour': 'must be 0 or more',
      'bonus.storeItems.0.cost': 'must be at least 1',
      'bonus.maxRewardedTorrents': 'must be at least 1',
      'hitAndRun.minRatio': 'must be 0 or more',
    });
    expect(bad.message).toMatch(/bonus\.earningRules\.1\.threshold: is required/);
    const after = await adminApi.staffEconomy.settings();
    expect(after.version).toBe(current.version);
  });

  it('applies two saves from the same version one after the other: the second is refused, nothing lost silently', async () => {
    // A community of its own: the other tests read this file's tenant's cap.
    const own = await newTenant('econc');
    const [first, second] = await Promise.all([newMemberOf(own, 'admin', PASSWORD), newMemberOf(own, 'admin', PASSWORD)]);
    const signedInOwn = (account: { username: string }) => signedInOn({ services, tenant: own, account, password: PASSWORD, ip: '127.0.0.62' });
    const [firstApi, secondApi] = await Promise.all([signedInOwn(first), signedInOwn(second)]);
    const { version } = await firstApi.staffEconomy.settings();
    const results = await Promise.allSettled([
      firstApi.staffEconomy.save({ version, bonus: { maxRewardedTorrents: 41 } }),
      secondApi.staffEconomy.save({ version, bonus: { maxRewardedTorrents: 42 } }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const winner = (results.find((result) => result.status === 'fulfilled') as PromiseFulfilledResult<{ bonus: { maxRewardedTorrents: number } }>).value;
    expect((await firstApi.staffEconomy.settings()).bonus.maxRewardedTorrents).toBe(winner.bonus.maxRewardedTorrents);
  });

  it('finds members by name for the picker, with balance and whether they may be adjusted', async () => {
    const [moderator, plain, peer] = await Promise.all([member('staff'), member('member'), member('staff')]);
    const staffApi = await signedIn(moderator);
    const found = await staffApi.staffEconomy.findMembers({ query: plain.username.slice(0, 7) });
    expect(found.find((row) => row.id === plain.id)).toMatchObject({ username: plain.username, balance: '0', canAdjust: true });
    const peers = await staffApi.staffEconomy.findMembers({ query: peer.username });
    expect(peers).toEqual([expect.objectContaining({ id: peer.id, canAdjust: false })]);
    expect(await staffApi.staffEconomy.findMembers({ query: '   ' })).toEqual([]);
  });
});

describe('manual adjustment', () => {
  it('never goes below zero, twenty at once, and pushes the balance live', async () => {
    const [moderator, target] = await Promise.all([member('staff'), member('member')]);
    const staffApi = await signedIn(moderator);
    await staffApi.bonus.adjust({ memberId: target.id, amount: 100, reason: 'seed money' });
    const memberRoom = rooms.member(tenant.id, target.id);
    expect(sent.filter((entry) => entry.room === memberRoom && entry.event === BALANCE_EVENT).at(-1)?.payload).toMatchObject({ balance: '100' });

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => staffApi.bonus.adjust({ memberId: target.id, amount: -30, reason: 'clawback' })));
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    expect(succeeded).toHaveLength(3);
    for (const result of results) {
      if (result.status === 'rejected') expect(String((result.reason as Error).message)).toMatch(/^amount: the member has 10 points; a debit of 30 would take the balance below zero/);
    }
    const row = await systemClient().member.findUniqueOrThrow({ where: { id: target.id }, select: { bonusPoints: true } });
    const ledger = await systemClient().bonusTransaction.aggregate({ where: { tenantId: tenant.id, memberId: target.id }, _sum: { amount: true } });
    expect(row.bonusPoints.toString()).toBe('10');
    expect(ledger._sum.amount?.toString()).toBe('10');
    const audits = await systemClient().auditLog.count({ where: { tenantId: tenant.id, action: 'member.points_adjusted', targetId: target.id } });
    expect(audits).toBe(4);
    const pushed = sent.filter((entry) => entry.room === memberRoom && entry.event === BALANCE_EVENT).map((entry) => (entry.payload as { balance: string }).balance);
    expect(pushed.sort()).toEqual(['10', '100', '40', '70']);
  });
});

describe('live balance pushes', () => {
  it('a gift, a tip and a purchase push the booked balances of everyone whose balance moved', async () => {
    const [moderator, giver, uploader] = await Promise.all([member('staff'), member('member'), member('member')]);
    await (await signedIn(moderator)).bonus.adjust({ memberId: giver.id, amount: 500, reason: 'starting points' });
    const torrent = await newTorrent(tenant, { uploaderId: uploader.id });
    const giverApi = await signedIn(giver);
    const balancesOf = (memberId: string) =>
      sent.filter((entry) => entry.room === rooms.member(tenant.id, memberId) && entry.event === BALANCE_EVENT).map((entry) => (entry.payload as { balance: string }).balance);

    await giverApi.bonus.gift({ toUsername: uploader.username, amount: 50 });
    await giverApi.bonus.tip({ torrentId: torrent.id, amount: 20 });
    await giverApi.bonus.buy({ itemId: 'upload-1gib' });
    expect(balancesOf(giver.id)).toEqual(['500', '450', '430', '330']);
    expect(balancesOf(uploader.id)).toEqual(['50', '70']);
  });
});

describe('bonus.earningRate', () => {
  it('gives the member their own rate per rule with the cap', async () => {
    const seeder = await member('member');
    const torrent = await newTorrent(tenant);
    await systemClient().torrent.update({ where: { id: torrent.id }, data: { seeders: 30 } });
    const now = new Date();
    await systemClient().history.create({ data: { tenantId: tenant.id, memberId: seeder.id, torrentId: torrent.id, seeding: true, active: true, firstAnnounceAt: now, lastAnnounceAt: now } });
    const rate = await (await signedIn(seeder)).bonus.earningRate();
    // This tenant's rules were saved above: Seeding 1 + Tiny (≥ 1 byte) 3; cap 20.
    expect(rate).toMatchObject({ pointsPerHour: 4, seedingTorrents: 1, rewardedTorrents: 1, maxRewardedTorrents: 20 });
    expect(rate.rules.map((rule) => [rule.name, rule.torrents, rule.pointsPerHour])).toEqual([
      ['Seeding', 1, 1],
      ['Large (≥ 1 GiB)', 0, 0],
      ['Tiny', 1, 3],
    ]);
  });
});
