// Entry point of one worker process (`pnpm --filter @swarmhost/worker start`); run as
// many as needed. SIGTERM stops relaying, lets running jobs finish and releases Redis
// and PostgreSQL.
import { ConfigError } from '@swarmhost/config';
import { disconnectAll } from '@swarmhost/db';
import { createLogger } from '@swarmhost/log';
import { loadWorkerEnv } from './env';
import { outboxJobs } from './registry';
import { startWorker } from './worker';

function main(): void {
  const env = loadWorkerEnv();
  const log = createLogger(env.LOG_LEVEL, { app: 'worker', pid: process.pid });
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));
  const worker = startWorker(env, log);
  log.info('worker started', { queues: outboxJobs.map((job) => job.id), prefix: env.WORKER_QUEUE_PREFIX });
  const shutdown = (signal: string) => {
    log.info('shutting down', { signal });
    setTimeout(() => process.exit(1), 15_000).unref();
    worker
      .close()
      .then(() => disconnectAll())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error('shutdown failed', { error });
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
}
