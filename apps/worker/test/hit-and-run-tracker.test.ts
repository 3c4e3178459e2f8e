// Issue 11's hit-and-run acceptance with real parts: a member completes a download
// through the real tracker pool and stops seeding; the hit-and-run job (clock injected)
// pre-warns, then warns; within a second the tracker refuses the member's leeching
// announces with the count (seeding still works) and the site refuses the .torrent;
// a staff pardon lifts both. (The warning's own expiry at the tracker is covered by
// apps/tracker/test/economy.pool.test.ts, which needs no injected clock.)
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { pardonWarning } from '@swarmhost/domain/hit-and-run/warnings';
import { downloadTorrent } from '@swarmhost/domain/torrents/download-torrent';
import { newTorrent } from '@swarmhost/domain/testing/fixtures';
import { createLogger } from '@swarmhost/log';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { processHitAndRun } from '../src/processors/hit-and-run';
import { newMember, newTenant } from './support/fixtures';
import { startTrackerPool, until, type TrackerPool } from './support/tracker-pool';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MIB = 1024 ** 2;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const log = createLogger('silent');

let pool: TrackerPool;
let redis: Redis;
beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  pool = await startTrackerPool({ urls: inject('databaseUrls'), redisUrl: REDIS_URL });
});
afterAll(async () => {
  await pool?.stop();
  redis?.disconnect();
});

const percentHex = (hex: string) => hex.replace(/../g, '%$&');

/** One announce as a client makes it; returns the failure reason, or null on success. */
async function announce(passkey: string, query: { infoHash: string; peerId: string; left: number; downloaded?: number; event?: string }): Promise<string | null> {
  const params = [
    `info_hash=${percentHex(query.infoHash)}`,
    `peer_id=${percentHex(query.peerId)}`,
    'port=51413',
    'uploaded=0',
    `downloaded=${query.downloaded ?? 0}`,
    `left=${query.left}`,
    'compact=1',
    ...(query.event ? [`event=${query.event}`] : []),
  ];
  const body = Buffer.from(await (await fetch(`${pool.baseUrl}/${passkey}/announce?${params.join('&')}`)).arrayBuffer()).toString('latin1');
  const failure = /14:failure reason(\d+):/.exec(body);
  if (!failure) return null;
  return body.slice(failure.index + failure[0].length, failure.index + failure[0].length + Number(failure[1]));
}

const peerId = () => Buffer.concat([Buffer.from('-TR4050-'), randomBytes(12)]).toString('hex');

describe('hit-and-run through the tracker pool and the site', () => {
  it('pre-warns, warns, disables downloads at the tracker and on the site, and a pardon lifts it', async () => {
    const tenant = await newTenant();
    await systemClient().tenant.update({
      where: { id: tenant.id },
      data: { settings: { hitAndRun: { enabled: true, minSeedHours: 72, minRatio: 1, graceDays: 14, prewarnHours: 48, warningDays: 14, maxActiveWarnings: 1 } } },
    });
    const member = await newMember(tenant);
    const staff = await newMember(tenant, 'staff');
    await systemClient().member.update({ where: { id: member.id }, data: { emailVerifiedAt: new Date() } });
    const [taken, wanted] = [await newTorrent(tenant), await newTorrent(tenant)];
    // A well-formed (tiny) metainfo, so the site can personalise the .torrent it serves.
    const metainfo = Buffer.from(`d8:announce4:none4:infod6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces20:${'p'.repeat(20)}ee`, 'latin1');
    await systemClient().torrent.updateMany({ where: { id: { in: [taken.id, wanted.id] } }, data: { size: 10n * BigInt(MIB), torrentFile: new Uint8Array(metainfo) } });

    // Download `taken` completely, then leave without seeding.
    const peer = peerId();
    expect(await announce(member.passkey, { infoHash: taken.infoHash, peerId: peer, left: 10 * MIB, event: 'started' })).toBeNull();
    expect(await announce(member.passkey, { infoHash: taken.infoHash, peerId: peer, left: 0, downloaded: 10 * MIB, event: 'completed' })).toBeNull();
    expect(await announce(member.passkey, { infoHash: taken.infoHash, peerId: peer, left: 0, downloaded: 10 * MIB, event: 'stopped' })).toBeNull();
    const snatch = await until(
      async () => (await systemClient().snatch.findFirst({ where: { memberId: member.id, torrentId: taken.id } })) ?? undefined,
      10_000,
      () => 'the flush to record the completed download',
    );

    const run = (at: Date) => processHitAndRun({ now: () => at, publisher: redis, log, tenantIds: [tenant.id] });
    await run(new Date(snatch.completedAt.getTime() + 12 * DAY_MS + HOUR_MS));
    const kinds = async () => (await systemClient().notification.findMany({ where: { memberId: member.id }, orderBy: { createdAt: 'asc' } })).map((row) => row.kind);
    expect(await kinds()).toEqual(['hit_and_run.prewarning']);
    expect(await announce(member.passkey, { infoHash: wanted.infoHash, peerId: peerId(), left: 10 * MIB, event: 'started' })).toBeNull();

    await run(new Date(snatch.completedAt.getTime() + 14 * DAY_MS + HOUR_MS));
    expect(await kinds()).toEqual(['hit_and_run.prewarning', 'hit_and_run.warning']);
    // The job published a member invalidation: the tracker applies it within a second.
    const started = Date.now();
    await until(
      async () => ((await announce(member.passkey, { infoHash: wanted.infoHash, peerId: peerId(), left: 10 * MIB, event: 'started' })) === 'downloads disabled: 1 active hit-and-run warning' ? true : undefined),
      1000,
      () => 'the tracker to refuse leeching',
    );
    expect(Date.now() - started).toBeLessThan(1500);
    // Seeding what they took is what the member should do, and still works.
    expect(await announce(member.passkey, { infoHash: taken.infoHash, peerId: peerId(), left: 0, downloaded: 10 * MIB, event: 'started' })).toBeNull();
    const asMember = { id: member.id, role: 'member', passkey: member.passkey };
    await expect(downloadTorrent({ tenantId: tenant.id, torrentId: wanted.id, member: asMember, trackerBaseUrl: pool.baseUrl })).rejects.toThrow(
      /downloads disabled: 1 active hit-and-run warning/,
    );

    const warning = await systemClient().hitAndRunWarning.findFirstOrThrow({ where: { memberId: member.id } });
    await pardonWarning({ tenantId: tenant.id, staffId: staff.id, warningId: warning.id, reason: 'seeded it elsewhere, proof in the ticket', publisher: redis });
    await until(
      async () => ((await announce(member.passkey, { infoHash: wanted.infoHash, peerId: peerId(), left: 10 * MIB, event: 'started' })) === null ? true : undefined),
      1000,
      () => 'the tracker to accept leeching after the pardon',
    );
    const file = await downloadTorrent({ tenantId: tenant.id, torrentId: wanted.id, member: asMember, trackerBaseUrl: pool.baseUrl });
    expect(file.bytes.length).toBeGreaterThan(0);
    expect(await kinds()).toEqual(['hit_and_run.prewarning', 'hit_and_run.warning', 'hit_and_run.pardoned']);
  }, 60_000);
});
