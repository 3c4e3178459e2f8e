#!/usr/bin/env node
// Start time and idle memory of every process, run from TypeScript (tsx, `next start`)
// and compiled (dist/main.js, the standalone site): what issue 13's README table shows.
// Start time is spawn → first 200 from /healthz (the CLI: spawn → exit of `tenant:list`);
// RSS is the whole process tree's (tsx's loader process and the tracker's workers count)
// IDLE_SECONDS after ready. Needs the builds (`pnpm build`), PostgreSQL and Redis.
//   node scripts/measure-processes.mjs [--runs 3] [--idle 5] [--only worker]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const RUNS = argument('runs', 3);
const IDLE_SECONDS = argument('idle', 5);
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? undefined : process.argv[onlyAt + 1];

const app = (name) => path.join(root, 'apps', name);
const bin = (appName, tool) => path.join(app(appName), 'node_modules/.bin', tool);
const secret = randomBytes(32).toString('hex');
const commonEnv = { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', REALTIME_TOKEN_SECRET: secret };

/** Each process as development runs it and as production runs it now. */
const processes = [
  {
    name: 'tracker (pool, 2 workers)',
    env: { TRACKER_PORT: '16901', TRACKER_METRICS_PORT: '16902', TRACKER_WORKERS: '2' },
    health: 'http://127.0.0.1:16901/healthz',
    cwd: app('tracker'),
    source: [bin('tracker', 'tsx'), 'src/main.ts'],
    compiled: ['node', 'dist/main.js'],
    built: path.join(app('tracker'), 'dist/main.js'),
  },
  {
    name: 'real-time gateway',
    env: { REALTIME_PORT: '16903', REALTIME_HOST: '127.0.0.1' },
    health: 'http://127.0.0.1:16903/healthz',
    cwd: app('realtime'),
    source: [bin('realtime', 'tsx'), 'src/main.ts'],
    compiled: ['node', 'dist/main.js'],
    built: path.join(app('realtime'), 'dist/main.js'),
  },
  {
    name: 'worker',
    env: { WORKER_HEALTH_PORT: '16904', WORKER_QUEUE_PREFIX: `measure-${secret.slice(0, 6)}:bull` },
    health: 'http://127.0.0.1:16904/healthz',
    cwd: app('worker'),
    source: [bin('worker', 'tsx'), 'src/main.ts'],
    compiled: ['node', 'dist/main.js'],
    built: path.join(app('worker'), 'dist/main.js'),
  },
  {
    name: 'site',
    env: { PORT: '16905', HOSTNAME: '127.0.0.1', MAIL_TRANSPORT: 'outbox', ALLOW_DEV_OUTBOX: '1', ALLOW_INSECURE_HTTP: '1' },
    health: 'http://127.0.0.1:16905/healthz',
    cwd: app('web'),
    source: [bin('web', 'next'), 'start', '--port', '16905', '--hostname', '127.0.0.1'],
    sourceLabel: 'next start',
    compiled: ['node', '.next/standalone/apps/web/site-server.mjs'],
    compiledLabel: 'standalone site-server.mjs',
    built: path.join(app('web'), '.next/standalone/apps/web/site-server.mjs'),
  },
  {
    name: 'CLI (`tenant:list`)',
    env: {},
    cwd: app('cli'),
    source: [bin('cli', 'tsx'), 'src/main.ts', 'tenant:list'],
    compiled: ['node', 'dist/main.js', 'tenant:list'],
    built: path.join(app('cli'), 'dist/main.js'),
  },
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of `pid` and all its descendants, from /proc. */
function treeRssBytes(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop();
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${current}/status`, 'utf8'));
      total += match ? Number(match[1]) * 1024 : 0;
    } catch {
      // gone
    }
    pending.push(...(children.get(current) ?? []));
  }
  return total;
}

async function healthy(url) {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

/** Starts `command`, waits for /healthz, reads RSS after the idle pause, stops it. */
async function measureServer(spec, command) {
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), { cwd: spec.cwd, env: { ...commonEnv, ...spec.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    while (!(await healthy(spec.health))) {
      if (child.exitCode !== null) throw new Error(`${spec.name} exited (${child.exitCode}):\n${stderr}`);
      if (performance.now() - started > 120_000) throw new Error(`${spec.name} did not answer ${spec.health} in 120 s`);
      await sleep(25);
    }
    const startMs = performance.now() - started;
    await sleep(IDLE_SECONDS * 1000);
    return { startMs, rssBytes: treeRssBytes(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** A one-shot command: wall time to exit and peak RSS (GNU time's %M). */
function measureCommand(spec, command) {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb=%M', ...command], { cwd: spec.cwd, env: { ...commonEnv, ...spec.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const startMs = performance.now() - started;
  const output = result.stderr.toString();
  if (result.status !== 0) throw new Error(`${spec.name} failed (${result.status}):\n${output}`);
  const peak = /peak-rss-kb=(\d+)/.exec(output);
  return { startMs, rssBytes: peak ? Number(peak[1]) * 1024 : Number.NaN };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function measure(spec, command) {
  const results = [];
  for (let run = 0; run < RUNS; run += 1) {
    results.push(spec.health ? await measureServer(spec, command) : measureCommand(spec, command));
  }
  return { startMs: median(results.map((r) => r.startMs)), rssBytes: median(results.map((r) => r.rssBytes)) };
}

const loadBefore = loadavg().map((value) => value.toFixed(2)).join(' ');
const rows = [];
for (const spec of processes.filter((candidate) => !only || candidate.name.includes(only))) {
  if (!existsSync(spec.built)) throw new Error(`${spec.built} is missing: run \`pnpm build\` first.`);
  const source = await measure(spec, spec.source);
  const compiled = await measure(spec, spec.compiled);
  rows.push(
    `| ${spec.name} | ${spec.sourceLabel ?? 'tsx src/main.ts'}: ${seconds(source.startMs)}, ${mib(source.rssBytes)} | ` +
      `${spec.compiledLabel ?? 'node dist/main.js'}: ${seconds(compiled.startMs)}, ${mib(compiled.rssBytes)} |`,
  );
  process.stderr.write(`${rows.at(-1)}\n`);
}
const loadAfter = loadavg().map((value) => value.toFixed(2)).join(' ');

console.log(`Median of ${RUNS} runs; RSS ${IDLE_SECONDS} s after ready (CLI: peak). Node ${process.version}, ` +
  `${execFileSync('nproc').toString().trim()} cores, load average ${loadBefore} before, ${loadAfter} after.\n`);
console.log('| process | before: start, RSS | after: start, RSS |');
console.log('| --- | --- | --- |');
for (const row of rows) console.log(row);
