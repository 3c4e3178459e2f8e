// HTTP transport contract: keep-alive, Connection: close, pipelining in order, limits,
// X-Forwarded-For only from trusted proxies, BEP 7 peers6, scrape, /healthz, /metrics.
import { connect } from 'node:net';
import { decode, type BencodeDict } from '@swarmhost/bittorrent/bencode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerWorker } from '../src/tracker';
import { compactPeers, expectFailure, expectSuccess } from './support/asserts';
import { announce, announceTarget, exchange, get, getBencoded, getRequest, peerId, scrapeTarget } from './support/client';
import { createEnvironment, hex, type MemberFixture, type TenantFixture, type TestEnvironment } from './support/environment';

let env: TestEnvironment;
let tracker: TrackerWorker;
let tenant: TenantFixture;
let member: MemberFixture;
let other: MemberFixture;

beforeAll(async () => {
  env = await createEnvironment();
  tenant = await env.fixtures.tenant();
  member = await env.fixtures.member(tenant);
  other = await env.fixtures.member(tenant);
  tracker = await env.startTracker({ trustedProxies: ['127.0.0.1'], metricsPort: 0 });
});
afterAll(async () => env.close());

describe('connections', () => {
  it('keeps HTTP/1.1 connections alive and answers pipelined requests in order', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const requests = [
      getRequest(announceTarget(member.passkey, { infoHash: torrent.infoHash, event: 'started' })),
      getRequest('/healthz'),
      getRequest(announceTarget(member.passkey, { infoHash: hex(20) })),
    ].join('');
    const { responses, closed } = await exchange(tracker.httpPort, requests, 3);
    expect(closed).toBe(false);
    expect(responses.map((response) => response.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
    expectSuccess(decode(responses[0]!.body) as BencodeDict);
    expect(responses[1]!.body.toString()).toBe('ok\n');
    expectFailure(decode(responses[2]!.body) as BencodeDict, /not registered/);
  });

  it('closes after answering `Connection: close` and HTTP/1.0 requests', async () => {
    const closing = await exchange(tracker.httpPort, getRequest('/healthz', { Connection: 'close' }));
    expect(closing.responses[0]?.headers.connection).toBe('close');
    expect(closing.closed).toBe(true);
    const old = await exchange(tracker.httpPort, 'GET /healthz HTTP/1.0\r\n\r\n');
    expect(old.responses[0]?.headers.connection).toBe('close');
    expect(old.closed).toBe(true);
  });

  it('answers a request split across many packets', async () => {
    const raw = getRequest('/healthz');
    const body = await new Promise<string>((resolve, reject) => {
      const socket = connect(tracker.httpPort, '127.0.0.1', () => {
        socket.setNoDelay(true);
        let index = 0;
        const drip = setInterval(() => {
          socket.write(raw.slice(index, index + 3));
          index += 3;
          if (index >= raw.length) clearInterval(drip);
        }, 2);
      });
      socket.on('data', (chunk) => {
        resolve(chunk.toString());
        socket.destroy();
      });
      socket.on('error', reject);
    });
    expect(body).toMatch(/^HTTP\/1.1 200 OK[\s\S]*\r\n\r\nok\n$/);
  });

  it('refuses a request head over the size limit with a failure reason, then closes', async () => {
    const { responses, closed } = await exchange(tracker.httpPort, `GET /${'a'.repeat(9000)} HTTP/1.1\r\n\r\n`);
    expect(responses[0]?.status).toBe(200);
    expect(responses[0]?.body.toString()).toMatch(/request head too large/);
    expect(closed).toBe(true);
  });

  it('refuses garbage with a failure reason and stays up', async () => {
    const { responses } = await exchange(tracker.httpPort, 'HELLO\r\n\r\n');
    expect(responses[0]?.body.toString()).toMatch(/malformed HTTP request/);
    expect((await get(tracker.httpPort, '/healthz')).body.toString()).toBe('ok\n');
  });
});

describe('timeouts', () => {
  it('closes a connection whose request head never completes, and an idle keep-alive one', async () => {
    const strict = await env.startTracker({ idleTimeoutMs: 600, headTimeoutMs: 300 });
    const closedAfter = (payload: string) =>
      new Promise<number>((resolve, reject) => {
        const startedAt = Date.now();
        const socket = connect(strict.httpPort, '127.0.0.1', () => socket.write(payload));
        socket.on('data', () => undefined);
        socket.on('close', () => resolve(Date.now() - startedAt));
        socket.on('error', reject);
        setTimeout(() => reject(new Error('connection was never closed')), 5000);
      });
    // A slow-loris head, and a keep-alive connection left idle after its answer.
    expect(await closedAfter('GET /healthz HTTP/1.1\r\nHost: a\r\n')).toBeGreaterThanOrEqual(300);
    expect(await closedAfter(getRequest('/healthz'))).toBeGreaterThanOrEqual(600);
  });
});

describe('client address', () => {
  it('uses the rightmost X-Forwarded-For address that is not a trusted proxy', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    // The client sent the first entry itself; the proxy appended 203.0.113.7.
    await announce(tracker.httpPort, other.passkey, { infoHash: torrent.infoHash, port: 7001, left: 0, event: 'started' }, {
      'X-Forwarded-For': '198.51.100.66, 203.0.113.7',
    });
    const answer = await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' });
    expect(compactPeers(answer)).toEqual(['203.0.113.7:7001']);
  });

  it('ignores X-Forwarded-For from a connection that is not a trusted proxy', async () => {
    const untrusting = await env.startTracker({ trustedProxies: ['192.0.2.1'] });
    const torrent = await env.fixtures.torrent(tenant);
    await announce(untrusting.httpPort, other.passkey, { infoHash: torrent.infoHash, port: 7001, left: 0, event: 'started' }, {
      'X-Forwarded-For': '203.0.113.7',
    });
    const answer = await announce(untrusting.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' });
    expect(compactPeers(answer)).toEqual(['127.0.0.1:7001']);
  });

  it('hands IPv6 peers out in peers6 (BEP 7)', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    await announce(tracker.httpPort, other.passkey, { infoHash: torrent.infoHash, port: 7001, left: 0, event: 'started' }, {
      'X-Forwarded-For': '2001:db8::42',
    });
    const answer = await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' });
    const peers6 = answer.peers6 as Buffer;
    expect(peers6).toHaveLength(18);
    expect(peers6.subarray(0, 16).toString('hex')).toBe('20010db8000000000000000000000042');
    expect(peers6.readUInt16BE(16)).toBe(7001);
    expect(compactPeers(answer)).toEqual([]);
  });
});

