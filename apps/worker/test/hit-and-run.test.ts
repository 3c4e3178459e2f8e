// The hit-and-run pass against the run's PostgreSQL and Redis with an injected clock:
// a download short of the rules is pre-warned once, warned once at its deadline, and its
// warning expires by itself; retried and concurrent passes write nothing twice; exempt
// torrents, immune groups, the uploader, members meeting seed time or ratio and members
// seeding right now are left alone; every change of a member's active warnings reaches
// the trackers' invalidation channel; tenants stay apart; the scheduled job runs.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { pardonWarning } from '@swarmhost/domain/hit-and-run/warnings';
import { decodeInvalidation, INVALIDATION_CHANNEL, type Invalidation } from '@swarmhost/events';
import { createLogger } from '@swarmhost/log';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHitAndRun } from '../src/hit-and-run';
import { processHitAndRun } from '../src/processors/hit-and-run';
import { newMember, newTenant } from './support/fixtures';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `swarmhost-worker-test:${inject('runId')}:hnr`;
const log = createLogger('silent');
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MiB = 1024 ** 2;
const COMPLETED = new Date('2026-01-01T00:00:00Z');
const after = (ms: number) => new Date(COMPLETED.getTime() + ms);

let publisher: Redis;
let subscriber: Redis;
const heard: Invalidation[] = [];

beforeAll(async () => {
  publisher = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  subscriber = new Redis(REDIS_URL);
  await subscriber.subscribe(INVALIDATION_CHANNEL);
  subscriber.on('message', (_channel, raw: string) => {
    const message = decodeInvalidation(raw);
    if (message) heard.push(message);
  });
});
afterAll(() => {
  publisher.disconnect();
  subscriber.disconnect();
});

/** Waits a moment for published messages to arrive, then the member invalidations of a tenant. */
async function memberInvalidations(tenantId: string): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  return heard.flatMap((message) => (message.kind === 'member' && message.tenantId === tenantId ? [message.memberId] : [])).sort();
}
const clearHeard = () => heard.splice(0, heard.length);

async function torrent(tenantId: string, size: number, uploaderId: string | null = null) {
  const name = `hnr-${randomBytes(4).toString('hex')}`;
  const row = await systemClient().torrent.create({
    data: { tenantId, infoHash: randomBytes(20).toString('hex'), name, size: BigInt(size), fileCount: 1, pieceLength: 16384, torrentFile: new Uint8Array([100, 101]), status: 'approved', uploaderId },
    select: { id: true, name: true },
  });
  return row;
}

/** A completed download: the snatch and the member's history on the torrent. */
async function download(
  tenantId: string,
  memberId: string,
  torrentId: string,
  options: { seedHours: number; uploaded?: number; downloaded?: number; completedAt?: Date; seedingAt?: Date },
) {
  const completedAt = options.completedAt ?? COMPLETED;
  await systemClient().snatch.create({ data: { tenantId, memberId, torrentId, completedAt } });
  await systemClient().history.create({
    data: {
      tenantId,
      memberId,
      torrentId,
      seedSeconds: BigInt(Math.round(options.seedHours * 3600)),
      uploadedBytes: BigInt(options.uploaded ?? 0),
      downloadedBytes: BigInt(options.downloaded ?? 10 * MiB),
      completedAt,
      firstAnnounceAt: new Date(completedAt.getTime() - HOUR_MS),
      lastAnnounceAt: options.seedingAt ?? completedAt,
      active: options.seedingAt !== undefined,
      seeding: options.seedingAt !== undefined,
    },
  });
}

const notifications = (memberId: string) =>
  systemClient().notification.findMany({ where: { memberId, kind: { startsWith: 'hit_and_run.' } }, orderBy: { createdAt: 'asc' }, select: { kind: true, payload: true } });
const warnings = (tenantId: string) =>
  systemClient().hitAndRunWarning.findMany({ where: { tenantId }, orderBy: { issuedAt: 'asc' }, include: { member: { select: { username: true } } } });

const RULES = { enabled: true, minSeedHours: 72, minRatio: 1, graceDays: 14, prewarnHours: 48, warningDays: 14, maxActiveWarnings: 2, exemptBelowBytes: MiB };

