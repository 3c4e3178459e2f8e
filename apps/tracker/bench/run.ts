// `pnpm bench:tracker`: seeds 1,000 members and 10,000 torrents, prefills 100,000 peers,
// then drives compact numwant=50 announces with wrk (64 connections, keep-alive and
// `Connection: close`) against our pool, Debian's opentracker and npm bittorrent-tracker,
// servers on core 0 and wrk on core 1, 127.0.0.1 only. Prints req/s, p50, p99 and
// errors per tracker, the ratios, and memory per 100,000 peers. BENCH_WORKERS picks
// our pool's worker count.
// Prints the load average at start. Stops by itself.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@swarmhost/db/testing';
import { Redis } from 'ioredis';
import pg from 'pg';
import { prefill } from './prefill';
import { announceLines, seedDatabase, writeLines } from './seed';
import { cpuSeconds, residentBytes, startBittorrentTracker, startOpentracker, startOurs, startRedis, type Running } from './servers';
import { runWrk, type WrkResult } from './wrk';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** BENCH_PROFILE=<dir>: CPU profiles of our pool (primary and workers) are written there. */
const PROFILE_DIR = process.env.BENCH_PROFILE;
/** BENCH_HEAPSNAPSHOT=<dir>: each worker writes a heap snapshot there once the prefill settled. */
const HEAPSNAPSHOT_DIR = process.env.BENCH_HEAPSNAPSHOT;
/** BENCH_ONLY=swarmhost skips the reference trackers (for profiling runs). */
const ONLY_OURS = process.env.BENCH_ONLY === 'swarmhost';
/** BENCH_WORKERS (default 1): our pool's TRACKER_WORKERS, all pinned to core 0 (2 shows the forwarding cost). */
const WORKERS = process.env.BENCH_WORKERS ?? '1';
if (!/^[1-9]$/.test(WORKERS)) throw new Error(`BENCH_WORKERS must be 1-9 (got ${JSON.stringify(WORKERS)})`);
/** BENCH_PEERS (default 100,000): peers prefilled into each tracker (1,000,000 for the memory ceiling). */
const PEERS = Number(process.env.BENCH_PEERS ?? 100_000);
if (!Number.isInteger(PEERS) || PEERS < 1000) throw new Error(`BENCH_PEERS must be an integer of at least 1000 (got ${JSON.stringify(process.env.BENCH_PEERS)})`);
/** Offered rate of the paced run (new connection per announce). */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 5000);
const MiB = 1024 * 1024;

interface Row {
  tracker: string;
  mode: 'keep-alive' | 'close';
  result: WrkResult;
  /** Server CPU (tracker + its Redis) per answered request: comparable even on a busy machine. */
  cpuMicroseconds: number;
  /** The parts spent in Redis and in the cluster primary (our tracker only). */
  redisMicroseconds?: number;
  primaryMicroseconds?: number;
  failures?: number;
}

const started: Running[] = [];
const log = (line: string) => process.stdout.write(`${line}\n`);

