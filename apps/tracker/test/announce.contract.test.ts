// HTTP announce contract: each protocol rule of issue 3, against a tracker worker on
// real Redis and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerWorker } from '../src/tracker';
import { announce, announceTarget, exchange, get, getBencoded, peerId } from './support/client';
import { compactPeers, expectFailure, expectSuccess } from './support/asserts';
import { createEnvironment, hex, type MemberFixture, type TenantFixture, type TestEnvironment } from './support/environment';

let env: TestEnvironment;
let tracker: TrackerWorker;
let tenant: TenantFixture;
let member: MemberFixture;
let other: MemberFixture;

beforeAll(async () => {
  env = await createEnvironment();
  tenant = await env.fixtures.tenant({
    settings: { announceIntervalSeconds: 1800, minAnnounceIntervalSeconds: 300, clientDenyList: ['-XX'], maxPeersPerMemberTorrent: 2 },
  });
  member = await env.fixtures.member(tenant);
  other = await env.fixtures.member(tenant);
  tracker = await env.startTracker();
});
afterAll(async () => env.close());

describe('announce answers', () => {
  it('gives interval (jittered around the setting), min interval and counts', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const answer = await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' });
    expectSuccess(answer);
    expect(answer.interval).toBeGreaterThanOrEqual(1620);
    expect(answer.interval).toBeLessThanOrEqual(1980);
    expect(answer['min interval']).toBe(300);
    expect(answer.incomplete).toBe(1);
    expect(answer.complete).toBe(0);
    expect(compactPeers(answer)).toEqual([]);
  });

  it('hands a leecher the seeders, never its own peer nor its member’s other peers', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    await announce(tracker.httpPort, other.passkey, { infoHash: torrent.infoHash, port: 7001, left: 0, event: 'started' });
    await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, port: 7002, event: 'started' });
    const answer = await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, port: 7003, event: 'started' });
    expect(compactPeers(answer)).toEqual(['127.0.0.1:7001']);
    expect(answer.complete).toBe(1);
    expect(answer.incomplete).toBe(2);
  });

  it('gives seeders no seeders', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    await announce(tracker.httpPort, other.passkey, { infoHash: torrent.infoHash, port: 7001, left: 0, event: 'started' });
    const seeder = await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, left: 0, event: 'started' });
    expect(compactPeers(seeder)).toEqual([]);
  });

  it('caps numwant at 200 and defaults it to 50', async () => {
    const crowd = await env.fixtures.tenant({ settings: { maxPeersPerMemberTorrent: 100 } });
    const torrent = await env.fixtures.torrent(crowd);
    const seeders = await Promise.all(Array.from({ length: 3 }, () => env.fixtures.member(crowd)));
    for (const [index, seeder] of seeders.entries()) {
      for (let peer = 0; peer < 90; peer += 1) {
        const port = 10_000 + index * 100 + peer;
        expectSuccess(await announce(tracker.httpPort, seeder.passkey, { infoHash: torrent.infoHash, port, left: 0, event: 'started' }));
      }
    }
    const leecher = await env.fixtures.member(crowd);
    const capped = await announce(tracker.httpPort, leecher.passkey, { infoHash: torrent.infoHash, numwant: 5000, event: 'started' });
    expect(capped.complete).toBe(270);
    expect(compactPeers(capped)).toHaveLength(200);
    const defaulted = await announce(tracker.httpPort, leecher.passkey, { infoHash: torrent.infoHash, event: 'started' });
    expect(compactPeers(defaulted)).toHaveLength(50);
    const few = await announce(tracker.httpPort, leecher.passkey, { infoHash: torrent.infoHash, numwant: 3, event: 'started' });
    expect(compactPeers(few)).toHaveLength(3);
  });

  it('answers compact=0 with a list of peer dictionaries', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    await announce(tracker.httpPort, other.passkey, { infoHash: torrent.infoHash, port: 7001, left: 0, event: 'started' });
    const answer = await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, compact: 0, event: 'started' });
    expect(Array.isArray(answer.peers)).toBe(true);
    const [peer] = answer.peers as unknown as { ip: Buffer; port: number }[];
    expect(peer?.ip.toString()).toBe('127.0.0.1');
    expect(peer?.port).toBe(7001);
  });

  it('ignores client-supplied ip/ipv4/ipv6 parameters', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    await announce(tracker.httpPort, other.passkey, {
      infoHash: torrent.infoHash,
      port: 7001,
      left: 0,
      event: 'started',
      extra: 'ip=10.9.9.9&ipv4=10.8.8.8&ipv6=2001:db8::1',
    });
    const answer = await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' });
    expect(compactPeers(answer)).toEqual(['127.0.0.1:7001']);
    expect(answer.peers6).toBeUndefined();
  });

  it('handles event=paused (BEP 21) as a partial seed that is not handed seeders', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    await announce(tracker.httpPort, other.passkey, { infoHash: torrent.infoHash, port: 7001, left: 0, event: 'started' });
    const paused = await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, left: 500, event: 'paused' });
    expectSuccess(paused);
    expect(paused.incomplete).toBe(1);
  });
});

