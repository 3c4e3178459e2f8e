// The seeding accrual against the run's PostgreSQL (and Redis for the scheduled job):
// crafted histories earn exactly what each rule and the cap say, a period is booked once
// however often or concurrently the job runs, missed periods are caught up (bounded),
// tenants stay apart, and every balance equals the sum of its member's transactions.
import { createHash, randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { periodsToBook } from '@swarmhost/domain/bonus/accrue-seeding-points';
import { giftPoints } from '@swarmhost/domain/bonus/gift-points';
import { previewEarning } from '@swarmhost/domain/bonus/earning-preview';
import { createLogger } from '@swarmhost/log';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { processSeedingAccrual } from '../src/processors/seeding-accrual';
import { startSeedingAccrual } from '../src/seeding-accrual';
import { newMember, newTenant } from './support/fixtures';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `swarmhost-worker-test:${inject('runId')}:accrual`;
const log = createLogger('silent');
const HOUR = 3600;
const GiB = 1024 ** 3;
const DAY_MS = 86_400_000;
const at = (iso: string) => new Date(iso);

// Powers of two per rule, so a member's total says which rules each torrent met.
const RULES = [
  { name: 'Base', condition: 'seeding', pointsPerHour: 1 },
  { name: 'Big', condition: 'sizeAtLeastBytes', threshold: GiB, pointsPerHour: 2 },
  { name: 'Dying', condition: 'seedersAtMost', threshold: 1, pointsPerHour: 4 },
  { name: 'Long', condition: 'seedTimeAtLeastDays', threshold: 30, pointsPerHour: 8 },
  { name: 'Old', condition: 'torrentAgeAtLeastDays', threshold: 365, pointsPerHour: 16 },
];

async function torrent(tenantId: string, options: { size?: bigint; seeders?: number; createdAt?: Date; status?: 'approved' | 'pending' } = {}) {
  const name = `t-${randomBytes(4).toString('hex')}`;
  const row = await systemClient().torrent.create({
    data: {
      tenantId,
      infoHash: createHash('sha1').update(name).digest('hex'),
      name,
      size: options.size ?? 1000n,
      seeders: options.seeders ?? 10,
      fileCount: 1,
      pieceLength: 16384,
      torrentFile: new Uint8Array([100, 101]),
      status: options.status ?? 'approved',
      createdAt: options.createdAt ?? at('2026-03-01T00:00:00Z'),
    },
    select: { id: true },
  });
  return row.id;
}

async function history(tenantId: string, memberId: string, torrentId: string, options: { seeding?: boolean; first: string; last: string; seedDays?: number }) {
  await systemClient().history.create({
    data: {
      tenantId,
      memberId,
      torrentId,
      seeding: options.seeding ?? true,
      active: true,
      firstAnnounceAt: at(options.first),
      lastAnnounceAt: at(options.last),
      seedSeconds: BigInt(Math.round((options.seedDays ?? 0.1) * 86_400)),
    },
  });
}

const balance = async (memberId: string) => (await systemClient().member.findUniqueOrThrow({ where: { id: memberId }, select: { bonusPoints: true } })).bonusPoints.toString();
const transactions = (memberId: string) =>
  systemClient().bonusTransaction.findMany({ where: { memberId }, orderBy: { referenceId: 'asc' }, select: { amount: true, reason: true, referenceId: true } });

async function expectBalancesMatchLedgers(tenantIds: string[]) {
  const rows = await systemClient().$queryRawUnsafe<{ id: string; balance: string; ledger: string }[]>(
    `SELECT m.id, m.bonus_points::text AS balance, coalesce((SELECT sum(amount) FROM bonus_transactions b WHERE b.member_id = m.id), 0)::numeric(20,4)::text AS ledger
     FROM members m WHERE m.tenant_id = ANY($1::uuid[])`,
    tenantIds,
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row.balance, `member ${row.id}`).toBe(row.ledger);
}

const run = (nowIso: string, tenantIds: string[]) => processSeedingAccrual({ periodSeconds: HOUR, now: () => at(nowIso), log, tenantIds });

describe('periodsToBook', () => {
  const now = at('2026-03-10T12:00:30Z');
  it('books only the period just ended on a first run, then every period after the last booked one', () => {
    expect(periodsToBook({ now, periodSeconds: HOUR, maxCatchUpSeconds: 7 * 86_400, lastBooked: null })).toEqual([at('2026-03-10T11:00:00Z')]);
    expect(periodsToBook({ now, periodSeconds: HOUR, maxCatchUpSeconds: 7 * 86_400, lastBooked: { start: at('2026-03-10T08:00:00Z'), seconds: HOUR } })).toEqual([
      at('2026-03-10T09:00:00Z'),
      at('2026-03-10T10:00:00Z'),
      at('2026-03-10T11:00:00Z'),
    ]);
    expect(periodsToBook({ now, periodSeconds: HOUR, maxCatchUpSeconds: 7 * 86_400, lastBooked: { start: at('2026-03-10T11:00:00Z'), seconds: HOUR } })).toEqual([]);
  });
  it('catches up at most maxCatchUpSeconds', () => {
    const starts = periodsToBook({ now, periodSeconds: HOUR, maxCatchUpSeconds: 7 * 86_400, lastBooked: { start: at('2026-01-01T00:00:00Z'), seconds: HOUR } });
    expect(starts).toHaveLength(7 * 24);
    expect(starts[0]).toEqual(at('2026-03-03T12:00:00Z'));
  });
});

describe('seeding accrual', () => {
  let tenant: { id: string; slug: string };
  let other: { id: string; slug: string };
  let alice: string; // three seeded torrents, capped to the best two
  let bob: string; // announced before the period / was leeching
  let carol: string; // started seeding near the period's end
  let dave: string; // seeds only a pending torrent
  let erin: string; // the other tenant, default rules

  beforeAll(async () => {
    tenant = await newTenant();
    other = await newTenant();
    await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings: { bonus: { earningRules: RULES, maxRewardedTorrents: 2 } } } });
    [alice, bob, carol, dave] = await Promise.all([1, 2, 3, 4].map(async () => (await newMember(tenant)).id)) as [string, string, string, string];
    erin = (await newMember(other)).id;

    const small = await torrent(tenant.id); // Base: 1
    const bigDying = await torrent(tenant.id, { size: 2n * BigInt(GiB), seeders: 1 }); // Base + Big + Dying: 7
    const old = await torrent(tenant.id, { createdAt: new Date(at('2026-03-10T12:00:00Z').getTime() - 400 * DAY_MS) }); // Base + Old (+ Long for alice)
    const pending = await torrent(tenant.id, { status: 'pending' });
    await history(tenant.id, alice, small, { first: '2026-03-01T00:00:00Z', last: '2026-03-10T11:40:00Z' });
    await history(tenant.id, alice, bigDying, { first: '2026-03-01T00:00:00Z', last: '2026-03-10T11:40:00Z' });
    await history(tenant.id, alice, old, { first: '2026-01-01T00:00:00Z', last: '2026-03-10T11:40:00Z', seedDays: 31 }); // 1 + 8 + 16 = 25
    await history(tenant.id, bob, small, { first: '2026-03-01T00:00:00Z', last: '2026-03-10T10:59:59Z' });
    await history(tenant.id, bob, bigDying, { seeding: false, first: '2026-03-10T11:00:00Z', last: '2026-03-10T11:30:00Z' });
    await history(tenant.id, carol, small, { first: '2026-03-10T11:50:00Z', last: '2026-03-10T11:50:00Z' });
    await history(tenant.id, dave, pending, { first: '2026-03-01T00:00:00Z', last: '2026-03-10T11:40:00Z' });

    const otherTorrent = await torrent(other.id, { size: 2n * BigInt(GiB), seeders: 1 });
    await history(other.id, erin, otherTorrent, { first: '2026-03-01T00:00:00Z', last: '2026-03-10T11:40:00Z' });
  });

  it('books one row per member and period: the rules each torrent meets, summed, best torrents up to the cap', async () => {
    const booked = await run('2026-03-10T12:00:30Z', [tenant.id, other.id]);
    expect(booked.map((period) => [period.tenantId, period.periodStart.toISOString(), period.members, period.points]).sort()).toEqual(
      [
        [tenant.id, '2026-03-10T11:00:00.000Z', 2, '33.0000'],
        [other.id, '2026-03-10T11:00:00.000Z', 1, '4.5000'],
      ].sort(),
    );
    expect(await transactions(alice)).toEqual([{ amount: expect.anything(), reason: 'seeding', referenceId: '2026-03-10T11:00:00.000Z' }]);
    expect(await balance(alice)).toBe('32'); // 25 (old, long-seeded) + 7 (big, dying); the small one is over the cap
    expect(await balance(carol)).toBe('1');
    expect(await balance(bob)).toBe('0');
    expect(await balance(dave)).toBe('0');
    // Default rules: Seeding 1 + Large 0.5 + Dying 2 + Scarce 1.
    expect(await balance(erin)).toBe('4.5');
    await expectBalancesMatchLedgers([tenant.id, other.id]);
  });

  it('a second run and three concurrent runs book nothing twice', async () => {
    expect(await run('2026-03-10T12:20:00Z', [tenant.id, other.id])).toEqual([]);
    await systemClient().history.updateMany({ where: { memberId: alice }, data: { lastAnnounceAt: at('2026-03-10T12:40:00Z') } });
    const runs = await Promise.all([1, 2, 3].map(() => run('2026-03-10T13:00:05Z', [tenant.id])));
    expect(runs.flat().map((period) => period.periodStart.toISOString())).toEqual(['2026-03-10T12:00:00.000Z']);
    expect(await balance(alice)).toBe('64');
    expect(await transactions(alice)).toHaveLength(2);
    await expectBalancesMatchLedgers([tenant.id, other.id]);
  });

  it('catches up the periods missed while no worker ran, for that tenant only', async () => {
    await systemClient().history.updateMany({ where: { memberId: alice }, data: { lastAnnounceAt: at('2026-03-10T15:59:00Z') } });
    const booked = await run('2026-03-10T16:00:10Z', [tenant.id]);
    expect(booked.map((period) => period.periodStart.toISOString())).toEqual(['2026-03-10T13:00:00.000Z', '2026-03-10T14:00:00.000Z', '2026-03-10T15:00:00.000Z']);
    expect(await balance(alice)).toBe(String(32 * 5));
    expect(await balance(erin)).toBe('4.5'); // the other tenant was not part of this run
    await expectBalancesMatchLedgers([tenant.id, other.id]);
  });

  it("previews a member's hourly rate with the per-rule breakdown, also for unsaved rules", async () => {
    const preview = await previewEarning({ tenantId: tenant.id, memberId: alice, now: at('2026-03-10T16:10:00Z') });
    expect(preview).toMatchObject({ pointsPerHour: 32, seedingTorrents: 3, rewardedTorrents: 2, maxRewardedTorrents: 2 });
    expect(preview.rules).toEqual([
      { name: 'Base', torrents: 2, pointsPerHour: 2 },
      { name: 'Big', torrents: 1, pointsPerHour: 2 },
      { name: 'Dying', torrents: 1, pointsPerHour: 4 },
      { name: 'Long', torrents: 1, pointsPerHour: 8 },
      { name: 'Old', torrents: 1, pointsPerHour: 16 },
    ]);
    const tried = await previewEarning({ tenantId: tenant.id, memberId: alice, now: at('2026-03-10T16:10:00Z'), rules: [{ name: 'Flat', condition: 'seeding', pointsPerHour: 3 }], maxRewardedTorrents: 10 });
    expect(tried).toMatchObject({ pointsPerHour: 9, rewardedTorrents: 3, rules: [{ name: 'Flat', torrents: 3, pointsPerHour: 9 }] });
    await expect(previewEarning({ tenantId: tenant.id, memberId: alice, now: at('2026-03-10T16:10:00Z'), rules: [{ name: 'X', condition: 'seedersAtMost', pointsPerHour: 1 }] })).rejects.toThrow(
      /earningRules\.0\.threshold: is required/,
    );
  });
});