describe('scrape (BEP 48)', () => {
  it('counts several torrents of the passkey’s tenant and leaves out everything else', async () => {
    const first = await env.fixtures.torrent(tenant);
    const second = await env.fixtures.torrent(tenant);
    const pending = await env.fixtures.torrent(tenant, { status: 'pending' });
    const foreign = await env.fixtures.torrent(await env.fixtures.tenant());
    // Scrapes answer from the caches alone: registration announces a torrent, as the site does.
    await env.invalidate({ kind: 'torrent', tenantId: tenant.id, infoHash: second.infoHash });
    for (let waited = 0; tracker.cache.cachedTorrent(tenant.id, second.infoHash) === undefined && waited < 2000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await announce(tracker.httpPort, other.passkey, { infoHash: first.infoHash, left: 0, event: 'started' });
    await announce(tracker.httpPort, member.passkey, { infoHash: first.infoHash, event: 'started' });
    const answer = await getBencoded(tracker.httpPort, scrapeTarget(member.passkey, [first.infoHash, second.infoHash, pending.infoHash, foreign.infoHash, hex(20)]));
    const files = answer.files as unknown as Record<string, { complete: number; incomplete: number; downloaded: number }>;
    const byHex = Object.fromEntries(Object.entries(files).map(([key, value]) => [Buffer.from(key, 'latin1').toString('hex'), value]));
    expect(Object.keys(byHex).sort()).toEqual([first.infoHash, second.infoHash].sort());
    expect(byHex[first.infoHash]).toMatchObject({ complete: 1, incomplete: 1 });
    expect(byHex[second.infoHash]).toMatchObject({ complete: 0, incomplete: 0 });
  });

  it('refuses a full scrape and an unknown passkey', async () => {
    expectFailure(await getBencoded(tracker.httpPort, `/${member.passkey}/scrape`), /info_hash/);
    expectFailure(await getBencoded(tracker.httpPort, scrapeTarget(hex(16), [hex(20)])), /unknown passkey/);
  });
});

describe('operations endpoints', () => {
  it('serves /metrics with tenant labels and failure reasons on the metrics listener only', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: peerId(), event: 'started' });
    await announce(tracker.httpPort, hex(16), { infoHash: torrent.infoHash });
    // The public port names no tenants: /metrics is an unknown path there.
    const publicAnswer = await get(tracker.httpPort, '/metrics');
    expect(publicAnswer.body.toString()).not.toContain('tracker_announces_total');
    expectFailure(decode(publicAnswer.body) as BencodeDict, /unknown path/);
    expect(tracker.metricsPort).toBeDefined();
    expect((await get(tracker.metricsPort!, '/healthz')).body.toString()).toBe('ok\n');
    expect((await get(tracker.metricsPort!, `/${member.passkey}/announce`)).status).toBe(404);
    const metrics = (await get(tracker.metricsPort!, '/metrics')).body.toString();
    expect(metrics).toContain(`tracker_announces_total{tenant="${tenant.slug}",transport="http"}`);
    expect(metrics).toMatch(/tracker_failures_total\{tenant="-",reason="unknown_passkey"\} \d+/);
    expect(metrics).toContain('tracker_announce_duration_seconds_bucket');
  });
});
