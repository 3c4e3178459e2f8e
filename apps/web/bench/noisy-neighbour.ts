// Noisy neighbour, the site's half (issue 14): tenant A floods the built standalone site
// with searches no cache has seen, from its 20 members at random (so the community's
// budget refuses, not one member's share), at 10× its plan's search budget, while a member of
// tenant B fetches B's torrent list (the tRPC list call, as web-bench does) at a steady
// rate, open loop. B's p50/p99 before and during the flood are printed beside the
// target (at most 20 % worse), with the load average: this machine's 2 CPUs are shared
// with the generators and with everything else running. Run `pnpm --filter
// @swarmhost/web build` first.
//   pnpm --filter @swarmhost/web bench:noisy
//   NOISY_BUDGET=20     A's plan: searches a second (the flood asks for 10×: NOISY_FLOOD_FACTOR)
//   QUIET_RATE=50       B's list calls a second;  SECONDS=15 per phase; NOISY_ROUNDS=3 (alone / flood alternating)
//   NOISY_TORRENTS=20000 torrents per tenant;     NOISY_CONNECTIONS=100 wrk connections
//   NOISY_SERVER=<path to site-server.mjs>  another build (e.g. a copy of the one before a change)
//   NOISY_SERVER_FLAGS='--trace-gc' BENCH_SERVER_LOG=1  more node flags for the site, and its output
//   NOISY_TIMELINE=1    each phase's slowest calls, with when they were sent and which list
//   NOISY_CELLS=1       A on a site process of its own (B's process shares only CPUs and database)
//   NOISY_LANE=1        one site process for everything but searches, which it passes on to a
//                       search lane (WEB_SEARCH_LANE_URL, a second process), as scripts/start.sh runs it
//   NOISY_WARM=5        seconds of B's lists and A's flood together before round 1, not measured:
//                       the site as it is after serving for a while (pool connections open, the
//                       search path compiled); 0 measures a freshly started site's first flood
//   NOISY_CONTROL=1     an A/A control: the flood phases send no flood (B alone in both), so the
//                       change shows only the machine's own noise between two alike phases
//   NOISY_AT_BUDGET=1   a third phase each round: A searching at exactly its budget (nothing to
//                       refuse), to tell what A's allowed searches cost B from what the flood adds
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureDatabase, createPrismaClient, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase, postgresCpuSeconds } from '@swarmhost/db/testing';
import { createMemberSession, createTenant, seedBenchData } from '@swarmhost/domain';
import { seedBenchTorrents, TITLE_WORDS } from './seed-torrents';
import { SITE_ENTRY, SITE_NODE_FLAGS, WEB_ROOT } from './site-process';
import { freePort } from '@swarmhost/test-support';