describe('accrual beside gifts', () => {
  it('books while members gift each other at the same time: no deadlock, every balance its ledger', async () => {
    const tenant = await newTenant();
    const members = await Promise.all([1, 2, 3, 4].map(() => newMember(tenant)));
    const seeded = await torrent(tenant.id);
    for (const member of members) await history(tenant.id, member.id, seeded, { first: '2026-05-01T00:00:00Z', last: '2026-05-01T05:59:00Z' });
    await run('2026-05-01T02:00:01Z', [tenant.id]); // one point each for 01:00-02:00
    const gifts = members.flatMap((from, index) =>
      [1, 2, 3].map((step) => giftPoints({ tenantId: tenant.id, fromMemberId: from.id, toUsername: members[(index + step) % members.length]!.username, amount: 1 })),
    );
    const [booked, ...outcomes] = await Promise.allSettled([run('2026-05-01T06:00:01Z', [tenant.id]), ...gifts]);
    expect(booked.status).toBe('fulfilled');
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/not enough points/);
    }
    const seedingRows = await systemClient().bonusTransaction.count({ where: { tenantId: tenant.id, reason: 'seeding' } });
    expect(seedingRows).toBe(4 * 5); // 01:00 to 05:00, four members
    await expectBalancesMatchLedgers([tenant.id]);
  });
});

