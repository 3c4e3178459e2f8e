// The page's live connection (live-connection.ts, what the RealtimeProvider runs) against
// a real gateway process, with tokens from the site's own token route logic: with
// five-second tokens the page refreshes before each expiry and stays connected; "log
// out everywhere" through the site's API ends the socket, and the page's reconnect is
// refused by the site with its reason.
import { randomBytes } from 'node:crypto';
import { createApiContext, createCaller, type ApiServices, type CookieJar } from '@swarmhost/api';
import { loadRealtimeTokenConfig, type RealtimeTokenConfig } from '@swarmhost/config';
import { systemClient } from '@swarmhost/db/system';
import { createMember } from '@swarmhost/domain';
import { realtimeClusterNames } from '@swarmhost/events/emitter';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openLiveConnection, type LiveConnectionState, type TokenAnswer } from '../src/components/live/live-connection';
import { realtimeTokenAnswer } from '../src/components/live/realtime-token-answer';
import { startGatewayProcess, type GatewayProcess } from './support/gateway-process';
import { newTenant, PASSWORD, REDIS_URL, siteServices } from './support/site';
import { deleteKeys } from './support/tracker-pool';

const runId = randomBytes(4).toString('hex');
const TOKEN_SECRET = `web-live-connection-test-secret-${runId}-0123456789`;
const ADAPTER_KEY = `web-live-connection-${runId}`;
const KEY_PREFIX = `swarmhost:web-live-test:${runId}:`;
let services: ReturnType<typeof siteServices>;
let gateway: GatewayProcess;
let tokenConfig: RealtimeTokenConfig;

beforeAll(async () => {
  services = siteServices();
  gateway = await startGatewayProcess({ urls: inject('databaseUrls'), redisUrl: REDIS_URL, tokenSecret: TOKEN_SECRET, adapterKey: ADAPTER_KEY, keyPrefix: KEY_PREFIX });
  tokenConfig = loadRealtimeTokenConfig({ REALTIME_TOKEN_SECRET: TOKEN_SECRET, REALTIME_TOKEN_TTL_SECONDS: '5', REALTIME_PUBLIC_URL: gateway.url });
});
afterAll(async () => {
  await gateway?.stop();
  await deleteKeys(services.redis, KEY_PREFIX);
  await services.redis.unlink(realtimeClusterNames(ADAPTER_KEY).streamName);
  services.redis.disconnect();
});

/** A member signed in on the tenant's host, their API, and the token source their page uses. */
async function signedInPage() {
  const tenant = await newTenant();
  const username = `live${randomBytes(4).toString('hex')}`;
  await createMember({ db: systemClient(), tenantSlug: tenant.slug, username, email: `${username}@web.test`, password: PASSWORD });
  const jar = new Map<string, string>();
  const cookies: CookieJar = { get: (name) => jar.get(name), set: (name, value) => void jar.set(name, value), clear: (name) => void jar.delete(name) };
  const context = () => createApiContext({ services: services as ApiServices, cookies, request: { host: tenant.host, ip: '127.0.0.10' } });
  await createCaller(await context()).auth.login({ identifier: username, password: PASSWORD });
  let issued = 0;
  const fetchToken = async (): Promise<TokenAnswer> => {
    const answer = realtimeTokenAnswer(await context(), tokenConfig);
    if (!('token' in answer.body)) throw new Error(answer.body.error);
    issued += 1;
    return answer.body;
  };
  return { api: async () => createCaller(await context()), fetchToken, issued: () => issued };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the page’s live connection', () => {
  it('refreshes its token before each expiry and stays connected, and ends at log out everywhere with the site’s reason', async () => {
    const page = await signedInPage();
    const states: Pick<LiveConnectionState, 'connected' | 'error'>[] = [];
    const close = openLiveConnection({ fetchToken: page.fetchToken, onState: ({ connected, error }) => states.push({ connected, error }), reconnectAfterMs: 200 });
    try {
      const latest = () => states.at(-1);
      await until(() => latest()?.connected === true, 'the first connection');
      const connectedAt = states.length;

      // Five-second tokens, twelve seconds connected: only refreshes kept the socket.
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      expect(states.slice(connectedAt)).toEqual([]);
      expect(latest()?.connected).toBe(true);
      expect(page.issued()).toBeGreaterThanOrEqual(3);

      await (await page.api()).auth.logoutEverywhere();
      await until(() => latest()?.error !== null && latest()?.error !== undefined, 'the refused reconnect');
      expect(latest()).toMatchObject({ connected: false, error: expect.stringMatching(/your login has ended/) });
    } finally {
      close();
    }
  });
});
