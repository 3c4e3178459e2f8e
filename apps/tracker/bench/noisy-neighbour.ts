// Noisy neighbour (issue 14): one community floods the tracker with 10× its plan's
// announce budget while another announces at a steady rate; the quiet one's p99 is
// measured alone and during the flood (target: at most 20 % worse), in ROUNDS rounds
// that alternate the two phases so a change in the machine's load hits both alike.
//
// Both clients are wrk (C, `paced.lua`: keep-alive connections, each waiting
// connections/rate between requests), not Node: a Node HTTP client offering 2,000/s
// takes most of a core, CPU a real deployment does not take from the tracker's machine.
// The generators still share the machine's cores with the pool; NOISY_NICE=19 runs the
// flood's wrk at the lowest priority (a nearer picture of a tracker whose clients are
// elsewhere; the quiet client, which measures, keeps normal priority): the output says
// which. The quiet client records every answer's latency (paced.lua with WRK_SAMPLES), so
// the verdict compares the p99 of every quiet announce of all alone phases with that of
// all flood phases (5 rounds of 10 s: ~5,000 announces each, the p99 their 50th slowest)
// rather than one phase's p99 (its 10th slowest), which single scheduling delays decide.
// Prints the load average at start and end, the quiet p50/p99 per round, the pooled
// p50/p99/p99.9/max and the rounds' medians, the flood's refusals (from the pool's
// /metrics), the pool's CPU per flood request, PostgreSQL's CPU per phase (where the
// accepted announces' ledger flushes land), and the ratio against the target.
//   pnpm --filter @swarmhost/tracker exec tsx bench/noisy-neighbour.ts
// Knobs: NOISY_BUDGET (200/s), QUIET_RATE (100/s), NOISY_SECONDS (10, per phase), NOISY_ROUNDS (5),
// NOISY_NICE (0), NOISY_TRACKER_DIR (another checkout's apps/tracker, for A/B runs),
// NOISY_PROFILE (a directory for CPU profiles of the pool), NOISY_CONTROL=1 (an A/A run: the
// "flood" phases send no flood, so the ratio shows what the machine's own noise does to
// two phases that should be alike).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, postgresCpuSeconds } from '@swarmhost/db/testing';
import pg from 'pg';
import { ownerOf } from '../src/shard/sharded-store';
import { startPool, type PoolProcess } from '../test/support/pool';
import { cpuSeconds } from './servers';
import { parseWrkOutput, type WrkResult } from './wrk';

const BUDGET = Number(process.env.NOISY_BUDGET ?? 200);
const FLOOD_RATE = BUDGET * 10;
const QUIET_RATE = Number(process.env.QUIET_RATE ?? 100);
const SECONDS = Number(process.env.NOISY_SECONDS ?? 10);
const ROUNDS = Number(process.env.NOISY_ROUNDS ?? 5);
const NICE = Number(process.env.NOISY_NICE ?? 0);
const TRACKER_DIR = process.env.NOISY_TRACKER_DIR;
/** NOISY_PROFILE=<dir>: --cpu-prof profiles of the pool's primary and workers are written there. */
const PROFILE_DIR = process.env.NOISY_PROFILE;
const CONTROL = process.env.NOISY_CONTROL === '1';
const MEMBERS = 300;
const QUIET_CONNECTIONS = 4;
const FLOOD_CONNECTIONS = 32;
for (const [name, value] of Object.entries({ NOISY_BUDGET: BUDGET, QUIET_RATE, NOISY_SECONDS: SECONDS, NOISY_ROUNDS: ROUNDS })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
}
if (!Number.isInteger(NICE) || NICE < 0 || NICE > 19) throw new Error('NOISY_NICE must be 0-19');

const pacedScript = fileURLToPath(new URL('./paced.lua', import.meta.url));
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const percent = (value: string) => value.replace(/../g, (byte) => `%${byte}`);
const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Community {
  slug: string;
  tenantId: string;
  passkeys: string[];
  infoHash: string;
}

