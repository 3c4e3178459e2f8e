// Every process refuses a bad configuration before it serves (issue 13): started with
// one bad variable, the tracker, the gateway, the worker and the CLI exit non-zero and
// name the variable — run from TypeScript as in development (tsx) and compiled as in
// production (the same bundle `pnpm build` makes, written under the app's
// node_modules/.cache so it resolves the app's dependencies and leaves dist/ alone).
// The site's own check runs against its built server in apps/web/e2e/startup-config.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundler = `${root}tooling/build/bundle-app.mjs`;
const compiledDir = 'node_modules/.cache/swarmhost-startup-test';

interface Case {
  app: string;
  args: string[];
  env: Record<string, string>;
  expected: RegExp;
}

const cases: Case[] = [
  { app: 'tracker', args: [], env: { TRACKER_PORT: 'sixty-nine' }, expected: /TRACKER_PORT: must be a port number/ },
  { app: 'tracker', args: [], env: { TRACKER_UDP_SECRET: 'short' }, expected: /TRACKER_UDP_SECRET: must be at least 32 hex characters/ },
  { app: 'realtime', args: [], env: { REALTIME_PORT: '99999' }, expected: /REALTIME_PORT: must be 0-65535/ },
  { app: 'realtime', args: [], env: { NODE_ENV: 'production', REALTIME_TOKEN_SECRET: '' }, expected: /REALTIME_TOKEN_SECRET/ },
  { app: 'worker', args: [], env: { WORKER_CONCURRENCY: '0' }, expected: /WORKER_CONCURRENCY: must be at least 1/ },
  { app: 'worker', args: [], env: { REDIS_URL: 'localhost:6379' }, expected: /REDIS_URL: must be a redis:\/\/ URL/ },
  { app: 'cli', args: ['tenant:list'], env: { DATABASE_URL: 'mysql://root@localhost/swarmhost' }, expected: /DATABASE_URL: must be a postgresql:\/\/ URL/ },
];

interface Outcome {
  code: number;
  stderr: string;
}

async function start(command: string[], app: string, env: Record<string, string>): Promise<Outcome> {
  try {
    await run(command[0]!, command.slice(1), { cwd: `${root}apps/${app}`, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 90_000 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failure = error as { code?: number | string; killed?: boolean; stderr?: string; stdout?: string };
    if (failure.killed) throw new Error(`${app} kept running with a bad configuration`);
    return { code: typeof failure.code === 'number' ? failure.code : -1, stderr: `${failure.stderr ?? ''}${failure.stdout ?? ''}` };
  }
}

beforeAll(async () => {
  for (const app of new Set(cases.map((testCase) => testCase.app))) {
    await run(process.execPath, [bundler, '--outdir', compiledDir, 'src/main.ts'], { cwd: `${root}apps/${app}` });
  }
});

describe.each(cases)('$app with $env', ({ app, args, env, expected }) => {
  it('exits non-zero naming the variable, from TypeScript (tsx)', async () => {
    const outcome = await start([`${root}apps/${app}/node_modules/.bin/tsx`, 'src/main.ts', ...args], app, env);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(expected);
  });

  it('exits non-zero naming the variable, compiled (node)', async () => {
    const outcome = await start([process.execPath, `${compiledDir}/main.js`, ...args], app, env);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(expected);
  });
});
