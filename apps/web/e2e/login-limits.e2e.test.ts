// The built site's tRPC route over real HTTP (issue 16, item 1): batches are capped and
// sign-in calls cannot be batched at all, and 50 concurrent wrong passwords in separate
// requests get no more verifications than the account's limit (LOGIN_RATE_LIMIT_PER_ACCOUNT,
// 5 by default); the rest are answered 429.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant } from '@swarmhost/domain';
import { afterAll, describe, expect, inject, it } from 'vitest';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
afterAll(() => disconnectAll());

const ACCOUNT_LIMIT = 5;

/** One request to the site as a browser page of `host` sends it (same-origin POST). */
function call(host: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const sent = request(
      {
        host: '127.0.0.1',
        port: env.port,
        path,
        method: payload === undefined ? 'GET' : 'POST',
        headers: { host, origin: `http://${host}`, 'content-type': 'application/json', ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    sent.on('error', reject);
    sent.end(payload);
  });
}

describe('the tRPC route and login limits', () => {
  const slug = `lim${randomBytes(3).toString('hex')}`;
  const host = `${slug}.localhost:${env.port}`;
  const consoleHost = `localhost:${env.port}`;

  it('refuses batched sign-in calls and batches over ten calls, with a message that says so', async () => {
    await createTenant({ db: systemClient(), slug, name: 'Limits E2E', settings: {} });
    const attempt = (index: number) => ({ identifier: 'nobody', password: `guess ${index}` });
    const batch = (size: number) => Object.fromEntries(Array.from({ length: size }, (_, index) => [String(index), attempt(index)]));

    const fifty = await call(host, `/api/trpc/${Array(50).fill('auth.login').join(',')}?batch=1`, batch(50));
    expect(fifty.status).toBe(400);
    expect(fifty.body).toMatch(/a batch may hold at most 10 calls \(this one has 50\)/);

    const two = await call(host, '/api/trpc/auth.login,auth.login?batch=1', batch(2));
    expect(two.status).toBe(400);
    expect(two.body).toMatch(/auth.login cannot be batched; send it as a request of its own/);

    const operatorLogin = await call(consoleHost, '/api/trpc/operator.me,operator.login?batch=1', { 1: attempt(0) });
    expect(operatorLogin.status).toBe(400);
    expect(operatorLogin.body).toMatch(/operator.login cannot be batched/);

    // Ordinary reads still batch, up to ten.
    expect((await call(consoleHost, `/api/trpc/${Array(10).fill('operator.me').join(',')}?batch=1&input=%7B%7D`)).status).toBe(200);
    expect((await call(consoleHost, `/api/trpc/${Array(11).fill('operator.me').join(',')}?batch=1&input=%7B%7D`)).status).toBe(400);
  });

  it('answers 50 concurrent wrong passwords with at most the account limit of 401s, the rest 429', async () => {
    const username = `m${randomBytes(3).toString('hex')}`;
    await createMember({ db: systemClient(), tenantSlug: slug, username, email: `${username}@e2e.invalid`, password: 'limits e2e password' });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => call(host, '/api/trpc/auth.login', { identifier: username, password: `guess ${index}` })));
    const statuses = answers.map((answer) => answer.status);
    const unauthorized = statuses.filter((status) => status === 401).length;
    expect(unauthorized).toBeGreaterThan(0);
    expect(unauthorized).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    expect(statuses.filter((status) => status === 429).length).toBe(50 - unauthorized);
  });
});