const env = process.env;
const BUDGET = Number(env.NOISY_BUDGET ?? 20);
// NOISY_FLOOD_FACTOR=1 asks for exactly the budget: what A's allowed searches alone cost B.
const FLOOD_FACTOR = Number(env.NOISY_FLOOD_FACTOR ?? 10);
const FLOOD_RATE = BUDGET * FLOOD_FACTOR;
const QUIET_RATE = Number(env.QUIET_RATE ?? 50);
const SECONDS = Number(env.SECONDS ?? 15);
const ROUNDS = Math.max(1, Number(env.NOISY_ROUNDS ?? 3));
const TORRENTS = Number(env.NOISY_TORRENTS ?? 20_000);
const CONNECTIONS = Number(env.NOISY_CONNECTIONS ?? 100);
const NICE = 10;
const AT_BUDGET = Boolean(env.NOISY_AT_BUDGET);
const CONTROL = env.NOISY_CONTROL === '1';
/** A control run's stand-in for the flood it does not send. */
const NO_FLOOD = (seconds: number): FloodResult => ({ requests: 0, seconds, ok: 0, refused: 0, other: 0, retryAfter: 0, p50: 0, p99: 0, errors: 0 });
const WARM_SECONDS = Number(env.NOISY_WARM ?? 5);
// NOISY_SERVER_FLAGS: more node flags for the site (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
const SERVER_FLAGS = (env.NOISY_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
const serverScript = env.NOISY_SERVER ?? SITE_ENTRY;
// Each tenant on a loopback address of its own, served as a custom domain: no Host tricks.
const QUIET_HOST = '127.0.0.1';
const NOISY_HOST = '127.0.0.2';

// B's list pages as members browse them (several sorts and filters, one "mine" that no
// page cache serves).
const LISTS: object[] = [{}, { sort: 'seeders', page: 2 }, { sort: 'size', order: 'desc' }, { category: 'movies' }, { freeleech: true }, { mine: 'seeding' }];

// One secret for every site process the bench starts (a lane trusts what the front paid for).
const SITE_SECRET = randomBytes(32).toString('hex');

const load = () => loadavg().map((value) => value.toFixed(2)).join(' / ');

/** The value at `share` (0.99: the p99) of latencies sorted ascending. */
const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;

async function seed() {
  const database = await createTestDatabase({ prefix: 'swarmhost_bench_noisy' });
  configureDatabase({ urls: database.urls, poolMax: 4 });
  const db = systemClient();
  const quiet = await createTenant({ db, slug: 'quiet', name: 'Quiet' });
  const noisy = await createTenant({ db, slug: 'noisy', name: 'Noisy' });
  await db.tenantHost.createMany({ data: [{ tenantId: quiet.id, host: QUIET_HOST }, { tenantId: noisy.id, host: NOISY_HOST }] });
  // A's plan carries the search budget where the site knows one (plans.searches_per_second).
  const columns = await db.$queryRawUnsafe<{ column_name: string }[]>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'plans' AND column_name = 'searches_per_second'`);
  const hasBudget = columns.length > 0;
  const [plan] = await db.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO plans (name, max_members, max_torrents, announces_per_second, max_torrent_file_bytes) VALUES ('Noisy bench', 1000, 1000000, 500, 1048576) RETURNING id`,
  );
  if (hasBudget) await db.$executeRawUnsafe(`UPDATE plans SET searches_per_second = $1 WHERE id = $2::uuid`, BUDGET, plan!.id);
  await db.$executeRawUnsafe(`UPDATE tenants SET plan_id = $1::uuid WHERE id = $2::uuid`, plan!.id, noisy.id);
  for (const tenant of [quiet, noisy]) {
    await seedBenchData({ db, tenantSlug: tenant.slug, members: 20, torrents: 1, trackerBaseUrl: 'http://127.0.0.1:6969' });
    await seedBenchTorrents({ db, tenantId: tenant.id, count: TORRENTS });
  }
  const sessions = async (tenantId: string) => {
    const members = await db.member.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
    return Promise.all(members.map(async (member) => (await createMemberSession({ tenantId, memberId: member.id })).token));
  };
  // B browses as one member; A floods as all of its 20, so the community's budget refuses,
  // not a member's share of it (a quarter: 5 a second).
  const quietSessions = await sessions(quiet.id);
  const noisySessions = await sessions(noisy.id);
  await disconnectAll();
  const owner = createPrismaClient(database.urls.owner, { poolMax: 1 });
  await owner.$executeRawUnsafe('VACUUM ANALYZE');
  await owner.$disconnect();
  return { database, sessions: { quiet: quietSessions[0]!, noisy: noisySessions }, hasBudget };
}

const listPath = (input: object) => `/api/trpc/torrents.list?input=${encodeURIComponent(JSON.stringify(input))}`;
const QUIET_CLIENT = join(WEB_ROOT, 'bench/quiet-client.mjs');

/** B's member (quiet-client.mjs, a process of its own): `rate` list calls a second for `seconds`, open loop. */
async function quietClient(port: number, cookie: string, rate: number, seconds: number) {
  const argument = JSON.stringify({ host: QUIET_HOST, port, cookie, rate, seconds, paths: LISTS.map(listPath) });
  const child = spawn(process.execPath, [QUIET_CLIENT, argument], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`B's client (quiet-client.mjs) exited with ${code}`);
  const result = JSON.parse(output) as { sent: number; seconds: number; failed: number; calls: [number, number, number][] };
  const latencies = result.calls.map(([, ms]) => ms).sort((a, b) => a - b);
  // NOISY_TIMELINE=1: the phase's 12 slowest calls as "second sent:ms/list" (the list is
  // LISTS' index: 5 is "mine", which no cache serves) — a run of them a few ms apart is one
  // stall, spread ones are steady contention.
  if (env.NOISY_TIMELINE) console.log(`slowest calls (s into the phase: ms/list): ${[...result.calls].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([t, ms, kind]) => `${(t / 1000).toFixed(2)}:${ms.toFixed(0)}/${kind}`).join(' ')}`);
  return { sent: result.sent, achieved: result.sent / result.seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), failed: result.failed, latencies };
}

