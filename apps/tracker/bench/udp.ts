// `pnpm --filter @swarmhost/tracker exec tsx bench/udp.ts` (a script, not a test): BEP 15
// announces over UDP, each a connect then an announce carrying `/<passkey>/announce` as
// BEP 41 URL data, against our pool, Debian's opentracker and a static responder (the
// generator's own ceiling), each pinned to core 0 with the generator (this process) on
// core 1. 64 exchanges in flight, the same pre-generated announces (fresh peers) for
// every target. Prints the load average, announces/s, timeouts and server CPU per
// announce. Stops by itself.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAnnounceRequest, buildConnectRequest, urlDataOptions } from '@swarmhost/bittorrent/udp';
import { createTestDatabase } from '@swarmhost/db/testing';
import pg from 'pg';
import { seedDatabase, type BenchFixtures } from './seed';
import { freePort } from '@swarmhost/test-support';
import { cpuSeconds, startOpentracker, startOurs, startRedis, type Running } from './servers';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const IN_FLIGHT = 64;
const TIMEOUT_MS = 1000;

interface Announce {
  readonly passkey: string;
  readonly infoHash: string;
  readonly peerId: string;
  readonly left: bigint;
  readonly port: number;
}

function announces(fixtures: BenchFixtures, count: number): Announce[] {
  return Array.from({ length: count }, () => {
    const tenant = fixtures.tenants[randomInt(fixtures.tenants.length)]!;
    return {
      passkey: tenant.members[randomInt(tenant.members.length)]!.passkey,
      infoHash: tenant.infoHashes[randomInt(tenant.infoHashes.length)]!,
      peerId: Buffer.from('-BN0001-', 'latin1').toString('hex') + randomBytes(12).toString('hex'),
      left: randomInt(4) === 0 ? 0n : BigInt(randomInt(1, 1_000_000)),
      port: randomInt(1024, 65535),
    };
  });
}

interface UdpResult {
  announces: number;
  perSecond: number;
  timeouts: number;
  errors: number;
}

/** IN_FLIGHT loops of connect + announce for `seconds`; counts answered announces. */
async function drive(port: number, work: readonly Announce[], seconds: number): Promise<UdpResult> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const pending = new Map<number, { resolve: (reply: Buffer | undefined) => void; timer: NodeJS.Timeout }>();
  socket.on('message', (message) => {
    if (message.length < 8) return;
    const entry = pending.get(message.readUInt32BE(4));
    if (entry === undefined) return;
    pending.delete(message.readUInt32BE(4));
    clearTimeout(entry.timer);
    entry.resolve(message);
  });
  let nextTransaction = 1;
  const exchange = (packet: Buffer, transactionId: number) =>
    new Promise<Buffer | undefined>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(transactionId);
        resolve(undefined);
      }, TIMEOUT_MS);
      pending.set(transactionId, { resolve, timer });
      socket.send(packet, port, '127.0.0.1');
    });
  const result: UdpResult = { announces: 0, perSecond: 0, timeouts: 0, errors: 0 };
  let index = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const item = work[index++ % work.length]!;
      const connectId = nextTransaction++ >>> 0;
      const connected = await exchange(buildConnectRequest(connectId), connectId);
      if (connected === undefined) { result.timeouts += 1; continue; }
      if (connected.readUInt32BE(0) !== 0 || connected.length < 16) { result.errors += 1; continue; }
      const announceId = nextTransaction++ >>> 0;
      const packet = buildAnnounceRequest(
        { connectionId: connected.subarray(8, 16), transactionId: announceId, infoHash: item.infoHash, peerId: item.peerId, downloaded: 0n, left: item.left, uploaded: 0n, eventCode: 2, ipv4: 0, key: 0, numWant: 50, port: item.port },
        urlDataOptions(`/${item.passkey}/announce`),
      );
      const answer = await exchange(packet, announceId);
      if (answer === undefined) result.timeouts += 1;
      else if (answer.readUInt32BE(0) !== 1) result.errors += 1;
      else result.announces += 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, loop));
  result.perSecond = result.announces / ((performance.now() - started) / 1000);
  socket.close();
  return result;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

const started: Running[] = [];

async function measure(name: string, target: { port: number; pids: number[] }, work: readonly Announce[]): Promise<string> {
  const cpuBefore = cpuSeconds(target.pids);
  const result = await drive(target.port, work, SECONDS);
  const cpu = ((cpuSeconds(target.pids) - cpuBefore) * 1e6) / Math.max(1, result.announces);
  const line = `| ${name} | ${result.perSecond.toFixed(0)} | ${result.timeouts} | ${result.errors} | ${cpu.toFixed(0)} |`;
  log(line);
  return line;
}

async function main(): Promise<void> {
  // The generator is this process: core 1, the servers core 0.
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)]);
  const [load1, load5, load15] = loadavg();
  log(`load average at start: ${load1!.toFixed(2)} ${load5!.toFixed(2)} ${load15!.toFixed(2)}; ${IN_FLIGHT} connect+announce exchanges in flight, ${SECONDS} s each`);
  const workDir = mkdtempSync(join(tmpdir(), 'swarmhost-udp-bench-'));
  const database = await createTestDatabase({ prefix: 'swarmhost_bench' });
  const db = new pg.Pool({ connectionString: database.urls.system, max: 4 });
  const lines: string[] = [];
  try {
    const fixtures = await seedDatabase(db);
    const work = announces(fixtures, 200_000);
    log('| target | announces/s | timeouts | error answers | server CPU µs/announce |');
    log('|---|---:|---:|---:|---:|');

    const staticPort = await freePort();
    const responder = spawn('taskset', ['-c', '0', process.execPath, 'bench/udp-static-responder.mjs', String(staticPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => responder.stdout.once('data', resolve));
    lines.push(await measure('static responder (generator ceiling)', { port: staticPort, pids: [responder.pid!] }, work));
    responder.kill('SIGTERM');

    const redisServer = await startRedis();
    started.push(redisServer);
    const udpPort = await freePort();
    const ours = await startOurs({
      DATABASE_URL: database.urls.owner,
      DATABASE_SYSTEM_URL: database.urls.system,
      REDIS_URL: `redis://127.0.0.1:${redisServer.port}`,
      TRACKER_WORKERS: process.env.BENCH_WORKERS ?? '1',
      TRACKER_UDP_ENABLED: 'true',
      TRACKER_UDP_PORT: String(udpPort),
      FLUSH_INTERVAL: '3',
    });
    started.push(ours);
    lines.push(await measure('swarmhost', { port: udpPort, pids: [ours.child.pid!, redisServer.child.pid!] }, work));
    await ours.stop();
    await redisServer.stop();

    const opentracker = await startOpentracker(workDir, fixtures.allInfoHashes);
    started.push(opentracker);
    lines.push(await measure('opentracker', { port: opentracker.port, pids: [opentracker.child.pid!] }, work));
    await opentracker.stop();
    const rate = (line: string | undefined) => Number(line?.split('|')[2]);
    log(`swarmhost / opentracker UDP = ${(rate(lines[1]) / rate(lines[2])).toFixed(2)}×; generator ceiling ${rate(lines[0]).toFixed(0)}/s`);
  } finally {
    for (const running of started) await running.stop().catch(() => undefined);
    await db.end();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const watchdog = setTimeout(() => {
  log('UDP benchmark took longer than 10 minutes; stopping');
  for (const running of started) running.child.kill('SIGKILL');
  process.exit(2);
}, 10 * 60_000);
watchdog.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
