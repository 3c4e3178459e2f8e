// The torrent page's peer list: real announces through the tracker pool, read back
// through the site's API with each member's privacy applied and History's transfer
// figures. The site reads the peers table the pool persists from its in-memory swarms
// at each flush.
import type { ApiServices } from '@swarmhost/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { announce, eventually, failureReason, peerId } from './support/announce';
import { newTenant, REDIS_URL, siteServices, signedInMember, torrentBase64 } from './support/site';
import { startTrackerPool, type TrackerPool } from './support/tracker-pool';

describe('peers of a torrent', () => {
  let tracker: TrackerPool;
  let services: ApiServices;

  beforeAll(async () => {
    tracker = await startTrackerPool({ urls: inject('databaseUrls'), redisUrl: REDIS_URL, flushIntervalSeconds: 0.5 });
    services = siteServices();
  }, 120_000);

  afterAll(async () => {
    await tracker?.stop();
    services?.redis.disconnect();
  });

  it('lists members in the swarm with state, client and transfer, hiding what they chose to hide', async () => {
    const tenant = await newTenant({ maxPeersPerMemberTorrent: 5 });
    const seeder = await signedInMember(services, tenant, { username: `seed${Date.now() % 100000}` });
    const hider = await signedInMember(services, tenant);
    const quiet = await signedInMember(services, tenant);
    const viewer = await signedInMember(services, tenant);
    const staff = await signedInMember(services, tenant, { role: 'staff' });
    await hider.api.account.updatePrivacy({ hideHistory: true });
    await quiet.api.account.updatePrivacy({ hideStats: true });
    const torrent = await seeder.api.torrents.upload({ fileBase64: torrentBase64() });

    const ok = async (passkey: string, query: Parameters<typeof announce>[2]) => expect(failureReason(await announce(tracker.port, passkey, query))).toBeNull();
    const seederPeer = peerId('-qB4630-');
    await ok(seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, event: 'started' });
    await ok(hider.passkey, { infoHash: torrent.infoHash, peerId: peerId('-TR4050-'), left: 1000, event: 'started' });
    await ok(quiet.passkey, { infoHash: torrent.infoHash, peerId: peerId('-qB4630-'), left: 1000, event: 'started', port: 6001 });
    await ok(quiet.passkey, { infoHash: torrent.infoHash, peerId: peerId('-DE2110-'), left: 1000, event: 'started', port: 6002 });
    // The seeder's second announce reports 7000 bytes uploaded (a completed event is
    // never refused for the min interval); the flusher books it into History.
    await ok(seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, uploaded: 7000, event: 'completed' });

    let seen: Awaited<ReturnType<typeof viewer.api.torrents.peers>> | undefined;
    await eventually(async () => {
      seen = await viewer.api.torrents.peers({ id: torrent.id });
      expect(seen.members.find((row) => row.username === seeder.username)?.uploaded).toBe(7000);
    }, 20_000);
    expect(seen).toMatchObject({ seeders: 1, leechers: 3, partialSeeds: 0 });
    expect(seen!.members).toEqual([
      { username: seeder.username, anonymous: false, state: 'seeding', peers: 1, clients: ['qBittorrent 4.6.3'], uploaded: 7000, downloaded: 0 },
      { username: quiet.username, anonymous: false, state: 'leeching', peers: 2, clients: ['Deluge 2.1.1', 'qBittorrent 4.6.3'], uploaded: null, downloaded: null },
      { username: null, anonymous: true, state: 'leeching', peers: 1, clients: ['Transmission 4.0.5'], uploaded: 0, downloaded: 0 },
    ]);

    // Staff and the member themself see the hidden name and figures.
    const forStaff = await staff.api.torrents.peers({ id: torrent.id });
    expect(forStaff.members.map((row) => row.username)).toContain(hider.username);
    expect(forStaff.members.find((row) => row.username === quiet.username)?.uploaded).toBe(0);
    const forHider = await hider.api.torrents.peers({ id: torrent.id });
    expect(forHider.members.find((row) => row.username === hider.username)).toMatchObject({ anonymous: false, state: 'leeching' });

    // The torrent's summary reads the same store.
    expect((await viewer.api.torrents.get({ id: torrent.id })).peers).toMatchObject({ seeders: 1, leechers: 3, members: 3 });

    // A stopped peer leaves the list (its row is deleted by the durable `stopped`,
    // before the answer).
    await ok(seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, uploaded: 7000, event: 'stopped' });
    const after = await viewer.api.torrents.peers({ id: torrent.id });
    expect(after.seeders).toBe(0);
    expect(after.members.map((row) => row.username)).not.toContain(seeder.username);
    expect((await viewer.api.torrents.get({ id: torrent.id })).peers).toMatchObject({ seeders: 0, leechers: 3, members: 2 });
  });
});
