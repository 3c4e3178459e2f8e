// Issue 11's acceptance for earning, end to end with real parts: a member's .torrent comes
// from the site's own download path, aria2 seeds it to the real tracker pool (cluster
// primary, worker, flusher) on PostgreSQL and Redis, the flush records the seeding, and
// the accrual job — its clock put at the end of this hour — books exactly the points
// the tenant's rules give that torrent.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClient } from '@swarmhost/db/system';
import { downloadTorrent } from '@swarmhost/domain/torrents/download-torrent';
import { registerTorrent } from '@swarmhost/domain/torrents/register-torrent';
import { createLogger } from '@swarmhost/log';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { processSeedingAccrual } from '../src/processors/seeding-accrual';
import { newMember, newTenant } from './support/fixtures';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TRACKER_DIR = fileURLToPath(new URL('../../tracker', import.meta.url));
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function start(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  children.push(child);
  return { child, output: () => output };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function stop(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

beforeAll(() => {
  for (const binary of ['mktorrent', 'aria2c']) {
    try {
      execFileSync('which', [binary], { stdio: 'ignore' });
    } catch {
      throw new Error(`${binary} is not installed: apt-get install -y mktorrent aria2`);
    }
  }
  workDir = mkdtempSync(join(tmpdir(), 'swarmhost-accrual-'));
});
afterAll(async () => {
  await Promise.all(children.map((child) => stop(child, 'SIGTERM', 5000)));
  rmSync(workDir, { recursive: true, force: true });
});

describe('earning by seeding with a real client', () => {
  it('aria2 seeds through the tracker pool and the job books the points the rules give', async () => {
    const urls = inject('databaseUrls');
    const tenant = await newTenant();
    await systemClient().tenant.update({
      where: { id: tenant.id },
      data: { settings: { announceIntervalSeconds: 60, minAnnounceIntervalSeconds: 30, bonus: { earningRules: RULES } } },
    });
    const seeder = await newMember(tenant);
    await systemClient().member.update({ where: { id: seeder.id }, data: { emailVerifiedAt: new Date() } });

    const port = await freePort();
    const pool = start(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: TRACKER_DIR,
      env: {
        ...process.env,
        DATABASE_URL: urls.owner,
        DATABASE_SYSTEM_URL: urls.system,
        REDIS_URL,
        TRACKER_KEY_PREFIX: `test-accrual-${randomBytes(4).toString('hex')}:`,
        TRACKER_HOST: '127.0.0.1',
        TRACKER_PORT: String(port),
        TRACKER_METRICS_PORT: String(await freePort()),
        TRACKER_WORKERS: '1',
        TRACKER_UDP_ENABLED: 'false',
        FLUSH_INTERVAL: '1',
        LOG_LEVEL: 'warn',
      },
    });
    const trackerBaseUrl = `http://127.0.0.1:${port}`;
    await until(async () => ((await fetch(`${trackerBaseUrl}/healthz`)).ok ? true : undefined), 30_000, `the tracker pool to start:\n${pool.output()}`);

    // An upload as the site registers it, and the seeder's own copy as the site serves it.
    const seedDir = join(workDir, 'seed');
    mkdirSync(seedDir);
    writeFileSync(join(seedDir, 'payload.bin'), randomBytes(2 * MIB));
    execFileSync('mktorrent', ['-a', 'http://placeholder.invalid/announce', '-l', '16', '-o', join(workDir, 'upload.torrent'), join(seedDir, 'payload.bin')]);
    const torrent = await registerTorrent({
      db: systemClient(),
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      uploaderId: seeder.id,
      torrentFile: new Uint8Array(readFileSync(join(workDir, 'upload.torrent'))),
      trackerBaseUrl,
      status: 'approved',
    });
    const own = await downloadTorrent({ tenantId: tenant.id, torrentId: torrent.id, member: { id: seeder.id, role: 'member', passkey: seeder.passkey }, trackerBaseUrl });
    writeFileSync(join(workDir, 'seeder.torrent'), own.bytes);

    const aria = start('aria2c', [
      '--check-integrity=true', '--seed-ratio=0.0', '--enable-dht=false', '--enable-dht6=false', '--enable-peer-exchange=false',
      '--bt-enable-lpd=false', `--listen-port=${await freePort()}`, '--disable-ipv6=true', '--summary-interval=0',
      '--console-log-level=warn', `--dir=${seedDir}`, join(workDir, 'seeder.torrent'),
    ]);
    // The flush writes the seeding history (and the swarm counters) within a second or two.
    const history = await until(
      async () =>
        (await systemClient().history.findFirst({ where: { memberId: seeder.id, torrentId: torrent.id, seeding: true } })) ?? undefined,
      30_000,
      `aria2 to announce as a seeder:\n${aria.output()}`,
    );
    expect(history.lastAnnounceAt).not.toBeNull();
    await stop(aria.child, 'SIGINT', 15_000);

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
