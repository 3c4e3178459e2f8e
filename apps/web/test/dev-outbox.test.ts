// The dev outbox holds reset and verification links: over real HTTP connections, a site
// sees only its own mails, and a client that is not on this machine (by its connection,
// or by the hop a trusted proxy appended) gets nothing, whatever headers it sends.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { clearSiteCache, type ApiServices } from '@swarmhost/api';
import { loadWebConfig, type Environment } from '@swarmhost/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devOutboxFor } from '../src/server/dev-outbox';
import { BASE_DOMAIN, browser, newTenant, REDIS_URL, siteServices, signedInMember } from './support/site';

let services: ApiServices;
const servers: Server[] = [];

beforeAll(() => {
  services = siteServices();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  services.redis.disconnect();
});

/** The outbox decision behind a real HTTP server on every interface: 404 or the mails as JSON. */
async function outboxServer(environment: Environment = {}): Promise<number> {
  const config = loadWebConfig({ REDIS_URL, BASE_DOMAIN, MAIL_TRANSPORT: 'outbox', ...environment });
  const server = createServer((req, res) => {
    devOutboxFor(req, { config, redis: services.redis, limit: 200 }).then(
      (mails) => {
        res.writeHead(mails ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(mails ?? []));
      },
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '0.0.0.0', listening));
  return (server.address() as AddressInfo).port;
}

async function get(options: { address: string; port: number; host: string; headers?: Record<string, string> }): Promise<{ status: number; mails: { to: string; text: string }[] }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: options.address, port: options.port, path: '/dev/outbox', headers: { host: options.host, ...options.headers } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => {
        resolve({ status: response.statusCode ?? 0, mails: response.statusCode === 200 ? (JSON.parse(body) as { to: string; text: string }[]) : [] });
      });
    });
    outgoing.on('error', reject).end();
  });
}

/** This machine's address on a real network interface, if it has one (not loopback). */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

describe('the dev outbox page', () => {
  it("shows each site only its own members' mails", async () => {
    clearSiteCache();
    const first = await newTenant();
    const second = await newTenant();
    const firstMember = await signedInMember(services, first);
    const secondMember = await signedInMember(services, second);
    await (await browser(services)(first.host)).auth.requestPasswordReset({ email: firstMember.email });
    await (await browser(services)(second.host)).auth.requestPasswordReset({ email: secondMember.email });
    const port = await outboxServer();

    const onFirst = await get({ address: '127.0.0.1', port, host: first.host });
    expect(onFirst.status).toBe(200);
    expect(onFirst.mails.map((mail) => mail.to)).toContain(firstMember.email);
    expect(onFirst.mails.some((mail) => mail.to === secondMember.email)).toBe(false);
    expect(onFirst.mails.every((mail) => mail.text.includes(`//${first.host}/`))).toBe(true);

    const onSecond = await get({ address: '127.0.0.1', port, host: second.host });
    expect(onSecond.mails.map((mail) => mail.to)).toContain(secondMember.email);
    expect(onSecond.mails.some((mail) => mail.to === firstMember.email)).toBe(false);

    // The console shows platform mails only, never a tenant's; an unknown host nothing at all.
    const onConsole = await get({ address: '127.0.0.1', port, host: BASE_DOMAIN });
    expect(onConsole.status).toBe(200);
    expect(onConsole.mails.some((mail) => mail.to === firstMember.email || mail.to === secondMember.email)).toBe(false);
    expect((await get({ address: '127.0.0.1', port, host: 'nobody.example.org' })).status).toBe(404);
  });

  it('answers only clients on this machine, by connection or by the hop a trusted proxy appended', async () => {
    const tenant = await newTenant();
    const port = await outboxServer();
    expect((await get({ address: '127.0.0.1', port, host: tenant.host })).status).toBe(200);
    // Behind a proxy on this machine (loopback is trusted by default), the client it names counts.
    expect((await get({ address: '127.0.0.1', port, host: tenant.host, headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404);
    expect((await get({ address: '127.0.0.1', port, host: tenant.host, headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' } })).status).toBe(404);
    expect((await get({ address: '127.0.0.1', port, host: tenant.host, headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(200);
  });

  it.runIf(externalAddress)('refuses a client connecting over the network, whatever it claims', async () => {
    const tenant = await newTenant();
    const port = await outboxServer();
    const address = externalAddress!;
    expect((await get({ address, port, host: tenant.host })).status).toBe(404);
    expect((await get({ address, port, host: tenant.host, headers: { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1' } })).status).toBe(404);
    // The same server answers that client once its address is a trusted proxy's (as for a proxy on another host).
    const trusting = await outboxServer({ WEB_TRUSTED_PROXIES: address });
    expect((await get({ address, port: trusting, host: tenant.host, headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(200);
  });

  it('does not exist with SMTP configured', async () => {
    const tenant = await newTenant();
    const port = await outboxServer({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:1' });
    expect((await get({ address: '127.0.0.1', port, host: tenant.host })).status).toBe(404);
  });
});
