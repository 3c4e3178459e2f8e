// Runs the real tracker pool (`src/main.ts`: cluster primary + workers + flusher) as a
// child process for tests that need SIGKILL/SIGTERM, and ends it by PID afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { get } from './client';
import { freePort } from '@swarmhost/test-support';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface PoolProcess {
  readonly port: number;
  /** The loopback /metrics listener (TRACKER_METRICS_PORT). */
  readonly metricsPort: number;
  readonly child: ChildProcess;
  readonly output: () => string;
  workerPids(): number[];
  /** SIGTERM, then the exit code (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * `options.appRoot`: another checkout's apps/tracker (benches comparing two versions);
 * `options.nodeArguments`: e.g. `--cpu-prof` (workers inherit the primary's).
 */
export async function startPool(env: Record<string, string>, options: { appRoot?: string; nodeArguments?: readonly string[] } = {}): Promise<PoolProcess> {
  const port = await freePort();
  const metricsPort = env.TRACKER_METRICS_PORT !== undefined && env.TRACKER_METRICS_PORT !== '0' ? Number(env.TRACKER_METRICS_PORT) : await freePort(port);
  const child = spawn(process.execPath, [...(options.nodeArguments ?? []), '--import', 'tsx', 'src/main.ts'], {
    cwd: options.appRoot ?? appRoot,
    env: { ...process.env, TRACKER_HOST: '127.0.0.1', TRACKER_PORT: String(port), LOG_LEVEL: 'warn', TRACKER_CACHE_MISSES_PER_ADDRESS: '10000', ...env, TRACKER_METRICS_PORT: String(metricsPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 40_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tracker pool exited at start:\n${output}`);
    try {
      // Serving: `ok`, or `degraded` while PostgreSQL is unreachable (pg-outage tests).
      if (/^(ok|degraded)/.test((await get(port, '/healthz')).body.toString())) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`tracker pool did not become healthy:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    metricsPort,
    child,
    output: () => output,
    workerPids() {
      const pid = child.pid;
      if (pid === undefined) return [];
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      return children === '' ? [] : children.split(/\s+/).map(Number);
    },
    async stop(timeoutMs = 20_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
