// Starts the background worker (apps/worker, `tsx src/main.ts`) as a child process
// against the run's database and Redis, with a BullMQ prefix and emitter key of the
// caller's, as `pnpm start` would. A process, not an import: nothing imports from apps/.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseUrls } from '@swarmhost/config';
import type { Redis } from 'ioredis';
import { deleteKeys } from './tracker-pool';
import { stopperOf } from './child-process';

const workerRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../worker');

export interface WorkerProcess {
  stop(): Promise<void>;
}

export async function startWorkerProcess(options: { urls: DatabaseUrls; redisUrl: string; queuePrefix: string; adapterKey: string }): Promise<WorkerProcess> {
  let output = '';
  const child = spawn(join(workerRoot, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: workerRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: options.urls.owner,
      DATABASE_APP_URL: options.urls.app,
      DATABASE_SYSTEM_URL: options.urls.system,
      REDIS_URL: options.redisUrl,
      REALTIME_ADAPTER_KEY: options.adapterKey,
      WORKER_QUEUE_PREFIX: options.queuePrefix,
      WORKER_OUTBOX_POLL_MS: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { exited, stop } = stopperOf(child);
  const started = new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('"worker started"')) resolve();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    void exited.then(() => reject(new Error(`the worker exited with code ${child.exitCode}:\n${output}`)));
    setTimeout(() => reject(new Error(`the worker did not start in time:\n${output}`)), 60_000).unref();
  });
  try {
    await started;
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

/** Removes the run's BullMQ keys (other sessions share this Redis). */
export async function deleteQueueKeys(redis: Redis, queuePrefix: string): Promise<void> {
  await deleteKeys(redis, `${queuePrefix}:`);
}
