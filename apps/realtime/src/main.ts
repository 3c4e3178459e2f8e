// Entry point of one gateway process (`pnpm --filter @swarmhost/realtime start`); run
// several behind a load balancer. SIGTERM drains: /healthz turns 503, sockets are
// closed (clients reconnect elsewhere), Redis and PostgreSQL are released.
import { ConfigError } from '@swarmhost/config';
import { disconnectAll } from '@swarmhost/db';
import { loadRealtimeEnv } from './env';
import { startGateway } from './gateway';
import { createLogger } from './log';

async function main(): Promise<void> {
  const env = loadRealtimeEnv();
  const log = createLogger(env.LOG_LEVEL, { app: 'realtime', pid: process.pid });
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));
  const gateway = await startGateway(env, log);
  log.info('gateway listening', { port: gateway.port, gateway: gateway.id });
  const shutdown = (signal: string) => {
    log.info('shutting down', { signal });
    setTimeout(() => process.exit(1), 10_000).unref();
    gateway
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

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
