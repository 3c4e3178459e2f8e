// Starts real gateway processes (src/main.ts under tsx) on free ports, pointed at the
// run's database and Redis names, and stops them by pid: SIGTERM to drain, SIGKILL to crash.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TOKEN_SECRET = 'test-realtime-secret-0123456789abcdef0123';

const appDir = fileURLToPath(new URL('../..', import.meta.url));

/** Redis names of this run (and file): adapter key and key prefix. */
export function redisNames(scope: string) {
  const runId = inject('runId');
  return { adapterKey: `sio-test-${runId}-${scope}`, keyPrefix: `swarmhost:rt-test:${runId}:${scope}:` };
}

export interface GatewayProcess {
  readonly port: number;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startGatewayProcess(scope: string, extraEnv: Record<string, string> = {}): Promise<GatewayProcess> {
  const urls = inject('databaseUrls');
  const names = redisNames(scope);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    env: {
      ...process.env,
      DATABASE_URL: urls.owner,
      DATABASE_APP_URL: urls.app,
      DATABASE_SYSTEM_URL: urls.system,
      DATABASE_POOL_MAX: '4',
      REDIS_URL,
      REALTIME_PORT: '0',
      REALTIME_HOST: '127.0.0.1',
      REALTIME_TOKEN_SECRET: TOKEN_SECRET,
      REALTIME_ADAPTER_KEY: names.adapterKey,
      REALTIME_KEY_PREFIX: names.keyPrefix,
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`gateway did not start in 50 s:\n${output}`)), 50_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"msg":"gateway listening".*?"port":(\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    port,
    child,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