async function community(db: pg.Pool, announcesPerSecond: number): Promise<Community> {
  const { rows: plan } = await db.query<{ id: string }>(
    `INSERT INTO plans (name, max_members, max_torrents, announces_per_second, max_torrent_file_bytes) VALUES ($1, 1000, 1000, $2, 1048576) RETURNING id`,
    [`bench ${hex(3)}`, announcesPerSecond],
  );
  const slug = `noisy-${hex(3)}`;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, settings, plan_id) VALUES ($1, $1, $2, $3) RETURNING id`,
    [slug, JSON.stringify({ maxPeersPerMemberTorrent: 100, announceRateLimitPerSecond: 10_000 }), plan[0]!.id],
  );
  const tenantId = rows[0]!.id;
  const passkeys = Array.from({ length: MEMBERS }, () => hex(16));
  await db.query(
    `INSERT INTO members (tenant_id, username, email, password_hash, passkey, rss_key)
     SELECT $1, 'u' || n, 'u' || n || '@bench.test', 'x', passkey, md5(passkey) FROM unnest($2::text[]) WITH ORDINALITY AS p(passkey, n)`,
    [tenantId, passkeys],
  );
  const infoHash = hex(20);
  await db.query(
    `INSERT INTO torrents (tenant_id, info_hash, name, size, file_count, piece_length, torrent_file, status) VALUES ($1, $2, 'bench', 1048576, 1, 262144, '\\x00'::bytea, 'approved')`,
    [tenantId, infoHash],
  );
  return { slug, tenantId, passkeys, infoHash };
}

/**
 * `count` announces in announce.lua's "<passkey> <query>" lines, each a new peer's first
 * announce (no min interval to meet). A file per run, longer than the run needs, so no
 * line repeats.
 */
function writeAnnounces(dir: string, name: string, community: Community, count: number): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const passkey = community.passkeys[index % MEMBERS]!;
    lines.push(`${passkey} info_hash=${percent(community.infoHash)}&peer_id=${percent(hex(20))}&port=${1024 + (index % 60000)}&uploaded=0&downloaded=0&left=1000&compact=1&numwant=30&event=started`);
  }
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface WrkRun extends WrkResult {
  /** CPU seconds wrk itself used (last reading of /proc before it exited). */
  readonly cpuSeconds: number;
  /** Every answer's latency in microseconds, ascending (only when asked for). */
  readonly samplesUs: number[];
}

/**
 * wrk with paced.lua at `rate` over `connections` keep-alive connections; `nice` > 0 lowers
 * its priority; `samplesFile` has paced.lua write every answer's latency there.
 */
function wrk(port: number, linesFile: string, rate: number, connections: number, seconds: number, nice = 0, samplesFile?: string): Promise<WrkRun> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '5s', '-s', pacedScript, `http://127.0.0.1:${port}/`, '--', linesFile, 'passkey', 'keepalive', String(rate), String(connections)];
  const env = { ...process.env, WRK_SAMPLES: samplesFile ?? '' };
  const child = nice > 0 ? spawn('nice', ['-n', String(nice), 'wrk', ...args], { env }) : spawn('wrk', args, { env });
  let stdout = '';
  let stderr = '';
  let cpu = 0;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const poll = setInterval(() => {
    if (child.pid !== undefined) cpu = Math.max(cpu, cpuSeconds([child.pid], false));
  }, 200);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) return reject(new Error(`wrk exited with ${String(code)}: ${stderr.slice(-2000)}`));
      const result = parseWrkOutput(stdout);
      const samplesUs = samplesFile === undefined ? [] : readFileSync(samplesFile, 'utf8').split('\n').filter((line) => line !== '').map(Number);
      if (samplesFile !== undefined && samplesUs.length !== result.requests) {
        return reject(new Error(`wrk wrote ${samplesUs.length} latency samples for ${result.requests} answers`));
      }
      resolve({ ...result, cpuSeconds: cpu, samplesUs });
    });
  });
}

/** CPU seconds (user, system) of one process from /proc (clock ticks of 10 ms). */
function cpuOf(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return { user: 0, system: 0 };
  }
}

interface PoolCpu {
  primary: number;
  workersUser: number;
  workersSystem: number;
}

function poolCpuOf(pool: PoolProcess): PoolCpu {
  const primary = cpuOf(pool.child.pid!);
  const workers = pool.workerPids().map(cpuOf);
  return {
    primary: primary.user + primary.system,
    workersUser: workers.reduce((sum, cpu) => sum + cpu.user, 0),
    workersSystem: workers.reduce((sum, cpu) => sum + cpu.system, 0),
  };
}