/**
 * wrk's Lua script for A's flood: a new text per request (no cache has it), two title
 * words with one letter of the second dropped ("silent harbr"), which only the typo path
 * answers and which names do match (until 2026-12-07 14:10 UTC "word word year", which
 * the typo path then answered with similar names); paced per connection so
 * `connections` together ask for about `rate` a second (wrk waits `delay()` ms after
 * each answer: slow answers lower the rate, printed).
 */
function floodScript(cookies: string[], rate: number, connections: number): string {
  const words = TITLE_WORDS.map((word) => `"${word}"`).join(',');
  return `
local words = {${words}}
local delay_ms = ${Math.round((connections * 1000) / rate)}
local cookies = {${cookies.map((cookie) => `"${cookie}"`).join(',')}}
local threads = {}
ok, refused, other, retry_after = 0, 0, 0, 0
function setup(thread) table.insert(threads, thread) end
function init(args) math.randomseed(os.time()) end
local function encode(text) return (text:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end)) end
function request()
  local second = words[math.random(#words)]
  local cut = math.random(2, #second - 1)
  local text = words[math.random(#words)] .. " " .. second:sub(1, cut - 1) .. second:sub(cut + 1)
  return wrk.format("GET", "/api/trpc/torrents.search?input=" .. encode('{"text":"' .. text .. '"}'), { Cookie = cookies[math.random(#cookies)] })
end
function delay() return math.random(0, 2 * delay_ms) end
function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 429 then refused = refused + 1; if headers["Retry-After"] or headers["retry-after"] then retry_after = retry_after + 1 end
  else other = other + 1 end
end
function done(summary, latency, requests)
  local totals = { ok = 0, refused = 0, other = 0, retry_after = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do totals[key] = totals[key] + thread:get(key) end
  end
  io.write(string.format('NOISY {"requests":%d,"seconds":%f,"ok":%d,"refused":%d,"other":%d,"retryAfter":%d,"p50":%f,"p99":%f,"errors":%d}\\n',
    summary.requests, summary.duration / 1e6, totals.ok, totals.refused, totals.other, totals.retry_after,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
`;
}

interface FloodResult { requests: number; seconds: number; ok: number; refused: number; other: number; retryAfter: number; p50: number; p99: number; errors: number }

/**
 * A's searches in wrk, a C process of its own at a lower priority (nice), so it takes the
 * CPU last. Fewer connections at low rates, so none idles past the site's keep-alive.
 */
function flood(port: number, cookies: string[], rate: number, seconds: number, dir: string): Promise<FloodResult> {
  const script = join(dir, 'flood.lua');
  const connections = Math.max(1, Math.min(CONNECTIONS, Math.ceil(rate / 2)));
  writeFileSync(script, floodScript(cookies, rate, connections));
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', String(NICE), 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, `http://${NOISY_HOST}:${port}/`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = output.split('\n').find((text) => text.startsWith('NOISY '));
      if (code !== 0 || !line) reject(new Error(`wrk exited with ${code}: ${output}`));
      else resolve(JSON.parse(line.slice(6)) as FloodResult);
    });
  });
}

/** The server process's CPU time so far (user + system, ms; Linux /proc, 100 ticks a second). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Every PostgreSQL process's CPU time so far (ms; see postgresCpuSeconds). */
const postgresCpuMs = () => postgresCpuSeconds() * 1000;

