// Cache behaviour seen from a client: changes written with the system role and
// announced on the invalidation channel (as the site and CLI do) apply within a second;
// the per-tenant rate limit answers with a clear failure reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerWorker } from '../src/tracker';
import { eventually, expectFailure, expectSuccess } from './support/asserts';
import { announce, peerId } from './support/client';
import { createEnvironment, hex, type TestEnvironment } from './support/environment';

let env: TestEnvironment;
let tracker: TrackerWorker;

beforeAll(async () => {
  env = await createEnvironment();
  tracker = await env.startTracker();
});
afterAll(async () => env.close());

describe('invalidation', () => {
  it('refuses a rotated passkey within a second and accepts the new one', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' }));
    const rotated = hex(16);
    await env.db.query('UPDATE members SET passkey = $1 WHERE id = $2', [rotated, member.id]);
    await env.invalidate({ kind: 'passkey', passkey: member.passkey });
    await env.invalidate({ kind: 'member', tenantId: tenant.id, memberId: member.id });
    await eventually(async () => {
      expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' }), /unknown passkey/);
    }, 1000);
    expectSuccess(await announce(tracker.httpPort, rotated, { infoHash: torrent.infoHash, event: 'started' }));
  });

  it('accepts a newly approved torrent within a second', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant, { status: 'pending' });
    expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash }), /awaiting moderation/);
    await env.db.query(`UPDATE torrents SET status = 'approved', approved_at = now() WHERE id = $1`, [torrent.id]);
    await env.invalidate({ kind: 'torrent', tenantId: tenant.id, infoHash: torrent.infoHash });
    await eventually(async () => {
      expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' }));
    }, 1000);
  });

  it('accepts a torrent registered after an announce was refused (negative cache dropped)', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const infoHash = hex(20);
    expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash }), /not registered/);
    await env.fixtures.torrent(tenant, { infoHash });
    await env.invalidate({ kind: 'torrent', tenantId: tenant.id, infoHash });
    await eventually(async () => {
      expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash, event: 'started' }));
    }, 1000);
  });

  it('applies a tenant suspension and a disabled member within a second', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    await env.db.query(`UPDATE members SET status = 'disabled', disabled_reason = 'cheating' WHERE id = $1`, [member.id]);
    await env.invalidate({ kind: 'member', tenantId: tenant.id, memberId: member.id });
    await eventually(async () => {
      expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash }), /disabled: cheating/);
    }, 1000);
    const second = await env.fixtures.member(tenant);
    await env.db.query(`UPDATE tenants SET status = 'suspended' WHERE id = $1`, [tenant.id]);
    await env.invalidate({ kind: 'tenant', tenantId: tenant.id });
    await eventually(async () => {
      expectFailure(await announce(tracker.httpPort, second.passkey, { infoHash: torrent.infoHash }), /suspended/);
    }, 1000);
  });

  it('learns a member created after start without any message (cache miss → PostgreSQL once)', async () => {
    const tenant = await env.fixtures.tenant();
    const torrent = await env.fixtures.torrent(tenant);
    const member = await env.fixtures.member(tenant);
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' }));
  });
});

describe('download rights', () => {
  it('lets a member whose download rights staff revoked seed, but not download, within a second', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: peerId(), left: 100, event: 'started' }));
    await env.db.query('UPDATE members SET can_download = false WHERE id = $1', [member.id]);
    await env.invalidate({ kind: 'member', tenantId: tenant.id, memberId: member.id });
    await eventually(async () => {
      expectFailure(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: peerId(), left: 100, event: 'started' }), /download privileges are disabled/);
    }, 1000);
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: peerId(), left: 0, event: 'started' }));
  });
});

describe('per-passkey rate limit', () => {
  it('refuses a passkey over the tenant’s per-passkey limit, naming the limit', async () => {
    const tenant = await env.fixtures.tenant({ settings: { announceRateLimitPerSecond: 3 } });
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    const id = peerId();
    const answers = [];
    for (let index = 0; index < 6; index += 1) {
      answers.push(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: id, left: 0, event: 'completed' }));
    }
    const refused = answers.filter((answer) => answer['failure reason'] !== undefined);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expectFailure(refused[0]!, /too many announces from your passkey: at most 3 a second/);
    const someoneElse = await env.fixtures.member(tenant);
    expectSuccess(await announce(tracker.httpPort, someoneElse.passkey, { infoHash: torrent.infoHash, event: 'started' }));
  });
});

describe('per-tenant rate limit', () => {
  it('does not charge the community for announces refused by the per-passkey limit', async () => {
    const tenant = await env.fixtures.tenant({ settings: { announceRateLimitPerSecond: 1 }, planLimits: { announcesPerSecond: 5 } });
    const torrent = await env.fixtures.torrent(tenant);
    const runaway = await env.fixtures.member(tenant);
    const id = peerId();
    for (let index = 0; index < 20; index += 1) {
      await announce(tracker.httpPort, runaway.passkey, { infoHash: torrent.infoHash, peerId: id, left: 0, event: 'completed' });
    }
    // The runaway client got one announce through: four of the five tokens are left.
    const others = await Promise.all(Array.from({ length: 4 }, () => env.fixtures.member(tenant)));
    for (const member of others) {
      expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, event: 'started' }));
    }
  });

  it('refuses a tenant over its plan budget with a clear reason, without touching other tenants', async () => {
    const limited = await env.fixtures.tenant({ planLimits: { announcesPerSecond: 5 } });
    const member = await env.fixtures.member(limited);
    const torrent = await env.fixtures.torrent(limited);
    const answers = [];
    // First announces of several members: a last word (stopped, completed) is never
    // refused for the budget, and one peer's regular announces meet the min interval first.
    const members = [member, ...(await Promise.all(Array.from({ length: 11 }, () => env.fixtures.member(limited))))];
    for (const each of members) {
      answers.push(await announce(tracker.httpPort, each.passkey, { infoHash: torrent.infoHash, event: 'started' }));
    }
    const refused = answers.filter((answer) => answer['failure reason'] !== undefined);
    expect(refused.length).toBeGreaterThanOrEqual(5);
    expectFailure(refused[0]!, /tracker busy for this community/);
    const free = await env.fixtures.tenant();
    const someone = await env.fixtures.member(free);
    const theirs = await env.fixtures.torrent(free);
    expectSuccess(await announce(tracker.httpPort, someone.passkey, { infoHash: theirs.infoHash, event: 'started' }));
  });
});