const minus = (a: PoolCpu, b: PoolCpu): PoolCpu => ({ primary: a.primary - b.primary, workersUser: a.workersUser - b.workersUser, workersSystem: a.workersSystem - b.workersSystem });
const plus = (a: PoolCpu, b: PoolCpu): PoolCpu => ({ primary: a.primary + b.primary, workersUser: a.workersUser + b.workersUser, workersSystem: a.workersSystem + b.workersSystem });
const NO_CPU: PoolCpu = { primary: 0, workersUser: 0, workersSystem: 0 };
/** A control run's stand-in for the flood it does not send. */
const NO_FLOOD: WrkRun = { requests: 0, requestsPerSecond: 0, errors: 0, p50Ms: 0, p99Ms: 0, p999Ms: 0, raw: '', cpuSeconds: 0, samplesUs: [] };

/** tracker_failures_total of one tenant from the pool's /metrics, by reason. */
async function failures(metricsPort: number, slug: string): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^tracker_failures_total\{([^}]*)\} (\d+)/gm)) {
    const labels = match[1]!;
    if (!labels.includes(`tenant="${slug}"`)) continue;
    const reason = /reason="([^"]*)"/.exec(labels)?.[1] ?? '?';
    counts.set(reason, (counts.get(reason) ?? 0) + Number(match[2]));
  }
  return counts;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;
/** Nearest-rank percentile of every sample of several runs together, in milliseconds. */
const pooled = (runs: WrkRun[], percentile: number) => {
  const all = runs.flatMap((run) => run.samplesUs).sort((a, b) => a - b);
  return all.length === 0 ? Number.NaN : all[Math.max(0, Math.ceil((percentile / 100) * all.length) - 1)]! / 1000;
};

