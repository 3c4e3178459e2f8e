// The real tracker pool (apps/tracker: cluster primary, worker, ledger flush) as a child
// process on free ports, against the run's PostgreSQL and Redis, for the acceptance tests
// that join the worker's jobs to what clients see at the tracker. Ended by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { DatabaseUrls } from '@swarmhost/config';
import { freePort } from '@swarmhost/test-support';

const TRACKER_DIR = fileURLToPath(new URL('../../../tracker', import.meta.url));

export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A child process with its output kept for failure messages. */
export function startProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Sends `signal`, then SIGKILL after `timeoutMs`; resolves when the process is gone. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
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

export interface TrackerPool {
  /** http://127.0.0.1:<port>, what announce URLs start with. */
  baseUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function startTrackerPool(options: { urls: DatabaseUrls; redisUrl: string }): Promise<TrackerPool> {
  const port = await freePort();
  const metricsPort = await freePort(port);
  const pool = startProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: TRACKER_DIR,
    env: {
      ...process.env,
      DATABASE_URL: options.urls.owner,
      DATABASE_SYSTEM_URL: options.urls.system,
      REDIS_URL: options.redisUrl,
      TRACKER_KEY_PREFIX: `test-worker-${randomBytes(4).toString('hex')}:`,
      TRACKER_HOST: '127.0.0.1',
      TRACKER_PORT: String(port),
      TRACKER_METRICS_PORT: String(metricsPort),
      TRACKER_WORKERS: '1',
      TRACKER_UDP_ENABLED: 'false',
      TRACKER_CACHE_MISSES_PER_ADDRESS: '10000',
      FLUSH_INTERVAL: '1',
      LOG_LEVEL: 'warn',
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await until(async () => ((await fetch(`${baseUrl}/healthz`)).ok ? true : undefined), 30_000, () => `the tracker pool to start:\n${pool.output()}`);
  return { baseUrl, port, stop: () => stopProcess(pool.child, 'SIGTERM', 10_000) };
}
