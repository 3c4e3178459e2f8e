// End to end with real BitTorrent clients (issue 3): mktorrent makes a torrent of random
// data, the bittorrent package rewrites it private for the tenant and personalises it
// per member; transmission-cli seeds with member A's passkey URL, aria2c downloads with
// member B's, and they find each other only through this tracker (no DHT/PEX/LPD).
// Afterwards PostgreSQL holds A's upload, B's download, one snatch and the counters.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalise, rewriteForTenant } from '@swarmhost/bittorrent/metainfo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerWorker } from '../src/tracker';
import { getBencoded, scrapeTarget } from './support/client';
import { createEnvironment, type TestEnvironment } from './support/environment';
import { freePort } from '@swarmhost/test-support';

const FILE_BYTES = 4 * 1024 * 1024;

let env: TestEnvironment;
let tracker: TrackerWorker;
let workDir: string;
const children: ChildProcess[] = [];

function requireBinary(name: string): void {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
  } catch {
    throw new Error(`${name} is not installed: apt-get install -y mktorrent transmission-cli aria2`);
  }
}

function run(command: string, args: string[], log: string): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.on('exit', () => {
    if (existsSync(workDir)) writeFileSync(join(workDir, log), chunks.join(''));
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${String(child.spawnfile)} did not exit in ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  for (const binary of ['mktorrent', 'transmission-cli', 'aria2c']) requireBinary(binary);
  env = await createEnvironment();
  tracker = await env.startTracker();
  workDir = mkdtempSync(join(tmpdir(), 'swarmhost-e2e-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await env.close();
  if (process.env.KEEP_E2E_DIR === undefined) rmSync(workDir, { recursive: true, force: true });
});

describe('real BitTorrent clients', () => {
  it('transmission seeds to aria2 through the tracker and PostgreSQL records the transfer', async () => {
    const tenant = await env.fixtures.tenant({ settings: { announceIntervalSeconds: 60, minAnnounceIntervalSeconds: 30, peerTtlSeconds: 120 } });
    const seeder = await env.fixtures.member(tenant);
    const leecher = await env.fixtures.member(tenant);
    const base = `http://127.0.0.1:${tracker.httpPort}`;

    const seedDir = join(workDir, 'seed');
    const downloadDir = join(workDir, 'download');
    mkdirSync(seedDir);
    mkdirSync(downloadDir);
    writeFileSync(join(seedDir, 'payload.bin'), randomBytes(FILE_BYTES));
    execFileSync('mktorrent', ['-a', `${base}/upload/announce`, '-l', '16', '-o', join(workDir, 'upload.torrent'), join(seedDir, 'payload.bin')]);
    const rewritten = rewriteForTenant(readFileSync(join(workDir, 'upload.torrent')), {
      announceUrl: `${base}/announce`,
      source: tenant.slug,
    });
    const torrent = await env.fixtures.torrent(tenant, { infoHash: rewritten.infoHash, size: FILE_BYTES, file: rewritten.torrent });
    writeFileSync(join(workDir, 'seeder.torrent'), personalise(rewritten.torrent, `${base}/${seeder.passkey}/announce`));
    writeFileSync(join(workDir, 'leecher.torrent'), personalise(rewritten.torrent, `${base}/${leecher.passkey}/announce`));

    const transmissionConfig = join(workDir, 'transmission');
    mkdirSync(transmissionConfig);
    const seedPort = await freePort();
    writeFileSync(join(transmissionConfig, 'settings.json'), JSON.stringify({
      'dht-enabled': false, 'lpd-enabled': false, 'pex-enabled': false, 'utp-enabled': false,
      'port-forwarding-enabled': false, 'bind-address-ipv4': '127.0.0.1', 'bind-address-ipv6': '::1',
      'peer-port': seedPort, 'rpc-enabled': false, 'ratio-limit-enabled': false, 'speed-limit-up-enabled': false,
      'message-level': 2,
    }));
    const transmission = run('transmission-cli', ['-g', transmissionConfig, '-w', seedDir, '-p', String(seedPort), '-M', '-U', '-D', join(workDir, 'seeder.torrent')], 'transmission.log');
    await until(async () => {
      const scrape = await getBencoded(tracker.httpPort, scrapeTarget(seeder.passkey, [torrent.infoHash]));
      const files = Object.values(scrape.files as unknown as Record<string, { complete: number }>);
      return files[0] !== undefined && files[0].complete === 1 ? true : undefined;
    }, 30_000, 'transmission to announce as a seeder');
    const seederAnnouncedAt = Date.now();

    const aria = run('aria2c', [
      // aria2 with --seed-time=0 stops right after the download and announces only
      // `stopped` (never `completed`) with left = 0: tracker-core counts that as the
      // completion (a known peer going from left > 0 to left = 0), so the snatch counts.
      '--seed-time=0', '--enable-dht=false', '--enable-dht6=false', '--enable-peer-exchange=false', '--bt-enable-lpd=false',
      `--listen-port=${await freePort()}`, '--bt-tracker-connect-timeout=5', '--bt-tracker-timeout=10', '--bt-stop-timeout=60',
      '--disable-ipv6=true', '--summary-interval=0', '--console-log-level=warn', '--file-allocation=none',
      `--dir=${downloadDir}`, join(workDir, 'leecher.torrent'),
    ], 'aria2.log');
    expect(await exited(aria, 90_000)).toBe(0);
    expect(readFileSync(join(downloadDir, 'payload.bin')).equals(readFileSync(join(seedDir, 'payload.bin')))).toBe(true);

    // transmission-cli 3.00 sends no `stopped` announce when it stops or exits (checked
    // against a logging HTTP server, also via RPC --stop/--reannounce), so its upload
    // reaches the tracker with its next regular announce, one `interval` (60 s ± 10 %)
    // after it started.
    // The worker's own flush, run now rather than waiting for its interval.
    const flusher = { flush: () => tracker.flush() };
    await until(async () => {
      await flusher.flush();
      const { rows } = await env.db.query<{ uploaded_bytes: string }>('SELECT uploaded_bytes FROM members WHERE id = $1', [seeder.id]);
      return Number(rows[0]?.uploaded_bytes) > 0 ? true : undefined;
    }, Math.max(0, seederAnnouncedAt + 75_000 - Date.now()), 'transmission to report its upload');
    transmission.kill('SIGINT');
    await exited(transmission, 30_000);
    await flusher.flush();

    const totals = await env.db.query<{ id: string; uploaded_bytes: string; downloaded_bytes: string }>(
      'SELECT id, uploaded_bytes, downloaded_bytes FROM members WHERE id = ANY($1::uuid[])',
      [[seeder.id, leecher.id]],
    );
    const byId = new Map(totals.rows.map((row) => [row.id, row]));
    const uploaded = Number(byId.get(seeder.id)?.uploaded_bytes);
    const downloaded = Number(byId.get(leecher.id)?.downloaded_bytes);
    expect(Math.abs(uploaded - FILE_BYTES) / FILE_BYTES).toBeLessThan(0.05);
    expect(Math.abs(downloaded - FILE_BYTES) / FILE_BYTES).toBeLessThan(0.05);
    const snatches = await env.db.query('SELECT member_id FROM snatches WHERE torrent_id = $1', [torrent.id]);
    expect(snatches.rows).toEqual([{ member_id: leecher.id }]);
    const counters = await env.db.query('SELECT seeders, leechers, times_completed FROM torrents WHERE id = $1', [torrent.id]);
    // aria2 left; transmission still counts as a seeder until it is reaped (no `stopped`).
    expect(counters.rows).toEqual([{ seeders: 1, leechers: 0, times_completed: 1 }]);
  }, 180_000);
});
