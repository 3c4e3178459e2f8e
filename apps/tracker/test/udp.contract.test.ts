// UDP contract (BEP 15 + BEP 41): the same rules through the same core as HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerWorker } from '../src/tracker';
import { peerId } from './support/client';
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

  it('answers failures with error packets: unknown passkey, missing URL data, bad connection id', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const connectionId = await client.connect();
    const unknown = await client.announce(connectionId, {
      passkeyPath: `/${hex(16)}/announce`, infoHash: torrent.infoHash, peerId: peerId(), port: 6881, left: 0,
    });
    expect(unknown.error).toMatch(/unknown passkey/);
    const missing = await client.announce(connectionId, { passkeyPath: '', infoHash: torrent.infoHash, peerId: peerId(), port: 6881, left: 0 });
    expect(missing.error).toMatch(/passkey/);
    const forged = await client.announce(Buffer.alloc(8, 7), {
      passkeyPath: `/${seeder.passkey}/announce`, infoHash: torrent.infoHash, peerId: peerId(), port: 6881, left: 0,
    });
    expect(forged.error).toMatch(/connection id/);
  });

  it('scrapes for the passkey that announced from this address', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const connectionId = await client.connect();
    await client.announce(connectionId, {
      passkeyPath: `/${seeder.passkey}/announce`, infoHash: torrent.infoHash, peerId: peerId(), port: 6881, left: 0, event: 'started',
    });
    const answer = await client.scrape(connectionId, [torrent.infoHash, hex(20)]);
    expect(answer.files).toEqual([
      { seeders: 1, completed: 0, leechers: 0 },
      { seeders: 0, completed: 0, leechers: 0 },
    ]);
  });
});
