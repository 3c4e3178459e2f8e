// Issue 11's acceptance for earning, end to end with real parts: a member's .torrent comes
// from the site's own download path, aria2 seeds it to the real tracker pool (cluster
// primary, worker, flusher) on PostgreSQL and Redis, the flush records the seeding, and
// the accrual job — its clock put at the end of this hour — books exactly the points
// the tenant's rules give that torrent. A freeleech token spent through the site makes a
// real aria2 download of it uncredited in PostgreSQL.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClient } from '@swarmhost/db/system';
import { downloadTorrent } from '@swarmhost/domain/torrents/download-torrent';
import { registerTorrent } from '@swarmhost/domain/torrents/register-torrent';
import { useFreeleechToken } from '@swarmhost/domain/torrents/use-freeleech-token';
import { createLogger } from '@swarmhost/log';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { processSeedingAccrual } from '../src/processors/seeding-accrual';
import { newMember, newTenant } from './support/fixtures';
import { startProcess, startTrackerPool, stopProcess, until, type TrackerPool } from './support/tracker-pool';
import { freePort } from '@swarmhost/test-support';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MIB = 1024 ** 2;
const HOUR_MS = 3_600_000;
// Powers of two, so the booked amount says which rules the torrent met.
const RULES = [
  { name: 'Base', condition: 'seeding', pointsPerHour: 1 },
  { name: 'Big', condition: 'sizeAtLeastBytes', threshold: MIB, pointsPerHour: 2 },
  { name: 'Dying', condition: 'seedersAtMost', threshold: 1, pointsPerHour: 4 },
  { name: 'Huge', condition: 'sizeAtLeastBytes', threshold: 1024 * MIB, pointsPerHour: 8 },
  { name: 'Old', condition: 'torrentAgeAtLeastDays', threshold: 365, pointsPerHour: 16 },
];

const children: ChildProcess[] = [];
let workDir: string;
let pool: TrackerPool;

function start(command: string, args: string[]) {
  const started = startProcess(command, args);
  children.push(started.child);
  return started;
}

let trackerBaseUrl: string;
let redis: Redis;

beforeAll(async () => {
  for (const binary of ['mktorrent', 'aria2c']) {
    try {
      execFileSync('which', [binary], { stdio: 'ignore' });
    } catch {
      throw new Error(`${binary} is not installed: apt-get install -y mktorrent aria2`);
    }
  }
  workDir = mkdtempSync(join(tmpdir(), 'swarmhost-accrual-'));
  redis = new Redis(REDIS_URL);
  pool = await startTrackerPool({ urls: inject('databaseUrls'), redisUrl: REDIS_URL });
  trackerBaseUrl = pool.baseUrl;
});
afterAll(async () => {
  await Promise.all(children.map((child) => stopProcess(child, 'SIGTERM', 5000)));
  await pool?.stop();
  redis?.disconnect();
  rmSync(workDir, { recursive: true, force: true });
});

/** A tenant with these settings, a 2 MiB upload by a verified member, and its files. */
async function upload(settings: object) {
  const tenant = await newTenant();
  await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings } });
  const uploader = await verifiedMember(tenant);
  const dir = mkdtempSync(join(workDir, 'upload-'));
  const seedDir = join(dir, 'seed');
  mkdirSync(seedDir);
  writeFileSync(join(seedDir, 'payload.bin'), randomBytes(2 * MIB));
  execFileSync('mktorrent', ['-a', 'http://placeholder.invalid/announce', '-l', '16', '-o', join(dir, 'upload.torrent'), join(seedDir, 'payload.bin')]);
  const torrent = await registerTorrent({
    db: systemClient(),
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    uploaderId: uploader.id,
    torrentFile: new Uint8Array(readFileSync(join(dir, 'upload.torrent'))),
    trackerBaseUrl,
    status: 'approved',
  });
  return { tenant, uploader, torrent, dir, seedDir };
}

async function verifiedMember(tenant: { slug: string }) {
  const member = await newMember(tenant);
  await systemClient().member.update({ where: { id: member.id }, data: { emailVerifiedAt: new Date() } });
  return member;
}

/** The member's own .torrent, as the site serves it, written to `path`. */
async function ownCopy(tenantId: string, torrentId: string, member: { id: string; passkey: string }, path: string) {
  const own = await downloadTorrent({ tenantId, torrentId, member: { id: member.id, role: 'member', passkey: member.passkey }, trackerBaseUrl });
  writeFileSync(path, own.bytes);
  return path;
}

const ARIA_QUIET = ['--enable-dht=false', '--enable-dht6=false', '--enable-peer-exchange=false', '--bt-enable-lpd=false', '--disable-ipv6=true', '--summary-interval=0', '--console-log-level=warn'];

async function seedWithAria2(torrentPath: string, dir: string) {
  return start('aria2c', ['--check-integrity=true', '--seed-ratio=0.0', `--listen-port=${await freePort()}`, ...ARIA_QUIET, `--dir=${dir}`, torrentPath]);
}

