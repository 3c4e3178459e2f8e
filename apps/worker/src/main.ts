// Entry point of one worker process (`pnpm --filter @swarmhost/worker start`); run as
// many as needed. SIGTERM stops relaying, lets running jobs finish and releases Redis
// and PostgreSQL.
import { ConfigError } from '@swarmhost/config';
import { disconnectAll } from '@swarmhost/db';
import { createLogger, exitOnSignals } from '@swarmhost/log';
import { loadWorkerEnv } from './env';
import { startHealthServer } from './health-server';
import { outboxJobs } from './registry';
import { startWorker } from './worker';

async function main(): Promise<void> {
  const env = loadWorkerEnv();
  const log = createLogger(env.LOG_LEVEL, { app: 'worker', pid: process.pid });
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));
  const health = env.WORKER_HEALTH_PORT === 0 ? undefined : await startHealthServer({ port: env.WORKER_HEALTH_PORT, host: env.WORKER_HEALTH_HOST });
  const worker = startWorker(env, log);
  log.info('worker started', { queues: outboxJobs.map((job) => job.id), prefix: env.WORKER_QUEUE_PREFIX, healthz: health?.port });
  exitOnSignals({
    log,
    timeoutMs: 15_000,
    close: async () => {
      health?.markDraining();
      await worker.close();
      await disconnectAll();
      await health?.close();
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
