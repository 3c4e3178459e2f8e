// Entry point of one gateway process (`pnpm --filter @swarmhost/realtime start`); run
// several behind a load balancer. SIGTERM drains: /healthz turns 503, sockets are
// closed (clients reconnect elsewhere), Redis and PostgreSQL are released.
import { ConfigError } from '@swarmhost/config';
import { disconnectAll } from '@swarmhost/db';
import { loadRealtimeEnv } from './env';
import { startGateway } from './gateway';
import { createLogger, exitOnSignals } from './log';

async function main(): Promise<void> {
  const env = loadRealtimeEnv();
  const log = createLogger(env.LOG_LEVEL, { app: 'realtime', pid: process.pid });
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));
  const gateway = await startGateway(env, log);
  log.info('gateway listening', { port: gateway.port, gateway: gateway.id });
  exitOnSignals({ log, timeoutMs: 10_000, close: () => gateway.close().then(() => disconnectAll()) });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
