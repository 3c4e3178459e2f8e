// Starts a real-time gateway (apps/realtime, `tsx src/main.ts`) as a child process on a
// free port against the run's database and Redis, with Redis names of the caller's. A
// process, not an import: nothing imports from apps/.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseUrls } from '@swarmhost/config';
import { stopperOf } from './child-process';

const gatewayRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../realtime');

export interface GatewayProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startGatewayProcess(options: { urls: DatabaseUrls; redisUrl: string; tokenSecret: string; adapterKey: string; keyPrefix: string }): Promise<GatewayProcess> {
  let output = '';
  const child = spawn(join(gatewayRoot, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: gatewayRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: options.urls.owner,
      DATABASE_APP_URL: options.urls.app,
      DATABASE_SYSTEM_URL: options.urls.system,
      DATABASE_POOL_MAX: '4',
      REDIS_URL: options.redisUrl,
      REALTIME_HOST: '127.0.0.1',
      REALTIME_PORT: '0',
      REALTIME_TOKEN_SECRET: options.tokenSecret,
      REALTIME_ADAPTER_KEY: options.adapterKey,
      REALTIME_KEY_PREFIX: options.keyPrefix,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const { exited, stop } = stopperOf(child);
  const port = new Promise<number>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      const match = /"msg":"gateway listening".*?"port":(\d+)/.exec(output);
      if (match?.[1]) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`the gateway exited with code ${child.exitCode}:\n${output}`)));
    setTimeout(() => reject(new Error(`the gateway did not start in time:\n${output}`)), 60_000).unref();
  });
  try {
    return { url: `http://127.0.0.1:${await port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
