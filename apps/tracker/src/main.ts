// Entry point of the tracker pool (`pnpm start`): the cluster primary supervises and
// flushes; each worker serves announces. Exits non-zero with the reason on bad config.
import cluster from 'node:cluster';
import { ConfigError } from '@swarmhost/config';
import { runPrimary } from './cluster/primary';
import { runWorker } from './cluster/worker';
import { loadTrackerEnv } from './env';
import { createLogger } from './log';

async function main(): Promise<void> {
  const env = loadTrackerEnv();
  const role = cluster.isPrimary ? 'primary' : `worker-${cluster.worker?.id ?? 0}`;
  const log = createLogger(env.LOG_LEVEL, { role, pid: process.pid });
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));
  if (cluster.isPrimary) await runPrimary(env, log);
  else await runWorker(env, log);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