describe('hit-and-run pass', () => {
  let tenant: { id: string; slug: string };
  let other: { id: string; slug: string };
  const member: Record<string, string> = {};
  let big: { id: string; name: string };

  beforeAll(async () => {
    tenant = await newTenant();
    other = await newTenant();
    const immune = await systemClient().group.create({ data: { tenantId: tenant.id, name: 'Immune' }, select: { id: true } });
    await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings: { hitAndRun: { ...RULES, immuneGroupIds: [immune.id] } } } });
    await systemClient().tenant.update({ where: { id: other.id }, data: { settings: { hitAndRun: RULES } } });
    for (const name of ['alice', 'seeder', 'ratio', 'immune', 'small', 'active', 'uploader', 'nothing']) member[name] = (await newMember(tenant)).id;
    member.outsider = (await newMember(other)).id;
    await systemClient().member.update({ where: { id: member.immune! }, data: { groupId: immune.id } });

    big = await torrent(tenant.id, 10 * MiB, member.uploader!);
    const small = await torrent(tenant.id, MiB - 1);
    await download(tenant.id, member.alice!, big.id, { seedHours: 36, uploaded: MiB }); // short on both: warned
    await download(tenant.id, member.seeder!, big.id, { seedHours: 72 }); // seeded enough
    await download(tenant.id, member.ratio!, big.id, { seedHours: 1, uploaded: 10 * MiB }); // ratio 1.0 reached
    await download(tenant.id, member.immune!, big.id, { seedHours: 0 }); // immune group
    await download(tenant.id, member.small!, small.id, { seedHours: 0 }); // exempt torrent (below 1 MiB)
    await download(tenant.id, member.active!, big.id, { seedHours: 10, seedingAt: after(14 * DAY_MS + HOUR_MS) }); // seeding at the deadline
    await download(tenant.id, member.uploader!, big.id, { seedHours: 0 }); // the uploader
    await download(tenant.id, member.nothing!, big.id, { seedHours: 0, downloaded: 0 }); // nothing downloaded
    const elsewhere = await torrent(other.id, 10 * MiB);
    await download(other.id, member.outsider!, elsewhere.id, { seedHours: 0 });
  });

  const run = (now: Date, tenantIds = [tenant.id]) => processHitAndRun({ now: () => now, publisher, log, tenantIds });

  it('sends nothing before the pre-warning window', async () => {
    clearHeard();
    const [result] = await run(after(12 * DAY_MS - HOUR_MS));
    expect(result).toMatchObject({ prewarned: 0, warned: 0, expired: 0 });
    expect(await notifications(member.alice!)).toEqual([]);
  });

  it('pre-warns once, prewarnHours before the deadline, naming what is missing', async () => {
    const [first] = await run(after(12 * DAY_MS + HOUR_MS));
    expect(first).toMatchObject({ prewarned: 1, warned: 0 });
    const [again] = await run(after(13 * DAY_MS));
    expect(again).toMatchObject({ prewarned: 0, warned: 0 });
    const sent = await notifications(member.alice!);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      kind: 'hit_and_run.prewarning',
      payload: { torrentName: big.name, seedSeconds: 36 * 3600, requiredSeedSeconds: 72 * 3600, deadlineAt: '2026-01-15T00:00:00+00:00' },
    });
    // The member seeding right now got one too (they may stop before the deadline)? No: active seeders are left alone.
    for (const name of ['seeder', 'ratio', 'immune', 'small', 'active', 'uploader', 'nothing']) expect(await notifications(member[name]!), name).toEqual([]);
    // A pre-warning changes no download right: the trackers were not bothered.
    expect(await memberInvalidations(tenant.id)).toEqual([]);
  });

  it('warns once at the deadline, expiring warningDays later, and tells the trackers', async () => {
    const now = after(14 * DAY_MS + 2 * HOUR_MS);
    const [result] = await run(now);
    expect(result).toMatchObject({ prewarned: 0, warned: 1, expired: 0, membersChanged: [member.alice] });
    const [warning, ...rest] = await warnings(tenant.id);
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({
      memberId: member.alice,
      torrentId: big.id,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + 14 * DAY_MS),
      deadlineAt: after(14 * DAY_MS),
      seedSeconds: 36n * 3600n,
      requiredSeedSeconds: 72n * 3600n,
      uploadedBytes: BigInt(MiB),
      downloadedBytes: BigInt(10 * MiB),
      pardonedAt: null,
      lapsedAt: null,
    });
    expect((await notifications(member.alice!)).map((row) => row.kind)).toEqual(['hit_and_run.prewarning', 'hit_and_run.warning']);
    expect(await memberInvalidations(tenant.id)).toEqual([member.alice]);

    // A retried job (same clock) and a later one write nothing and tell nobody.
    clearHeard();
    const [retried] = await run(now);
    const [later] = await run(after(14 * DAY_MS + 2 * HOUR_MS + 60_000)); // the active seeder announced within the peer TTL
    expect(retried).toMatchObject({ prewarned: 0, warned: 0, expired: 0, membersChanged: [] });
    expect(later).toMatchObject({ prewarned: 0, warned: 0, expired: 0, membersChanged: [] });
    expect(await warnings(tenant.id)).toHaveLength(1);
    expect(await notifications(member.alice!)).toHaveLength(2);
    expect(await memberInvalidations(tenant.id)).toEqual([]);
    // The other tenant's download was not touched by a run limited to this tenant.
    expect(await warnings(other.id)).toEqual([]);
  });

  it('warns a member who stops seeding short of the rules after the deadline', async () => {
    clearHeard();
    await systemClient().history.updateMany({ where: { memberId: member.active! }, data: { active: false, seeding: false, lastAnnounceAt: after(16 * DAY_MS) } });
    const [result] = await run(after(16 * DAY_MS + HOUR_MS));
    expect(result).toMatchObject({ warned: 1, membersChanged: [member.active] });
    expect(await memberInvalidations(tenant.id)).toContain(member.active);
  });

  it('expires the warning by itself, once, and tells the trackers', async () => {
    clearHeard();
    const [before] = await run(after(28 * DAY_MS + HOUR_MS)); // expires at 28 d + 2 h
    expect(before).toMatchObject({ expired: 0 });
    const [result] = await run(after(28 * DAY_MS + 3 * HOUR_MS));
    expect(result).toMatchObject({ expired: 1, membersChanged: [member.alice] });
    const [again] = await run(after(29 * DAY_MS));
    expect(again).toMatchObject({ expired: 0, membersChanged: [] });
    expect((await warnings(tenant.id))[0]!.lapsedAt).toEqual(after(28 * DAY_MS + 3 * HOUR_MS));
    expect((await notifications(member.alice!)).map((row) => row.kind)).toEqual(['hit_and_run.prewarning', 'hit_and_run.warning', 'hit_and_run.expired']);
    expect(await memberInvalidations(tenant.id)).toEqual([member.alice]);
  });

  it('concurrent passes issue each warning once', async () => {
    const late = (await newMember(tenant)).id;
    await download(tenant.id, late, big.id, { seedHours: 0, completedAt: after(DAY_MS) });
    clearHeard();
    const results = await Promise.all([1, 2, 3, 4].map(() => run(after(15 * DAY_MS + HOUR_MS))));
    expect(results.reduce((sum, [result]) => sum + result!.warned, 0)).toBe(1);
    expect(await systemClient().hitAndRunWarning.count({ where: { memberId: late } })).toBe(1);
    expect((await notifications(late)).map((row) => row.kind)).toEqual(['hit_and_run.warning']);
    expect(await memberInvalidations(tenant.id)).toEqual([late]);
  });

  it('leaves a pardoned warning alone at expiry; a pardon tells the trackers', async () => {
    const pardoned = (await newMember(tenant)).id;
    await download(tenant.id, pardoned, big.id, { seedHours: 0, completedAt: after(2 * DAY_MS) });
    await run(after(16 * DAY_MS + 2 * HOUR_MS));
    const warning = await systemClient().hitAndRunWarning.findFirstOrThrow({ where: { memberId: pardoned } });
    const staff = await newMember(tenant, 'staff');
    clearHeard();
    await pardonWarning({ tenantId: tenant.id, staffId: staff.id, warningId: warning.id, reason: 'tracker outage that week', publisher, now: after(17 * DAY_MS) });
    expect(await memberInvalidations(tenant.id)).toEqual([pardoned]);
    clearHeard();
    const [result] = await run(after(40 * DAY_MS));
    expect(await systemClient().hitAndRunWarning.findUniqueOrThrow({ where: { id: warning.id }, select: { lapsedAt: true } })).toEqual({ lapsedAt: null });
    expect(result!.membersChanged).not.toContain(pardoned);
    expect((await notifications(pardoned)).map((row) => row.kind)).toEqual(['hit_and_run.warning', 'hit_and_run.pardoned']);
  });

  it('does nothing while the rules are disabled, and each tenant keeps its own warnings', async () => {
    const quiet = await newTenant();
    const someone = (await newMember(quiet)).id;
    const file = await torrent(quiet.id, 10 * MiB);
    await download(quiet.id, someone, file.id, { seedHours: 0 });
    const [result] = await run(after(14 * DAY_MS + HOUR_MS), [quiet.id]);
    expect(result).toMatchObject({ prewarned: 0, warned: 0 });
    const [elsewhere] = await run(after(14 * DAY_MS + HOUR_MS), [other.id]);
    expect(elsewhere).toMatchObject({ warned: 1, membersChanged: [member.outsider] });
    expect((await warnings(other.id)).map((row) => row.memberId)).toEqual([member.outsider]);
  });
});

describe('the scheduled job', () => {
  it('runs a pass at start through BullMQ with the injected clock', async () => {
    const tenant = await newTenant();
    await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings: { hitAndRun: RULES } } });
    const someone = (await newMember(tenant)).id;
    const file = await torrent(tenant.id, 10 * MiB);
    await download(tenant.id, someone, file.id, { seedHours: 0 });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const schedule = await startHitAndRun({ connection, prefix: PREFIX, intervalSeconds: 3600, context: { now: () => after(14 * DAY_MS + HOUR_MS), publisher, log, tenantIds: [tenant.id] } });
    try {
      const deadline = Date.now() + 20_000;
      while ((await systemClient().hitAndRunWarning.count({ where: { tenantId: tenant.id } })) < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await systemClient().hitAndRunWarning.count({ where: { tenantId: tenant.id, memberId: someone } })).toBe(1);
    } finally {
      await schedule.queue.removeJobScheduler('hit-and-run-every-interval');
      await schedule.queue.obliterate({ force: true });
      await schedule.close();
      connection.disconnect();
    }
  });
});
