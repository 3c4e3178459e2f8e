// The site's changes reach the real tracker pool within a second: a staff deletion
// (announces then fail with "torrent deleted: <reason>") and an operator's settings
// edit (the announce interval changes). The tracker runs as a process against this
// run's database and Redis; the changes go through the site's own API and services.
import type { ApiServices } from '@swarmhost/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { announce, eventually, failureReason } from './support/announce';
import { newTenant, REDIS_URL, siteServices, signedInMember, signedInOperator, torrentBase64 } from './support/site';
import { deleteKeys, startTrackerPool, type TrackerPool } from './support/tracker-pool';

let tracker: TrackerPool;
let services: ApiServices;

beforeAll(async () => {
  tracker = await startTrackerPool({ urls: inject('databaseUrls'), redisUrl: REDIS_URL });
  services = siteServices({ TRACKER_KEY_PREFIX: tracker.keyPrefix });
}, 120_000);

afterAll(async () => {
  await tracker?.stop();
  if (services) {
    await deleteKeys(services.redis, tracker.keyPrefix);
    services.redis.disconnect();
  }
});

// Announcing every 50 ms from one passkey needs a generous rate limit and peer cap.
const probeFriendly = { maxPeersPerMemberTorrent: 100, announceRateLimitPerSecond: 1000 };

describe('site changes reach the tracker', () => {
  it('refuses a torrent within a second of staff deleting it, with the reason', async () => {
    const tenant = await newTenant(probeFriendly);
    const staff = await signedInMember(services, tenant, { role: 'staff' });
    const uploader = await signedInMember(services, tenant);
    const uploaded = await uploader.api.torrents.upload({ fileBase64: torrentBase64() });
    expect(uploaded.status).toBe('approved');
    // The tracker has the torrent cached as approved before the deletion.
    expect(failureReason(await announce(tracker.port, uploader.passkey, { infoHash: uploaded.infoHash, event: 'started' }))).toBeNull();

    await staff.api.staff.deleteTorrent({ torrentId: uploaded.id, reason: 'duplicate of a better encode' });
    await eventually(async () => {
      const answer = await announce(tracker.port, uploader.passkey, { infoHash: uploaded.infoHash });
      expect(failureReason(answer)).toBe('torrent deleted: duplicate of a better encode');
    }, 1000);
  });

  it('answers with the new announce interval within a second of the operator editing it', async () => {
    const tenant = await newTenant({ ...probeFriendly, announceIntervalSeconds: 1800, minAnnounceIntervalSeconds: 300 });
    const member = await signedInMember(services, tenant);
    const uploaded = await member.api.torrents.upload({ fileBase64: torrentBase64() });
    const before = await announce(tracker.port, member.passkey, { infoHash: uploaded.infoHash, event: 'started' });
    expect(failureReason(before)).toBeNull();
    // ± 10 % jitter around 1800 s.
    expect(before.interval).toBeGreaterThanOrEqual(1620);

    const operator = await signedInOperator(services);
    await operator.operator.updateTenant({ slug: tenant.slug, settings: { announceIntervalSeconds: 120, minAnnounceIntervalSeconds: 60 } });
    await eventually(async () => {
      const answer = await announce(tracker.port, member.passkey, { infoHash: uploaded.infoHash, event: 'started' });
      expect(failureReason(answer)).toBeNull();
      // ± 10 % around 120 s, never below the 60 s minimum.
      expect(answer.interval).toBeLessThanOrEqual(132);
      expect(answer['min interval']).toBe(60);
    }, 1000);
  });
});