async function main() {
  const generators = CONTROL ? 'CONTROL RUN (NOISY_CONTROL=1): no flood is sent, both phases are the quiet client alone' : NICE > 0 ? `flood generator (wrk) niced: nice -n ${NICE}, quiet client not` : 'generators (wrk) NOT niced: the flood\'s wrk competes with the pool at equal priority';
  const loadAtStart = load();
  console.log(`noisy neighbour: budget ${BUDGET}/s, flood ${FLOOD_RATE}/s offered over ${FLOOD_CONNECTIONS} connections, quiet ${QUIET_RATE}/s over ${QUIET_CONNECTIONS}, ${ROUNDS} rounds of ${SECONDS} s per phase; ${generators}`);
  console.log(`load average at start: ${loadAtStart}${TRACKER_DIR === undefined ? '' : `; pool from ${TRACKER_DIR}`}`);
  const dir = mkdtempSync(join(tmpdir(), 'noisy-'));
  const database = await createTestDatabase({ prefix: 'swarmhost_noisy' });
  const db = new pg.Pool({ connectionString: database.urls.system, max: 4 });
  const noisy = await community(db, BUDGET);
  const quiet = await community(db, 1_000_000);
  // Each swarm has one owner worker (a hash of tenant and info hash, so it changes from
  // run to run): when the two communities' torrents share one, the flood's accepted
  // announces and their ledger flushes run on the event loop that serves the quiet swarm.
  // Printed so runs can be compared; 14 runs on 2026-12-07 showed no visible difference.
  const workers = Number(process.env.TRACKER_WORKERS ?? 0) > 0 ? Number(process.env.TRACKER_WORKERS) : availableParallelism();
  const quietOwner = ownerOf(quiet.tenantId, quiet.infoHash, workers);
  const noisyOwner = ownerOf(noisy.tenantId, noisy.infoHash, workers);
  const owners = workers === 1 ? 'one worker' : `${workers} workers; quiet swarm on worker ${quietOwner}, flood's on worker ${noisyOwner}${quietOwner === noisyOwner ? ' (the same)' : ''}`;
  console.log(`pool: ${owners}`);
  const pool = await startPool({ DATABASE_URL: database.urls.owner, DATABASE_SYSTEM_URL: database.urls.system }, {
    ...(TRACKER_DIR === undefined ? {} : { appRoot: TRACKER_DIR }),
    ...(PROFILE_DIR === undefined ? {} : { nodeArguments: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] }),
  });
  const poolCpu = () => poolCpuOf(pool);
  const alone: WrkRun[] = [];
  const during: WrkRun[] = [];
  const floods: WrkRun[] = [];
  let floodPoolCpu = NO_CPU;
  let alonePoolCpu = NO_CPU;
  // PostgreSQL's CPU per phase: the ledger flushes of the accepted announces land there,
  // and it shares the two cores with the pool and the clients.
  let alonePostgres = 0;
  let floodPostgres = 0;
  try {
    const quietLines = (round: string) => writeAnnounces(dir, `quiet-${round}`, quiet, Math.ceil(QUIET_RATE * (SECONDS + 2) * 1.5));
    // Both communities' paths warm before anything is measured: their members and torrent
    // in the caches, the refusal path compiled. Before, only the quiet one was warmed, so
    // the first flood phase also timed the noisy community's cold start (that phase's quiet
    // p99 was 13 and 17 ms in 2 of 8 runs on 2026-12-07, at most 6 ms in the others).
    await Promise.all([
      wrk(pool.port, quietLines('warm'), QUIET_RATE, QUIET_CONNECTIONS, 3),
      wrk(pool.port, writeAnnounces(dir, 'flood-warm', noisy, FLOOD_RATE * 6), FLOOD_RATE, FLOOD_CONNECTIONS, 3, NICE),
    ]);
    await sleep(1000);
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Alternate the order (alone first, then flood first) so drift in the machine's load is shared.
      const phases = round % 2 === 1 ? (['alone', 'flood'] as const) : (['flood', 'alone'] as const);
      for (const phase of phases) {
        const quietFile = quietLines(`${round}-${phase}`);
        if (phase === 'alone') {
          const cpuBefore = poolCpu();
          const postgresBefore = postgresCpuSeconds();
          const result = await wrk(pool.port, quietFile, QUIET_RATE, QUIET_CONNECTIONS, SECONDS, 0, join(dir, 'samples'));
          alonePoolCpu = plus(alonePoolCpu, minus(poolCpu(), cpuBefore));
          const postgres = postgresCpuSeconds() - postgresBefore;
          alonePostgres += postgres;
          alone.push(result);
          console.log(`round ${round} quiet alone:  ${result.requests} at ${result.requestsPerSecond.toFixed(0)}/s, p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}; PostgreSQL CPU ${postgres.toFixed(2)} s; load ${load()}`);
        } else {
          const cpuBefore = poolCpu();
          const postgresBefore = postgresCpuSeconds();
          // The flood starts first (wrk reads its lines before the clock starts) and ends after.
          const flood = CONTROL
            ? sleep((SECONDS + 3) * 1000).then(() => NO_FLOOD)
            : wrk(pool.port, writeAnnounces(dir, `flood-${round}`, noisy, Math.ceil(FLOOD_RATE * (SECONDS + 4) * 1.3)), FLOOD_RATE, FLOOD_CONNECTIONS, SECONDS + 3, NICE);
          await sleep(1500);
          const result = await wrk(pool.port, quietFile, QUIET_RATE, QUIET_CONNECTIONS, SECONDS, 0, join(dir, 'samples'));
          const floodResult = await flood;
          floodPoolCpu = plus(floodPoolCpu, minus(poolCpu(), cpuBefore));
          const postgres = postgresCpuSeconds() - postgresBefore;
          floodPostgres += postgres;
          during.push(result);
          floods.push(floodResult);
          console.log(`round ${round} quiet during: ${result.requests} at ${result.requestsPerSecond.toFixed(0)}/s, p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}; flood ${floodResult.requests} at ${floodResult.requestsPerSecond.toFixed(0)}/s (p99 ${ms(floodResult.p99Ms)}, wrk CPU ${floodResult.cpuSeconds.toFixed(2)} s); PostgreSQL CPU ${postgres.toFixed(2)} s; load ${load()}`);
        }
      }
    }
    const noisyFailures = await failures(pool.metricsPort, noisy.slug);
    const quietFailures = await failures(pool.metricsPort, quiet.slug);
    const floodRequests = floods.reduce((sum, run) => sum + run.requests, 0);
    const aloneRequests = alone.reduce((sum, run) => sum + run.requests, 0);
    const refused = noisyFailures.get('rate_limited') ?? 0;
    const quietRefused = [...quietFailures.values()].reduce((sum, count) => sum + count, 0);
    const errors = [...alone, ...during, ...floods].reduce((sum, run) => sum + run.errors, 0);
    const p99Alone = median(alone.map((run) => run.p99Ms));
    const p99During = median(during.map((run) => run.p99Ms));
    const p50Alone = median(alone.map((run) => run.p50Ms));
    const p50During = median(during.map((run) => run.p50Ms));
    const pooledAlone = pooled(alone, 99);
    const pooledDuring = pooled(during, 99);
    const worse = ((pooledDuring - pooledAlone) / pooledAlone) * 100;
    // The pool's CPU during the flood phases beyond what the quiet client alone costs it.
    const extra = minus(floodPoolCpu, alonePoolCpu);
    const perRequest = (seconds: number) => (floodRequests === 0 ? Number.NaN : (seconds / floodRequests) * 1e6).toFixed(0);
    console.log('');
    const answers = (runs: WrkRun[]) => runs.reduce((sum, run) => sum + run.samplesUs.length, 0);
    console.log(`| quiet community | answers | pooled p50 | pooled p99 | pooled p99.9 | max | median of the rounds' p50 | median of the rounds' p99 |`);
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [label, runs, p50, p99] of [['alone', alone, p50Alone, p99Alone], ['during the flood', during, p50During, p99During]] as const) {
      console.log(`| ${label} | ${answers(runs)} | ${ms(pooled(runs, 50))} | **${ms(pooled(runs, 99))}** | ${ms(pooled(runs, 99.9))} | ${ms(pooled(runs, 100))} | ${ms(p50)} | ${ms(p99)} |`);
    }
    console.log('');
    console.log(`flood: ${floodRequests} requests at ${(floodRequests / (floods.length * (SECONDS + 3))).toFixed(0)}/s achieved of ${FLOOD_RATE}/s offered; refused over budget ${refused}; other noisy failures ${JSON.stringify(Object.fromEntries([...noisyFailures].filter(([reason]) => reason !== 'rate_limited')))}`);
    console.log(`quiet: failures ${quietRefused} of ${aloneRequests + during.reduce((sum, run) => sum + run.requests, 0)}; socket errors + non-2xx (all clients) ${errors}`);
    console.log(`pool CPU per flood request ≈ ${perRequest(extra.primary + extra.workersUser + extra.workersSystem)} µs: workers ${perRequest(extra.workersUser)} user + ${perRequest(extra.workersSystem)} system (kernel: socket reads and writes), primary ${perRequest(extra.primary)} (pool CPU in the flood phases minus the quiet-alone phases; 10 ms ticks)`);
    const aloneSeconds = alone.length * SECONDS;
    const floodSeconds = floods.length * (SECONDS + 3);
    console.log(`PostgreSQL CPU (the whole server's): ${((alonePostgres / aloneSeconds) * 100).toFixed(1)} % of a core in the alone phases, ${((floodPostgres / floodSeconds) * 100).toFixed(1)} % in the flood phases (${floodPostgres.toFixed(2)} s over ${floodSeconds} s)`);
    console.log(`flood wrk CPU ${floods.reduce((sum, run) => sum + run.cpuSeconds, 0).toFixed(2)} s over ${floods.length * (SECONDS + 3)} s`);
    console.log(`median of the rounds' p99: ${(p99During / p99Alone).toFixed(2)}× of alone during the flood`);
    console.log(`quiet p99 (every announce of the ${ROUNDS} rounds of each phase pooled) ${worse >= 0 ? `${worse.toFixed(0)} % worse` : `${(-worse).toFixed(0)} % better`} during the flood (${(pooledDuring / pooledAlone).toFixed(2)}× of alone; target at most 1.20×: ${worse <= 20 ? 'MET' : 'NOT MET'}); ${generators}`);
    console.log(`pool: ${owners}`);
    console.log(`load average at start: ${loadAtStart}; at end: ${load()}`);
  } finally {
    await pool.stop();
    await db.end();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
