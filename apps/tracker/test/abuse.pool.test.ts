// Abuse limits seen from outside a real pool (issue 17): X-Forwarded-For read right to
// left with CIDR-trusted proxies, no passkey in any log line, /metrics only on its own
// listener, and write backpressure against a client that never reads its answers.
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactPeers, expectFailure } from './support/asserts';
import { announce, get, getBencoded, peerId } from './support/client';
import { createEnvironment, hex, REDIS_URL, type MemberFixture, type TenantFixture, type TestEnvironment } from './support/environment';
import { startPool, type PoolProcess } from './support/pool';
import { freePort } from '@swarmhost/test-support';
import { UdpClient } from './support/udp-client';

let env: TestEnvironment;
let pool: PoolProcess;
let tenant: TenantFixture;
let member: MemberFixture;
let udpPort: number;

beforeAll(async () => {
  env = await createEnvironment();
  tenant = await env.fixtures.tenant();
  member = await env.fixtures.member(tenant);
  udpPort = await freePort();
  pool = await startPool({
    DATABASE_URL: env.urls.owner,
    DATABASE_SYSTEM_URL: env.urls.system,
    REDIS_URL,
    TRACKER_WORKERS: '1',
    TRACKER_UDP_ENABLED: 'true',
    TRACKER_UDP_PORT: String(udpPort),
    TRACKER_TRUSTED_PROXIES: '127.0.0.0/8, fd00::/8',
    FLUSH_INTERVAL: '1',
  });
});
afterAll(async () => {
  await pool?.stop(5000);
  await env.close();
});

function rssKiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? Number.NaN);
}

describe('a real pool under abuse', () => {
  it('credits the rightmost X-Forwarded-For address that is not a trusted proxy (CIDR), across header lines', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const other = await env.fixtures.member(tenant);
    // Through nginx the client's own header comes first; each proxy (127.0.0.0/8) appends.
    await announce(pool.port, other.passkey, { infoHash: torrent.infoHash, port: 7001, left: 0, event: 'started' }, {
      'X-Forwarded-For': '198.51.100.66, 203.0.113.7, 127.0.0.5',
    });
    const answer = await announce(pool.port, member.passkey, { infoHash: torrent.infoHash, peerId: peerId(), event: 'started' });
    expect(compactPeers(answer)).toEqual(['203.0.113.7:7001']);
  });

  it('logs refused HTTP and UDP announces without the passkey', async () => {
    const unregistered = hex(20);
    expectFailure(await announce(pool.port, member.passkey, { infoHash: unregistered }), /not registered/);
    const udp = new UdpClient(udpPort);
    try {
      const connectionId = await udp.connect();
      const refused = await udp.announce(connectionId, { passkeyPath: `/${member.passkey}/announce`, infoHash: unregistered, peerId: peerId(), port: 6881, left: 10 });
      expect(refused.error).toMatch(/not registered/);
    } finally {
      udp.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const output = pool.output();
    expect(output).toMatch(/request refused/);
    expect(output).toMatch(/\/<passkey>\/announce/);
    expect(output.toLowerCase()).not.toContain(member.passkey);
  });

  it('serves /metrics only on the metrics listener', async () => {
    expectFailure(await getBencoded(pool.port, '/metrics'), /unknown path/);
    const metrics = (await get(pool.metricsPort, '/metrics')).body.toString();
    expect(metrics).toContain('tracker_announces_total');
    expect((await get(pool.port, '/healthz')).body.toString()).toBe('ok\n');
  });

  it('stops reading from a client that pipelines without reading, so the worker stays small', async () => {
    const [worker] = pool.workerPids();
    expect(worker).toBeDefined();
    const before = rssKiB(worker!);
    const chunk = Buffer.from('GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n'.repeat(1000));
    const socket = connect(pool.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    // No 'data' listener: the socket never reads, so answers pile up on the tracker's
    // side. 1,000 requests every 5 ms for 3 s; a tracker that keeps reading would hold
    // about 600,000 answers (over 50 MB) for this one connection.
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      socket.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const after = rssKiB(worker!);
    socket.destroy();
    const metrics = (await get(pool.metricsPort, '/metrics')).body.toString();
    const pauses = Number(/^tracker_http_backpressure_pauses_total (\d+)/m.exec(metrics)?.[1] ?? 0);
    expect(pauses).toBeGreaterThan(0);
    expect(after - before, `worker RSS grew from ${before} to ${after} KiB`).toBeLessThan(30_000);
    expect((await get(pool.port, '/healthz')).body.toString()).toBe('ok\n');
  });
});
