// End-to-end set-up: a fresh migrated database, an operator with a known TOTP secret,
// and the built site served by its standalone server (what production runs, see
// `pnpm run start`) on its own port, pointed at both. The
// server is stopped (by its PID) and the database dropped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@swarmhost/auth/password';
import { newTotpSecret } from '@swarmhost/auth/totp';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase } from '@swarmhost/db/testing';
import type { TestProject } from 'vitest/node';
import { freePort } from '@swarmhost/test-support';

export interface E2eEnvironment {
  port: number;
  databaseUrls: { owner: string; app: string; system: string };
  operator: { username: string; password: string; totpSecret: string };
  trackerUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eEnvironment;
  }
}

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
/** `pnpm run build` writes it: Next's standalone output with the site's own server (site-server.mjs) and static files copied next to it. */
export const STANDALONE_SERVER = '.next/standalone/apps/web/site-server.mjs';

async function waitForServer(url: string, server: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the site's server exited with code ${server.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the site did not answer on ${url} in time`);
}

export default async function setup(project: TestProject) {
  const PORT = await freePort();
  const database = await createTestDatabase({ prefix: 'swarmhost_test_web_e2e' });
  configureDatabase({ urls: database.urls });
  const operator = { username: `operator-${randomBytes(3).toString('hex')}`, password: 'operator e2e password', totpSecret: newTotpSecret() };
  await systemClient().operator.create({
    data: { username: operator.username, email: `${operator.username}@e2e.invalid`, passwordHash: await hashPassword(operator.password), totpSecret: operator.totpSecret },
  });
  await disconnectAll();

  const trackerUrl = 'http://tracker.e2e.invalid:6969';
  const server = spawn(process.execPath, [join(webRoot, STANDALONE_SERVER)], {
    cwd: webRoot,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOSTNAME: '::',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: database.urls.owner,
      DATABASE_APP_URL: database.urls.app,
      DATABASE_SYSTEM_URL: database.urls.system,
      BASE_DOMAIN: `localhost:${PORT}`,
      PUBLIC_TRACKER_URL: trackerUrl,
      // A local production-mode run: the outbox and plain http must be allowed by name.
      MAIL_TRANSPORT: 'outbox',
      ALLOW_DEV_OUTBOX: '1',
      ALLOW_INSECURE_HTTP: '1',
      // The site signs real-time tokens; production refuses the development secret.
      REALTIME_TOKEN_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForServer(`http://localhost:${PORT}/`, server, Date.now() + 60_000);
  project.provide('e2e', { port: PORT, databaseUrls: database.urls, operator, trackerUrl });

  return async () => {
    if (server.pid !== undefined && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    await database.drop();
  };
}