async function failureCount(tracker: Running): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${tracker.metricsPort ?? tracker.port}/metrics`)).text();
  return [...text.matchAll(/^tracker_failures_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function measure(tracker: Running, serverPids: number[], withPasskey: boolean, files: { keepAlive: string; close: string }, rows: Row[], redisPid?: number) {
  for (const [mode, file] of [['keep-alive', files.keepAlive], ['close', files.close]] as const) {
    const before = withPasskey ? await failureCount(tracker) : 0;
    const cpuBefore = cpuSeconds(serverPids);
    const redisBefore = redisPid === undefined ? 0 : cpuSeconds([redisPid]);
    const primaryBefore = redisPid === undefined ? 0 : cpuSeconds([tracker.child.pid!], false);
    const result = await runWrk({ port: tracker.port, linesFile: file, withPasskey, close: mode === 'close', seconds: SECONDS });
    const cpuMicroseconds = ((cpuSeconds(serverPids) - cpuBefore) * 1e6) / result.requests;
    const redisMicroseconds = redisPid === undefined ? undefined : ((cpuSeconds([redisPid]) - redisBefore) * 1e6) / result.requests;
    const primaryMicroseconds = redisPid === undefined ? undefined : ((cpuSeconds([tracker.child.pid!], false) - primaryBefore) * 1e6) / result.requests;
    const failures = withPasskey ? (await failureCount(tracker)) - before : undefined;
    rows.push({
      tracker: tracker.name, mode, result, cpuMicroseconds,
      ...(redisMicroseconds !== undefined ? { redisMicroseconds } : {}),
      ...(primaryMicroseconds !== undefined ? { primaryMicroseconds } : {}),
      ...(failures !== undefined ? { failures } : {}),
    });
    log(`  ${tracker.name} ${mode}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99Ms.toFixed(2)} ms, errors ${result.errors}, ${cpuMicroseconds.toFixed(0)} µs CPU/request`);
  }
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'swarmhost-bench-'));
  const database = await createTestDatabase({ prefix: 'swarmhost_bench' });
  const db = new pg.Pool({ connectionString: database.urls.system, max: 4 });
  const rows: Row[] = [];
  const [load1, load5, load15] = loadavg();
  log(`load average at start: ${load1!.toFixed(2)} ${load5!.toFixed(2)} ${load15!.toFixed(2)}; our workers: ${WORKERS}`);
  try {
    log('seeding 10 tenants, 1,000 members, 10,000 torrents …');
    const fixtures = await seedDatabase(db);
    const prefillLines = announceLines(fixtures, PEERS);
    const files = { keepAlive: join(workDir, 'keepalive.txt'), close: join(workDir, 'close.txt') };
    writeLines(files.keepAlive, announceLines(fixtures, 500_000));
    writeLines(files.close, announceLines(fixtures, 250_000));
    // Announces of their own: replaying the close run's would meet the min interval.
    const pacedFile = join(workDir, 'paced.txt');
    writeLines(pacedFile, announceLines(fixtures, Math.max(100_000, PACED_RATE * SECONDS * 2)));
    const passkeyPaths = prefillLines.map((line) => `/${line.slice(0, 32)}/announce?${line.slice(33)}`);
    const plainPaths = prefillLines.map((line) => `/announce?${line.slice(33)}`);

    const redisServer = await startRedis();
    started.push(redisServer);
    const redis = new Redis(`redis://127.0.0.1:${redisServer.port}`);
    const redisBefore = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
    const ours = await startOurs({
      DATABASE_URL: database.urls.owner,
      DATABASE_SYSTEM_URL: database.urls.system,
      REDIS_URL: `redis://127.0.0.1:${redisServer.port}`,
      TRACKER_WORKERS: WORKERS,
      FLUSH_INTERVAL: '3',
    }, PROFILE_DIR, HEAPSNAPSHOT_DIR);
    started.push(ours);
    const poolRss = () => { const rss = residentBytes(ours.child.pid!); return rss.own + rss.children.reduce((sum, bytes) => sum + bytes, 0); };
    const emptyRss = poolRss();
    log(`prefilling ${PEERS} peers into each tracker …`);
    const oursPrefill = await prefill(ours.port, passkeyPaths);
    const redisAfter = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
    // Idle for a while: the prefill's ledger is flushed and V8's memory reducer (which
    // runs after some seconds of low allocation) has given back the prefill's garbage.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const memory = residentBytes(ours.child.pid!);
    const filledRss = poolRss();
    // Printed at once as well: a later part of the run may not finish on a busy machine.
    log(`  swarmhost pool RSS: empty ${(emptyRss / MiB).toFixed(0)} MiB, with ${PEERS} peers ${(filledRss / MiB).toFixed(0)} MiB (+${((filledRss - emptyRss) / MiB).toFixed(1)} MiB; primary ${(memory.own / MiB).toFixed(0)} MiB, worker(s) ${memory.children.map((bytes) => `${(bytes / MiB).toFixed(0)} MiB`).join(', ')}); prefill ${oursPrefill.ok} ok, ${oursPrefill.failed} failed`);
    if (HEAPSNAPSHOT_DIR !== undefined) {
      const workerPids = readFileSync(`/proc/${ours.child.pid!}/task/${ours.child.pid!}/children`, 'utf8').trim().split(/\s+/).map(Number);
      for (const pid of workerPids) process.kill(pid, 'SIGUSR2');
      log(`heap snapshots of workers ${workerPids.join(', ')} requested into ${HEAPSNAPSHOT_DIR}; waiting 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    }
    await redis.config('RESETSTAT');
    await measure(ours, [ours.child.pid!, redisServer.child.pid!], true, files, rows, redisServer.child.pid!);
    // Latency at a fixed offered rate, a new connection per announce (wrk with paced.lua).
    const failuresBeforePaced = await failureCount(ours);
    const paced = await runWrk({ port: ours.port, linesFile: pacedFile, withPasskey: true, close: true, seconds: SECONDS, rate: PACED_RATE });
    const pacedFailures = (await failureCount(ours)) - failuresBeforePaced;
    const pacedLine = `paced, new connection each, ${PACED_RATE}/s offered by 64 connections: ${paced.requestsPerSecond.toFixed(0)}/s achieved, ` +
      `p50 ${paced.p50Ms.toFixed(2)} ms, p99 ${paced.p99Ms.toFixed(2)} ms, p99.9 ${paced.p999Ms.toFixed(2)} ms, errors ${paced.errors}, failure answers ${pacedFailures}`;
    log(`  swarmhost ${pacedLine}`);
    // Where Redis spends its time during the measured runs (µs per call, calls).
    const commandStats = [...(await redis.info('commandstats')).matchAll(/cmdstat_(\w+):calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)/g)]
      .map(([, command, calls, usec, perCall]) => ({ command: command!, calls: Number(calls), usec: Number(usec), perCall: Number(perCall) }))
      .sort((left, right) => right.usec - left.usec)
      .slice(0, 8);
    redis.disconnect();
    await ours.stop();
    await redisServer.stop();

    let openPrefill = { ok: 0, failed: 0 };
    let referencePrefill = { ok: 0, failed: 0 };
    let openMemory = Number.NaN;
    let referenceMemory = Number.NaN;
    if (!ONLY_OURS) {
      const opentracker = await startOpentracker(workDir, fixtures.allInfoHashes);
      started.push(opentracker);
      openPrefill = await prefill(opentracker.port, plainPaths);
      openMemory = residentBytes(opentracker.child.pid!).own;
      await measure(opentracker, [opentracker.child.pid!], false, files, rows);
      await opentracker.stop();

      const reference = await startBittorrentTracker();
      started.push(reference);
      referencePrefill = await prefill(reference.port, plainPaths);
      referenceMemory = residentBytes(reference.child.pid!).own;
      await measure(reference, [reference.child.pid!], false, files, rows);
      await reference.stop();
    }

    log('');
    log(`prefill answers (ok/failed): swarmhost ${oursPrefill.ok}/${oursPrefill.failed}, opentracker ${openPrefill.ok}/${openPrefill.failed}, bittorrent-tracker ${referencePrefill.ok}/${referencePrefill.failed}`);
    log('');
    log('| tracker | mode | req/s | p50 ms | p99 ms | errors | failure answers | server CPU µs/req |');
    log('|---|---|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      const { result } = row;
      log(`| ${row.tracker} | ${row.mode} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50Ms.toFixed(2)} | ${result.p99Ms.toFixed(2)} | ${result.errors} | ${row.failures ?? 'n/a'} | ${row.cpuMicroseconds.toFixed(0)}${row.redisMicroseconds === undefined ? '' : ` (Redis ${row.redisMicroseconds.toFixed(0)}, primary ${row.primaryMicroseconds?.toFixed(0)})`} |`);
    }
    const rate = (tracker: string, mode: string) => rows.find((row) => row.tracker === tracker && row.mode === mode)?.result.requestsPerSecond ?? Number.NaN;
    log('');
    for (const mode of ['keep-alive', 'close'] as const) {
      const oursRate = rate('swarmhost', mode);
      const cpu = (tracker: string) => rows.find((row) => row.tracker === tracker && row.mode === mode)?.cpuMicroseconds ?? Number.NaN;
      log(`${mode}: swarmhost / bittorrent-tracker = ${(oursRate / rate('bittorrent-tracker', mode)).toFixed(2)}×, swarmhost / opentracker = ${(oursRate / rate('opentracker', mode)).toFixed(2)}×` +
        ` (by CPU per request: ${(cpu('bittorrent-tracker') / cpu('swarmhost')).toFixed(2)}× and ${(cpu('opentracker') / cpu('swarmhost')).toFixed(2)}×)`);
    }
    log('');
    log(`swarmhost ${pacedLine}; p99 at saturation (closed loop): keep-alive ${rows.find((row) => row.tracker === 'swarmhost' && row.mode === 'keep-alive')?.result.p99Ms.toFixed(2)} ms, close ${rows.find((row) => row.tracker === 'swarmhost' && row.mode === 'close')?.result.p99Ms.toFixed(2)} ms`);
    const perHundredThousand = ((filledRss - emptyRss) / MiB) * (100_000 / PEERS);
    log(`memory: ${PEERS} peers take +${((filledRss - emptyRss) / MiB).toFixed(1)} MiB of pool RSS = ${perHundredThousand.toFixed(1)} MiB per 100,000 peers`);
    log(`memory per ${PEERS} peers: Redis +${((redisAfter - redisBefore) / MiB).toFixed(1)} MiB; swarmhost pool RSS +${((filledRss - emptyRss) / MiB).toFixed(1)} MiB over the empty pool (${(emptyRss / MiB).toFixed(0)} -> ${(filledRss / MiB).toFixed(0)} MiB; primary ${(memory.own / MiB).toFixed(0)} MiB, worker(s) ${memory.children.map((bytes) => `${(bytes / MiB).toFixed(0)} MiB`).join(', ')})`);
    log(`Redis time by command during our runs: ${commandStats.map((stat) => `${stat.command} ${stat.calls} calls × ${stat.perCall.toFixed(1)} µs`).join('; ')}`);
    log(`reference RSS with ${PEERS} peers: opentracker ${(openMemory / MiB).toFixed(0)} MiB, bittorrent-tracker ${(referenceMemory / MiB).toFixed(0)} MiB`);
  } finally {
    for (const running of started) await running.stop().catch(() => undefined);
    await db.end();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** 15 minutes, more for a larger prefill (a million peers take minutes on a busy machine). */
const WATCHDOG_MINUTES = 15 + Math.ceil(PEERS / 100_000) * 2;
const watchdog = setTimeout(() => {
  log(`benchmark took longer than ${WATCHDOG_MINUTES} minutes; stopping`);
  for (const running of started) running.child.kill('SIGKILL');
  process.exit(2);
}, WATCHDOG_MINUTES * 60_000);
watchdog.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    for (const running of started) running.child.kill('SIGKILL');
    process.exit(1);
  },
);
