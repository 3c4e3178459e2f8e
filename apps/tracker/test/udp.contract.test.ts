// UDP contract (BEP 15 + BEP 41): the same rules through the same core as HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerWorker } from '../src/tracker';
import { announce, peerId } from './support/client';
import { createEnvironment, hex, type MemberFixture, type TenantFixture, type TestEnvironment } from './support/environment';
import { UdpClient } from './support/udp-client';

let env: TestEnvironment;
let tracker: TrackerWorker;
let tenant: TenantFixture;
let seeder: MemberFixture;
let leecher: MemberFixture;
let client: UdpClient;

beforeAll(async () => {
  env = await createEnvironment();
  tenant = await env.fixtures.tenant();
  seeder = await env.fixtures.member(tenant);
  leecher = await env.fixtures.member(tenant);
  tracker = await env.startTracker({ udpPort: 0 });
  client = new UdpClient(tracker.udpPort!);
});
afterAll(async () => {
  client.close();
  await env.close();
});

describe('UDP tracker', () => {
  it('connects, announces with the passkey in URL data and hands out peers', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const connectionId = await client.connect();
    const first = await client.announce(connectionId, {
      passkeyPath: `/${seeder.passkey}/announce`, infoHash: torrent.infoHash, peerId: peerId(), port: 6881, left: 0, event: 'started',
    });
    expect(first.error).toBeUndefined();
    const second = await client.announce(connectionId, {
      passkeyPath: `/${leecher.passkey}/announce`, infoHash: torrent.infoHash, peerId: peerId(), port: 6882, left: 10, event: 'started',
    });
    expect(second).toMatchObject({ seeders: 1, leechers: 1, peers: ['127.0.0.1:6881'] });
    expect(second.interval).toBeGreaterThan(0);
  });

  it('answers refusals of requests with a valid connection id with error packets: unknown passkey, missing URL data', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const connectionId = await client.connect();
    const unknown = await client.announce(connectionId, {
      passkeyPath: `/${hex(16)}/announce`, infoHash: torrent.infoHash, peerId: peerId(), port: 6881, left: 0,
    });
    expect(unknown.error).toMatch(/unknown passkey/);
    const missing = await client.announce(connectionId, { passkeyPath: '', infoHash: torrent.infoHash, peerId: peerId(), port: 6881, left: 0 });
    expect(missing.error).toMatch(/passkey/);
  });

  it('drops, without any reply, packets from addresses no connection id has proven (no reflection)', async () => {
    const garbage = Buffer.alloc(16, 0xab);
    expect(await client.sendRaw(garbage)).toBeUndefined();
    const badConnect = Buffer.alloc(16);
    badConnect.writeUInt32BE(0, 8);
    expect(await client.sendRaw(badConnect)).toBeUndefined();
    // A well-formed announce under a forged connection id.
    const forged = Buffer.alloc(100);
    forged.fill(7, 0, 8);
    forged.writeUInt32BE(1, 8);
    forged.writeUInt32BE(99, 12);
    expect(await client.sendRaw(forged)).toBeUndefined();
    // A valid connect is still answered, with 16 bytes for 16.
    expect(await client.connect()).toHaveLength(8);
  });

  it('caps an IPv6 announce reply below 1,400 bytes whatever numwant asks (no fragments)', async () => {
    // Dual-stack, so HTTP announces from 127.0.0.1 may name IPv6 peers through a trusted proxy.
    const dualStack = await env.startTracker({ host: '::', udpPort: 0, trustedProxies: ['127.0.0.1'] });
    const torrent = await env.fixtures.torrent(tenant);
    // 90 IPv6 seeders (30 members, 3 peers each): 90 × 18 bytes would be 1,640 bytes.
    const members = await Promise.all(Array.from({ length: 30 }, () => env.fixtures.member(tenant)));
    let peerNumber = 0;
    for (const member of members) {
      for (let peer = 0; peer < 3; peer += 1) {
        peerNumber += 1;
        await announce(dualStack.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: peerId(), port: 7000 + peerNumber, left: 0, event: 'started' }, {
          'X-Forwarded-For': `2001:db8::${peerNumber.toString(16)}`,
        });
      }
    }
    const udp6 = new UdpClient(dualStack.udpPort!, '::1');
    try {
      const connectionId = await udp6.connect();
      const answer = await udp6.announce(connectionId, {
        passkeyPath: `/${leecher.passkey}/announce`, infoHash: torrent.infoHash, peerId: peerId(), port: 6883, left: 10, event: 'started', numwant: 200,
      });
      expect(answer.error).toBeUndefined();
      expect(answer.seeders).toBe(90);
      expect(answer.bytes).toBeLessThan(1400);
      expect(answer.peers).toHaveLength(76);
    } finally {
      udp6.close();
    }
  });

  it('scrapes with the passkey in the scrape’s own URL data, never one guessed from the address', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const connectionId = await client.connect();
    await client.announce(connectionId, {
      passkeyPath: `/${seeder.passkey}/announce`, infoHash: torrent.infoHash, peerId: peerId(), port: 6881, left: 0, event: 'started',
    });
    const answer = await client.scrape(connectionId, [torrent.infoHash, hex(20)], `/${seeder.passkey}/scrape`);
    expect(answer.files).toEqual([
      { seeders: 1, completed: 0, leechers: 0 },
      { seeders: 0, completed: 0, leechers: 0 },
    ]);
    // Another tenant's member on the same address sees nothing of this tenant's torrent.
    const outsider = await env.fixtures.member(await env.fixtures.tenant());
    const foreign = await client.scrape(connectionId, [torrent.infoHash], `/${outsider.passkey}/scrape`);
    expect(foreign.files).toEqual([{ seeders: 0, completed: 0, leechers: 0 }]);
    // Without URL data the address that just announced proves nothing.
    expect((await client.scrape(connectionId, [torrent.infoHash])).error).toMatch(/needs your passkey/);
  });
});