describe('announce failures (HTTP 200, bencoded failure reason)', () => {
  it('refuses an unknown passkey', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    expectFailure(await announce(tracker.httpPort, hex(16), { infoHash: torrent.infoHash }), /unknown passkey/);
  });

  it('refuses a disabled member with the reason', async () => {
    const disabled = await env.fixtures.member(tenant, { status: 'disabled', reason: 'ratio too low' });
    const torrent = await env.fixtures.torrent(tenant);
    expectFailure(await announce(tracker.httpPort, disabled.passkey, { infoHash: torrent.infoHash }), /disabled: ratio too low/);
  });

  it('refuses a suspended tenant', async () => {
    const suspended = await env.fixtures.tenant({ status: 'suspended', reason: 'unpaid invoice' });
    const someone = await env.fixtures.member(suspended);
    const torrent = await env.fixtures.torrent(suspended);
    expectFailure(await announce(tracker.httpPort, someone.passkey, { infoHash: torrent.infoHash }), /suspended.*unpaid invoice/);
  });

  it('refuses unregistered, pending, rejected and deleted torrents, and other tenants’ torrents', async () => {
    expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: hex(20) }), /not registered/);
    const pending = await env.fixtures.torrent(tenant, { status: 'pending' });
    expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: pending.infoHash }), /awaiting moderation/);
    const rejected = await env.fixtures.torrent(tenant, { status: 'rejected', reason: 'bad rip' });
    expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: rejected.infoHash }), /rejected: bad rip/);
    const deleted = await env.fixtures.torrent(tenant, { status: 'deleted', reason: 'dupe of #12' });
    expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: deleted.infoHash }), /deleted: dupe of #12/);
    const elsewhere = await env.fixtures.torrent(await env.fixtures.tenant());
    expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: elsewhere.infoHash }), /not registered/);
  });

  it('refuses a banned client by peer_id prefix', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const answer = await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: peerId('-XX1000-') });
    expectFailure(answer, /client banned/);
  });

  it('refuses clients missing from a tenant’s allow list', async () => {
    const strict = await env.fixtures.tenant({ settings: { clientAllowList: ['-qB'] } });
    const someone = await env.fixtures.member(strict);
    const torrent = await env.fixtures.torrent(strict);
    expectFailure(await announce(tracker.httpPort, someone.passkey, { infoHash: torrent.infoHash, peerId: peerId('-TR4050-') }), /client not allowed/);
    expectSuccess(await announce(tracker.httpPort, someone.passkey, { infoHash: torrent.infoHash, peerId: peerId('-qB4650-'), event: 'started' }));
  });

  it('refuses announcing before min interval, but never a completed or stopped event', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const id = peerId();
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: id, event: 'started' }));
    expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: id }), /wait at least 300 seconds/);
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: id, left: 0, event: 'completed' }));
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: id, left: 0, event: 'stopped' }));
  });

  it('refuses more peers than allowed for one member on one torrent', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' }));
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' }));
    expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' }), /too many clients.*at most 2/);
  });

  it('names the malformed parameter', async () => {
    const torrent = await env.fixtures.torrent(tenant);
    const target = announceTarget(member.passkey, { infoHash: torrent.infoHash }).replace(/port=\d+/, 'port=abc');
    expectFailure(await getBencoded(tracker.httpPort, target), /port/);
    const missing = `/${member.passkey}/announce?peer_id=${'a'.repeat(20)}&port=1&uploaded=0&downloaded=0&left=0`;
    expectFailure(await getBencoded(tracker.httpPort, missing), /info_hash/);
  });

  it('refuses a bad passkey path and an unknown path, and POST, all with HTTP 200', async () => {
    expectFailure(await getBencoded(tracker.httpPort, `/${'Z'.repeat(32)}/announce?x=1`), /passkey/);
    expectFailure(await getBencoded(tracker.httpPort, '/announce?info_hash=x'), /unknown path/);
    const response = await get(tracker.httpPort, '/nothing-here');
    expect(response.status).toBe(200);
    expect(response.body.toString()).toMatch(/^d14:failure reason\d+:unknown path/);
    const post = await exchange(tracker.httpPort, 'POST /x HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(post.responses[0]?.body.toString()).toMatch(/GET only/);
  });
});
