// Starts the real tracker pool (apps/tracker, `tsx src/main.ts`) as a child process
// against the run's database and Redis under a key prefix of its own, as `pnpm start`
// would. A process, not an import: nothing imports from apps/.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseUrls } from '@swarmhost/config';
import type { Redis } from 'ioredis';
import { stopperOf } from './child-process';
import { freePort } from '@swarmhost/test-support';

const trackerRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../tracker');

export interface TrackerPool {
  port: number;
  keyPrefix: string;
  stop(): Promise<void>;
}

async function waitForHealth(port: number, child: ChildProcess, output: () => string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the tracker exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the tracker did not answer /healthz on port ${port} in time:\n${output()}`);
}

export async function startTrackerPool(options: { urls: DatabaseUrls; redisUrl: string; flushIntervalSeconds?: number }): Promise<TrackerPool> {
  const port = await freePort();
  const keyPrefix = `test-web-tracker-${randomBytes(4).toString('hex')}:`;
  let output = '';
  const child = spawn(join(trackerRoot, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: trackerRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: options.urls.owner,
      DATABASE_APP_URL: options.urls.app,
      DATABASE_SYSTEM_URL: options.urls.system,
      REDIS_URL: options.redisUrl,
      TRACKER_HOST: '127.0.0.1',
      TRACKER_PORT: String(port),
      TRACKER_UDP_ENABLED: 'off',
      TRACKER_WORKERS: '1',
      TRACKER_KEY_PREFIX: keyPrefix,
      FLUSH_INTERVAL: String(options.flushIntervalSeconds ?? 3),
      // Any free port for /metrics; fixtures made after start are cache misses from 127.0.0.1.
      TRACKER_METRICS_PORT: '0',
      TRACKER_CACHE_MISSES_PER_ADDRESS: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const { stop } = stopperOf(child, 15_000);
  try {
    await waitForHealth(port, child, () => output, Date.now() + 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, keyPrefix, stop };
}

/** Deletes only the keys under `prefix` (SCAN + UNLINK); other sessions share this Redis. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