describe('earning by seeding with a real client', () => {
  it('aria2 seeds through the tracker pool and the job books the points the rules give', async () => {
    const { tenant, uploader: seeder, torrent, dir, seedDir } = await upload({
      announceIntervalSeconds: 60,
      minAnnounceIntervalSeconds: 30,
      bonus: { earningRules: RULES },
    });
    const aria = await seedWithAria2(await ownCopy(tenant.id, torrent.id, seeder, join(dir, 'seeder.torrent')), seedDir);
    // The flush writes the seeding history (and the swarm counters) within a second or two.
    const history = await until(
      async () =>
        (await systemClient().history.findFirst({ where: { memberId: seeder.id, torrentId: torrent.id, seeding: true } })) ?? undefined,
      30_000,
      () => `aria2 to announce as a seeder:\n${aria.output()}`,
    );
    expect(history.lastAnnounceAt).not.toBeNull();
    await stopProcess(aria.child, 'SIGINT', 15_000);

    // The job runs at the end of this hour (its clock injected): the period just ended is
    // the hour the member seeded in.
    const endOfHour = new Date(Math.floor(history.lastAnnounceAt!.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS + 5_000);
    await processSeedingAccrual({ periodSeconds: 3600, now: () => endOfHour, log: createLogger('silent'), tenantIds: [tenant.id] });
    await processSeedingAccrual({ periodSeconds: 3600, now: () => endOfHour, log: createLogger('silent'), tenantIds: [tenant.id] });

    const booked = await systemClient().bonusTransaction.findMany({ where: { memberId: seeder.id }, select: { amount: true, reason: true } });
    // Base (1) + Big, 2 MiB ≥ 1 MiB (2) + Dying, one seeder at most (4); not Huge, not Old.
    expect(booked.map((row) => [row.reason, row.amount.toString()])).toEqual([['seeding', '7']]);
    const member = await systemClient().member.findUniqueOrThrow({ where: { id: seeder.id }, select: { bonusPoints: true } });
    expect(member.bonusPoints.toString()).toBe('7');
  }, 120_000);
});

describe('a freeleech token with a real client', () => {
  it('a download after the token is spent is not credited in PostgreSQL; the same download without one is', async () => {
    const { tenant, uploader, torrent, dir, seedDir } = await upload({ announceIntervalSeconds: 60, minAnnounceIntervalSeconds: 30 });
    const seeding = await seedWithAria2(await ownCopy(tenant.id, torrent.id, uploader, join(dir, 'seeder.torrent')), seedDir);
    await until(
      async () => ((await systemClient().torrent.findUniqueOrThrow({ where: { id: torrent.id } })).seeders === 1 ? true : undefined),
      30_000,
      () => `aria2 to seed:\n${seeding.output()}`,
    );

    const withToken = await verifiedMember(tenant);
    const without = await verifiedMember(tenant);
    await systemClient().member.update({ where: { id: withToken.id }, data: { freeleechTokens: 1 } });
    await useFreeleechToken({ tenantId: tenant.id, memberId: withToken.id, torrentId: torrent.id, publisher: redis });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the tracker honours it within a second

    for (const member of [withToken, without]) {
      const downloadDir = mkdtempSync(join(dir, 'download-'));
      const leech = start('aria2c', [
        // --seed-time=0: aria2 stops when done and reports its total with `stopped`.
        '--seed-time=0', `--listen-port=${await freePort()}`, '--bt-stop-timeout=60', ...ARIA_QUIET, '--file-allocation=none',
        `--dir=${downloadDir}`, await ownCopy(tenant.id, torrent.id, member, join(dir, `${member.id}.torrent`)),
      ]);
      const code = await new Promise<number | null>((resolve) => leech.child.once('exit', resolve));
      expect(code, leech.output()).toBe(0);
      expect(readFileSync(join(downloadDir, 'payload.bin')).equals(readFileSync(join(seedDir, 'payload.bin')))).toBe(true);
    }
    const totals = async (memberId: string) => {
      const history = await systemClient().history.findFirst({ where: { memberId, torrentId: torrent.id } });
      const member = await systemClient().member.findUniqueOrThrow({ where: { id: memberId } });
      return history === null ? undefined : { downloaded: Number(history.downloadedBytes), credited: Number(history.creditedDownloadBytes), memberCredited: Number(member.creditedDownloadBytes) };
    };
    const tokened = await until(async () => {
      const row = await totals(withToken.id);
      return row !== undefined && row.downloaded >= 2 * MIB * 0.95 ? row : undefined;
    }, 15_000, () => 'the tokened download to be flushed');
    const counted = await until(async () => {
      const row = await totals(without.id);
      return row !== undefined && row.downloaded >= 2 * MIB * 0.95 ? row : undefined;
    }, 15_000, () => 'the other download to be flushed');
    expect(tokened.credited).toBe(0);
    expect(tokened.memberCredited).toBe(0);
    expect(counted.credited).toBe(counted.downloaded);
    expect(counted.memberCredited).toBe(counted.downloaded);
    await stopProcess(seeding.child, 'SIGINT', 15_000);
  }, 150_000);
});
