// The torrent page's peer list: real announces through the tracker pool, read back
// through the site's API with each member's privacy applied and History's transfer
// figures — with either swarm store the tracker runs (TRACKER_STORE): Redis (its own key
// prefix, which the site must read through TRACKER_KEY_PREFIX) or memory (the site reads
// the peers table the pool persists at each flush).
import type { ApiServices } from '@swarmhost/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { announce, eventually, failureReason, peerId } from './support/announce';
import { newTenant, REDIS_URL, siteServices, signedInMember, torrentBase64 } from './support/site';
import { deleteKeys, startTrackerPool, type TrackerPool } from './support/tracker-pool';

describe.each(['redis', 'memory'] as const)('peers of a torrent (TRACKER_STORE=%s)', (store) => {
  let tracker: TrackerPool;
  let services: ApiServices;

  beforeAll(async () => {
    tracker = await startTrackerPool({ urls: inject('databaseUrls'), redisUrl: REDIS_URL, flushIntervalSeconds: 0.5, store });
    services = siteServices({ TRACKER_KEY_PREFIX: tracker.keyPrefix, TRACKER_STORE: store });
  }, 120_000);

  afterAll(async () => {
    await tracker?.stop();
    if (services) {
      await deleteKeys(services.redis, tracker.keyPrefix);
      services.redis.disconnect();
    }
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

    // A stopped peer leaves the list (the memory store's peers table with its durable
    // `stopped`, before the answer).
    await ok(seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, uploaded: 7000, event: 'stopped' });
    const after = await viewer.api.torrents.peers({ id: torrent.id });
    expect(after.seeders).toBe(0);
    expect(after.members.map((row) => row.username)).not.toContain(seeder.username);
    expect((await viewer.api.torrents.get({ id: torrent.id })).peers).toMatchObject({ seeders: 0, leechers: 3, members: 2 });
  });
});
