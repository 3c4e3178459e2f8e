// Unauthenticated PostgreSQL load (issue 17): random passkeys and scrapes of unknown
// info hashes used to cost one PostgreSQL query each. Now scrapes answer from the caches
// alone, scrapes count against the passkey limit, and lookups that miss the caches are
// limited per client address (then negatively cached).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerWorker } from '../src/tracker';
import { expectFailure, expectSuccess } from './support/asserts';
import { announce, getBencoded, scrapeTarget } from './support/client';
import { createEnvironment, hex, type TestEnvironment } from './support/environment';

let env: TestEnvironment;
let tracker: TrackerWorker;

beforeAll(async () => {
  env = await createEnvironment();
  tracker = await env.startTracker({ cacheMissesPerAddress: 5 });
});
afterAll(async () => env.close());

describe('PostgreSQL lookups a client can cause', () => {
  it('limits lookups of random passkeys per address and says so', async () => {
    const torrent = await env.fixtures.torrent(await env.fixtures.tenant());
    const before = tracker.cache.missLoads;
    const answers = [];
    for (let index = 0; index < 100; index += 1) answers.push(await announce(tracker.httpPort, hex(16), { infoHash: torrent.infoHash }));
    const lookups = tracker.cache.missLoads - before;
    // Five at once, then five a second: the burst takes well under two seconds.
    expect(lookups).toBeGreaterThanOrEqual(5);
    expect(lookups).toBeLessThanOrEqual(15);
    expectFailure(answers[0]!, /unknown passkey/);
    expectFailure(answers.at(-1)!, /too many unknown passkeys or torrents from your address/);
  });

  it('limits lookups of random info hashes by a real member the same way', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    await announce(tracker.httpPort, member.passkey, { infoHash: hex(20) });
    const before = tracker.cache.missLoads;
    for (let index = 0; index < 50; index += 1) await announce(tracker.httpPort, member.passkey, { infoHash: hex(20) });
    expect(tracker.cache.missLoads - before).toBeLessThanOrEqual(10);
  });

  it('answers scrapes of unknown info hashes from the caches, without a query', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' }));
    const before = tracker.cache.missLoads;
    for (let index = 0; index < 20; index += 1) {
      const answer = await getBencoded(tracker.httpPort, scrapeTarget(member.passkey, [torrent.infoHash, ...Array.from({ length: 10 }, () => hex(20))]));
      expect(answer['failure reason']).toBeUndefined();
      expect(Object.keys(answer.files as object)).toHaveLength(1);
    }
    expect(tracker.cache.missLoads - before).toBe(0);
  });

  it('counts scrapes against the per-passkey limit', async () => {
    const tenant = await env.fixtures.tenant({ settings: { announceRateLimitPerSecond: 2 } });
    const member = await env.fixtures.member(tenant);
    const answers = [];
    for (let index = 0; index < 8; index += 1) answers.push(await getBencoded(tracker.httpPort, scrapeTarget(member.passkey, [hex(20)])));
    const refused = answers.filter((answer) => answer['failure reason'] !== undefined);
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expectFailure(refused[0]!, /too many requests from your passkey: at most 2 a second/);
  });
});