async function startSite(urls: { owner: string; app: string; system: string }, more: Record<string, string> = {}) {
  const port = await freePort();
  const server = spawn(process.execPath, [...SITE_NODE_FLAGS, ...SERVER_FLAGS, serverScript], {
    cwd: WEB_ROOT,
    env: {
      ...env,
      PORT: String(port),
      HOSTNAME: '0.0.0.0',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: urls.owner,
      DATABASE_APP_URL: urls.app,
      DATABASE_SYSTEM_URL: urls.system,
      BASE_DOMAIN: `bench.invalid:${port}`,
      MAIL_TRANSPORT: 'outbox',
      ALLOW_DEV_OUTBOX: '1',
      ALLOW_INSECURE_HTTP: '1',
      REALTIME_TOKEN_SECRET: SITE_SECRET,
      ...more,
    },
    stdio: ['ignore', env.BENCH_SERVER_LOG ? 'inherit' : 'ignore', env.BENCH_SERVER_LOG ? 'inherit' : 'ignore'],
  });
  for (let tries = 0; tries < 240; tries++) {
    if (server.exitCode !== null) throw new Error(`the site's server exited with ${server.exitCode} (built? ${serverScript})`);
    if (await fetch(`http://${QUIET_HOST}:${port}/healthz`).then((response) => response.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    const killer = setTimeout(() => server.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  return { port, stop, cpu: () => cpuMs(server.pid) };
}

async function main() {
  if (spawnSync('wrk', ['--version']).error) throw new Error('wrk is needed: apt-get install -y wrk');
  const loadStart = load();
  console.log(`load average at start: ${loadStart} (1 / 5 / 15 min), ${cpus().length} CPUs`);
  console.log(`seeding two communities of ${TORRENTS.toLocaleString('en')} torrents …`);
  const { database, sessions, hasBudget } = await seed();
  const dir = mkdtempSync(join(tmpdir(), 'noisy-'));
  // NOISY_LANE=1: the site's search lane (WEB_SEARCH_LANE_URL), as scripts/start.sh runs
  // it: every request still goes to the one site process, which passes searches on to a
  // second process; both communities' searches share the lane.
  const lane = env.NOISY_LANE ? await startSite(database.urls) : undefined;
  const site = await startSite(database.urls, lane ? { WEB_SEARCH_LANE_URL: `http://127.0.0.1:${lane.port}` } : {});
  // NOISY_CELLS=1: A is served by a site process of its own (tenants split across
  // processes by host at the edge); B's process then shares only the CPUs and the database.
  const noisySite = env.NOISY_CELLS ? await startSite(database.urls) : site;
  const cpu = () => site.cpu() + (noisySite === site ? 0 : noisySite.cpu()) + (lane?.cpu() ?? 0);
  try {
    const quietCookie = `sh_session=${sessions.quiet}`;
    const noisyCookies = sessions.noisy.map((token) => `sh_session=${token}`);
    for (const input of LISTS) {
      const answer = await fetch(`http://${QUIET_HOST}:${site.port}${listPath(input)}`, { headers: { cookie: quietCookie } });
      if (answer.status !== 200) throw new Error(`B's list answered ${answer.status}: ${await answer.text()}`);
    }
    const probe = await fetch(`http://${NOISY_HOST}:${noisySite.port}/api/trpc/torrents.search?input=${encodeURIComponent('{"text":"sintel"}')}`, { headers: { cookie: noisyCookies[0]! } });
    if (probe.status !== 200) throw new Error(`A's search answered ${probe.status}: ${await probe.text()}`);
    await quietClient(site.port, quietCookie, QUIET_RATE, 3); // warm up
    console.log(`site ${serverScript}${noisySite === site ? '' : ' (A on a second process of its own)'}${lane ? ' (searches passed on to a search lane, a second process)' : ''}; A's plan: ${BUDGET} searches/s${hasBudget ? '' : ' (this database has no plans.searches_per_second: the site knows no budget)'}; flood asks ${FLOOD_RATE}/s (${FLOOD_FACTOR}×) from wrk, ${CONNECTIONS} connections, niced ${NICE}; B's list at ${QUIET_RATE}/s from a client process of its own (not niced); ${SECONDS} s per phase, ${ROUNDS} rounds of alone${AT_BUDGET ? `, A at its budget (${BUDGET}/s)` : ''} then flood${WARM_SECONDS > 0 ? `, after ${WARM_SECONDS} s of both unmeasured (warm)` : ', the first flood on a freshly started site (NOISY_WARM=0)'}`);
    // Rounds alternate B alone and B during A's flood, as the tracker's bench does, so a
    // drift in the machine's other work falls on both sides; the verdict compares the
    // medians of the rounds' p99s.
    type Phase = Awaited<ReturnType<typeof quietClient>>;
    type Searching = { quiet: Phase; noisy: FloodResult };
    const rows: { round: number; before: Phase; during: Phase; noisy: FloodResult; atBudget?: Searching; cpuQuiet: number; cpuFlood: number; postgresQuiet: number; postgresFlood: number }[] = [];
    let loadBefore = '';
    // A's bucket refills and its "known over" memory lapses before the next phase.
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));
    const alongside = async (rate: number, seconds = SECONDS): Promise<Searching> => {
      const noisyRun = CONTROL ? Promise.resolve(NO_FLOOD(seconds)) : flood(noisySite.port, noisyCookies, rate, seconds, dir);
      const [quiet, noisy] = await Promise.all([quietClient(site.port, quietCookie, QUIET_RATE, seconds), noisyRun]);
      await settle();
      return { quiet, noisy };
    };
    // The search lane's own share of the CPU (NOISY_LANE=1): B alone, and the floods.
    const laneCpu = { quiet: 0, flood: 0 };
    // Warm: a site that has served a while has its pool connections open and its search
    // path compiled; a freshly started one pays for both in its first flood (NOISY_WARM=0
    // measures that too).
    if (WARM_SECONDS > 0) await alongside(FLOOD_RATE, WARM_SECONDS);
    for (let round = 1; round <= ROUNDS; round++) {
      const laneQuietStart = lane?.cpu() ?? 0;
      const cpuStart = cpu();
      const postgresStart = postgresCpuMs();
      const before = await quietClient(site.port, quietCookie, QUIET_RATE, SECONDS);
      const cpuQuiet = cpu() - cpuStart;
      const postgresQuiet = postgresCpuMs() - postgresStart;
      laneCpu.quiet += (lane?.cpu() ?? 0) - laneQuietStart;
      if (round === 1) loadBefore = load();
      const atBudget = AT_BUDGET ? await alongside(BUDGET) : undefined;
      const cpuFloodStart = cpu();
      const postgresFloodStart = postgresCpuMs();
      const laneFloodStart = lane?.cpu() ?? 0;
      const { quiet: during, noisy } = await alongside(FLOOD_RATE);
      laneCpu.flood += (lane?.cpu() ?? 0) - laneFloodStart;
      rows.push({ round, before, during, noisy, atBudget, cpuQuiet, cpuFlood: cpu() - cpuFloodStart, postgresQuiet, postgresFlood: postgresCpuMs() - postgresFloodStart });
    }
    const loadEnd = load();
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    };
    const fmt = (value: number) => value.toFixed(1).padStart(8);
    const line = (label: string, phase: { sent: number; achieved: number; p50: number; p99: number; failed: number }) =>
      console.log(`${label.padEnd(40)} ${String(phase.sent).padStart(6)} ${phase.achieved.toFixed(0).padStart(6)} ${fmt(phase.p50)} ${fmt(phase.p99)} ${String(phase.failed).padStart(8)}`);
    console.log('');
    console.log(`${''.padEnd(40)} ${'sent'.padStart(6)} ${'req/s'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'not 200'.padStart(8)}`);
    // A's side of a phase as a row: wrk's requests, its latencies, and every answer but a 200.
    const searching = (noisy: FloodResult) => ({ sent: noisy.requests, achieved: noisy.requests / noisy.seconds, p50: noisy.p50, p99: noisy.p99, failed: noisy.refused + noisy.other + noisy.errors });
    for (const { round, before, during, noisy, atBudget } of rows) {
      line(`round ${round}: B list, before the flood`, before);
      if (atBudget) {
        line(`round ${round}: B list, A at its budget`, atBudget.quiet);
        line(`round ${round}: A searching (asked ${BUDGET}/s)`, searching(atBudget.noisy));
      }
      line(`round ${round}: B list, during the flood`, during);
      line(`round ${round}: A search flood (asked ${FLOOD_RATE}/s)`, searching(noisy));
    }
    const beforeP99 = median(rows.map((row) => row.before.p99));
    const duringP99 = median(rows.map((row) => row.during.p99));
    const budgetPhases = rows.flatMap((row) => (row.atBudget ? [row.atBudget.quiet] : []));
    console.log(
      `median of ${ROUNDS} rounds: B's p50 ${median(rows.map((row) => row.before.p50)).toFixed(1)} → ${median(rows.map((row) => row.during.p50)).toFixed(1)} ms, p99 ${beforeP99.toFixed(1)} → ${duringP99.toFixed(1)} ms (alone → during the flood)` +
        (budgetPhases.length > 0 ? `; p99 with A at its budget ${median(budgetPhases.map((phase) => phase.p99)).toFixed(1)} ms` : ''),
    );
    // Every round's calls of a phase together: one p99 over rounds × rate × SECONDS calls,
    // steadier than the median of a few rounds' p99s.
    const pooled = (phases: Phase[]) => percentile(phases.flatMap((phase) => phase.latencies).sort((a, b) => a - b), 0.99);
    const change = (from: number, to: number) => `${to >= from ? '+' : '−'}${Math.abs(((to - from) / from) * 100).toFixed(0)} %`;
    const alonePooled = pooled(rows.map((row) => row.before));
    const floodPooled = pooled(rows.map((row) => row.during));
    const budgetPooled = budgetPhases.length > 0 ? pooled(budgetPhases) : undefined;
    console.log(
      `all rounds' calls together: B's p99 alone ${alonePooled.toFixed(1)} ms` +
        (budgetPooled === undefined ? '' : `, A at its budget ${budgetPooled.toFixed(1)} ms (${change(alonePooled, budgetPooled)})`) +
        `, A flooding ${floodPooled.toFixed(1)} ms (${change(alonePooled, floodPooled)}` +
        (budgetPooled === undefined ? ')' : `; ${change(budgetPooled, floodPooled)} against A at its budget: what the refused part of the flood costs B)`),
    );
    // The site's own CPU, which the machine's other work does not change much: what B's
    // calls cost alone, and what each of A's requests added during the flood.
    const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
    const perQuiet = sum((row) => row.cpuQuiet) / sum((row) => row.before.sent);
    const floodRequests = sum((row) => row.noisy.requests);
    const floodCpu = sum((row) => row.cpuFlood);
    if (!CONTROL) console.log(`site process CPU: ${perQuiet.toFixed(2)} ms per B list call alone; ${((floodCpu - perQuiet * sum((row) => row.during.sent)) / Math.max(1, floodRequests)).toFixed(2)} ms per flood request (${floodRequests} requests, ${(floodCpu / 1000).toFixed(1)} s CPU in the flood phases${lane ? `, of which the search lane ${(laneCpu.flood / 1000).toFixed(1)} s; the lane with B alone: ${(laneCpu.quiet / 1000).toFixed(1)} s` : ''})`);
    const floodSeconds = sum((row) => row.noisy.seconds);
    // PostgreSQL's CPU (every process of the server): B's calls alone, then what the
    // flood added, spread over A's answered searches (refusals never reach it).
    const postgresPerQuiet = sum((row) => row.postgresQuiet) / sum((row) => row.before.sent);
    const postgresAdded = sum((row) => row.postgresFlood) - postgresPerQuiet * sum((row) => row.during.sent);
    if (!CONTROL) console.log(`PostgreSQL CPU: ${postgresPerQuiet.toFixed(2)} ms per B list call alone; ${(postgresAdded / Math.max(1, sum((row) => row.noisy.ok))).toFixed(2)} ms per search A was answered (${(sum((row) => row.postgresFlood) / 1000).toFixed(1)} s CPU in the flood phases)`);
    console.log(`A: ${sum((row) => row.noisy.ok)} answered 200 (${(sum((row) => row.noisy.ok) / floodSeconds).toFixed(1)}/s against a budget of ${BUDGET}/s), ${sum((row) => row.noisy.refused)} refused 429 (${sum((row) => row.noisy.retryAfter)} with Retry-After), ${sum((row) => row.noisy.other)} other statuses, ${sum((row) => row.noisy.errors)} socket errors`);
    // A site that cannot keep up with B alone (other work on the machine) queues every
    // request: its p99 is then the queue's, and a comparison says nothing.
    const saturated = rows.some((row) => row.before.achieved < QUIET_RATE * 0.9) || beforeP99 > 1000;
    const worse = ((duringP99 - beforeP99) / beforeP99) * 100;
    const verdict = saturated ? 'NOT MEASURABLE (the site could not keep up with B alone: p99 over 1 s or B below 90 % of its rate; run on a quieter machine)' : worse <= 20 ? 'MET' : 'NOT MET';
    if (CONTROL) console.log('CONTROL RUN (NOISY_CONTROL=1): no flood was sent, "during the flood" is B alone again');
    console.log(`B's median p99 ${worse >= 0 ? `${worse.toFixed(0)} % worse` : `${(-worse).toFixed(0)} % better`} during the flood: target at most 20 % worse: ${verdict}`);
    console.log(`load average (1 / 5 / 15 min): at start ${loadStart}, before the first flood ${loadBefore}, at the end ${loadEnd}`);
  } finally {
    await site.stop();
    if (noisySite !== site) await noisySite.stop();
    await lane?.stop();
    rmSync(dir, { recursive: true, force: true });
    if (env.BENCH_KEEP_DB) console.log(`kept the database ${database.name}`);
    else await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