describe('the scheduled job', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(() => redis.disconnect());

  it('runs the catch-up at start through BullMQ with the injected clock', async () => {
    const tenant = await newTenant();
    const member = (await newMember(tenant)).id;
    const seeded = await torrent(tenant.id);
    await history(tenant.id, member, seeded, { first: '2026-04-01T00:00:00Z', last: '2026-04-01T09:30:00Z' });
    await systemClient().bonusAccrualPeriod.create({ data: { tenantId: tenant.id, periodStart: at('2026-04-01T07:00:00Z'), periodSeconds: HOUR, members: 0, points: 0 } });
    const accrual = await startSeedingAccrual({ connection: redis, prefix: PREFIX, context: { periodSeconds: HOUR, now: () => at('2026-04-01T10:00:02Z'), log, tenantIds: [tenant.id] } });
    try {
      const deadline = Date.now() + 20_000;
      while ((await systemClient().bonusAccrualPeriod.count({ where: { tenantId: tenant.id } })) < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await systemClient().bonusAccrualPeriod.findMany({ where: { tenantId: tenant.id }, orderBy: { periodStart: 'asc' } })).map((period) => period.periodStart.toISOString())).toEqual([
        '2026-04-01T07:00:00.000Z',
        '2026-04-01T08:00:00.000Z',
        '2026-04-01T09:00:00.000Z',
      ]);
      expect(await balance(member)).toBe('2'); // 08:00 and 09:00 with the default 1 point per seeding hour, nothing else met
    } finally {
      await accrual.queue.removeJobScheduler('seeding-accrual-every-period');
      await accrual.queue.obliterate({ force: true });
      await accrual.close();
    }
  });
});
