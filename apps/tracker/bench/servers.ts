// Starts the trackers under test pinned to core 0 (wrk gets core 1), on 127.0.0.1
// only: our pool with a Redis of its own, Debian's opentracker (whitelist mode) and npm
// bittorrent-tracker. Every process is ended by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@swarmhost/test-support';

const appRoot = fileURLToPath(new URL('..', import.meta.url));

export interface Running {
  readonly name: string;
  readonly port: number;
  /** Our tracker's /metrics listener (loopback, apart from the announce port). */
  readonly metricsPort?: number;
  readonly child: ChildProcess;
  readonly output: () => string;
  stop(): Promise<void>;
}

function pinned(name: string, port: number, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Running {
  const child = spawn('taskset', ['-c', '0', command, ...args], { cwd: options.cwd ?? appRoot, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    port,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function answers(port: number, path: string): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
  await response.arrayBuffer();
  return response.status < 500;
}

export async function startRedis(): Promise<Running> {
  const port = await freePort();
  const redis = pinned('redis', port, 'redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no',
  ]);
  await waitFor(async () => redis.output().includes('Ready to accept connections'), 'redis-server');
  return redis;
}

export async function startOurs(env: Record<string, string>, profileDir?: string, heapSnapshotDir?: string): Promise<Running> {
  const port = await freePort();
  const metricsPort = await freePort(port);
  // Workers inherit the primary's exec arguments, so a profile covers every process.
  const profile = [
    ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
    ...(heapSnapshotDir === undefined ? [] : ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapSnapshotDir}`]),
  ];
  const pool = pinned('swarmhost', port, process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, TRACKER_HOST: '127.0.0.1', TRACKER_PORT: String(port), TRACKER_WORKERS: '1', TRACKER_UDP_ENABLED: 'false', TRACKER_METRICS_PORT: String(metricsPort), LOG_LEVEL: 'error', ...env },
  });
  await waitFor(() => answers(port, '/healthz'), 'the swarmhost tracker');
  return { ...pool, metricsPort };
}

export async function startOpentracker(workDir: string, infoHashes: readonly string[]): Promise<Running> {
  const port = await freePort();
  writeFileSync(join(workDir, 'whitelist.txt'), `${infoHashes.join('\n')}\n`, { mode: 0o644 });
  // opentracker chroots to -d, drops to user nobody, then reads the whitelist (relative
  // path) from there: the directory must be readable by nobody (mkdtemp makes it 0700).
  chmodSync(workDir, 0o755);
  const tracker = pinned('opentracker', port, 'opentracker', ['-i', '127.0.0.1', '-p', String(port), '-P', String(port), '-w', 'whitelist.txt', '-d', workDir], { cwd: workDir });
  await waitFor(() => answers(port, '/announce'), 'opentracker');
  // The whitelist loads in the background: wait until a listed hash is accepted.
  const probe = `/announce?info_hash=${infoHashes[0]!.replace(/../g, (byte) => `%${byte}`)}&peer_id=-PR0001-000000000000&port=1&left=0&compact=1`;
  await waitFor(async () => !(await (await fetch(`http://127.0.0.1:${port}${probe}`)).text()).includes('failure'), 'the opentracker whitelist');
  return tracker;
}

export async function startBittorrentTracker(): Promise<Running> {
  const port = await freePort();
  const tracker = pinned('bittorrent-tracker', port, process.execPath, ['bench/reference-tracker.mjs', String(port)]);
  await waitFor(() => answers(port, '/stats'), 'bittorrent-tracker');
  return tracker;
}

/** Resident memory of a process and its children, in bytes (Linux /proc). */
export function residentBytes(pid: number): { own: number; children: number[] } {
  const rss = (id: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  const childList = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  const children = childList === '' ? [] : childList.split(/\s+/).map(Number);
  return { own: rss(pid), children: children.map(rss) };
}

/** CPU seconds (user + system) used so far by these processes and their children (Linux /proc). */
export function cpuSeconds(pids: readonly number[], withChildren = true): number {
  let ticks = 0;
  const visit = (pid: number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      const children = withChildren ? readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim() : '';
      if (children !== '') for (const child of children.split(/\s+/)) visit(Number(child));
    } catch {
      // the process ended between two reads
    }
  };
  for (const pid of pids) visit(pid);
  return ticks / 100;
}
