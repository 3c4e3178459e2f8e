// The built site refuses to start on a bad configuration (issue 13): the standalone
// server, started as production starts it but with neither SMTP_URL nor
// MAIL_TRANSPORT, exits non-zero naming SMTP_URL instead of serving 500s; and the site
// that global-setup started answers /healthz, the containers' health check.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { STANDALONE_SERVER } from './global-setup';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = inject('e2e');

/** Starts the standalone server with `overrides` and waits for it to exit (or gives up). */
function startSite(overrides: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, [join(webRoot, STANDALONE_SERVER)], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        HOSTNAME: '127.0.0.1',
        DATABASE_URL: env.databaseUrls.owner,
        REALTIME_TOKEN_SECRET: randomBytes(32).toString('hex'),
        ALLOW_INSECURE_HTTP: '1',
        SMTP_URL: undefined,
        MAIL_TRANSPORT: undefined,
        ...overrides,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const giveUp = setTimeout(() => {
      server.kill('SIGTERM');
      reject(new Error(`the site kept running for 60 s with a bad configuration; stderr:\n${stderr}`));
    }, 60_000);
    server.once('exit', (code) => {
      clearTimeout(giveUp);
      resolve({ code, stderr });
    });
  });
}

describe('site start-up', () => {
  it('exits non-zero naming SMTP_URL when production has no mail transport', async () => {
    const { code, stderr } = await startSite({});
    expect(code).not.toBe(0);
    expect(stderr).toContain('SMTP_URL: must be set in production');
  });

  it('exits non-zero naming the variable of a malformed value', async () => {
    const { code, stderr } = await startSite({ MAIL_TRANSPORT: 'outbox', ALLOW_DEV_OUTBOX: '1', WEB_PAGE_CACHE_MS: 'soon' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('WEB_PAGE_CACHE_MS');
  });

  it('answers /healthz once started with a good configuration', async () => {
    const response = await fetch(`http://127.0.0.1:${env.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
  });
});
