// The announce budget comes from the tenant's plan (issue 14): over it, a client is told
// to retry (failure reason, `min interval`, BEP 31 `retry in`) and nothing is lost — the
// peer stays in its swarm, its last word always passes, and the totals it reports on the
// next accepted announce are booked in full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerWorker } from '../src/tracker';
import { compactPeers, eventually, expectFailure, expectSuccess } from './support/asserts';
import { announce, peerId } from './support/client';
import { createEnvironment, hex, type TenantFixture, type TestEnvironment } from './support/environment';

let env: TestEnvironment;
let tracker: TrackerWorker;

beforeAll(async () => {
  env = await createEnvironment();
  tracker = await env.startTracker();
});
afterAll(async () => env.close());

/** A tenant on a plan of its own with `announcesPerSecond`, no per-tenant exception. */
async function tenantOnPlan(announcesPerSecond: number): Promise<TenantFixture & { planId: string }> {
  const { rows } = await env.db.query<{ id: string }>(
    `INSERT INTO plans (name, max_members, max_torrents, announces_per_second, max_torrent_file_bytes)
     VALUES ($1, 100, 100, $2, 1048576) RETURNING id`,
    [`plan-${hex(5)}`, announcesPerSecond],
  );
  const tenant = await env.fixtures.tenant();
  await env.db.query('UPDATE tenants SET plan_id = $1 WHERE id = $2', [rows[0]!.id, tenant.id]);
  await env.invalidate({ kind: 'tenant', tenantId: tenant.id });
  return { ...tenant, planId: rows[0]!.id };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` members' first announces on `infoHash`, all at once: what spends a budget. */
async function flood(tenant: TenantFixture, infoHash: string, count: number) {
  const members = await Promise.all(Array.from({ length: count }, () => env.fixtures.member(tenant)));
  return Promise.all(members.map((member) => announce(tracker.httpPort, member.passkey, { infoHash, event: 'started' })));
}

const OVER_BUDGET = /tracker busy for this community \(over its \d+ announces a second\): retry in 60 seconds, nothing is lost/;

describe('the plan feeds the tenant announce budget', () => {
  it('over the budget: a failure reason with min interval and retry in; accepted again once the second passes', async () => {
    const tenant = await tenantOnPlan(3);
    const torrent = await env.fixtures.torrent(tenant);
    const answers = await flood(tenant, torrent.infoHash, 10);
    const refused = answers.filter((answer) => answer['failure reason'] !== undefined);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expectFailure(refused[0]!, /over its 3 announces a second\): retry in 60 seconds, nothing is lost/);
    expect(refused[0]!['min interval']).toBe(60);
    expect(refused[0]!['retry in']).toBe(1);
    // Refusals are counted in plain numbers and folded into the counter when it is read: none is lost.
    const metrics = await tracker.metrics.registry.metrics();
    expect(metrics).toContain(`tracker_failures_total{tenant="${tenant.slug}",reason="rate_limited"} ${refused.length}`);
    await sleep(1100);
    const [later] = await flood(tenant, torrent.infoHash, 1);
    expectSuccess(later!);
  });

  it('follows an edited plan after the tenant invalidation', async () => {
    const tenant = await tenantOnPlan(1);
    const torrent = await env.fixtures.torrent(tenant);
    await env.db.query('UPDATE plans SET announces_per_second = 1000000 WHERE id = $1', [tenant.planId]);
    await env.invalidate({ kind: 'tenant', tenantId: tenant.id });
    await eventually(async () => {
      for (const answer of await flood(tenant, torrent.infoHash, 20)) expectSuccess(answer);
    }, 5000);
  });

  it('loses nothing: the refused peer stays in the swarm, a last word passes, the reported upload is booked in full', async () => {
    const tenant = await tenantOnPlan(2);
    const torrent = await env.fixtures.torrent(tenant);
    const seeder = await env.fixtures.member(tenant);
    const leecher = await env.fixtures.member(tenant);
    const seederId = peerId();
    const leecherId = peerId();
    expectSuccess(await announce(tracker.httpPort, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederId, left: 0, event: 'started', port: 51413 }));
    expectSuccess(await announce(tracker.httpPort, leecher.passkey, { infoHash: torrent.infoHash, peerId: leecherId, left: 1000, event: 'started', port: 51414 }));
    // The budget is spent: the seeder's report of 500 bytes uploaded is refused for it.
    await flood(tenant, torrent.infoHash, 4);
    const report = await announce(tracker.httpPort, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederId, left: 0, uploaded: 500, port: 51413 });
    expectFailure(report, OVER_BUDGET);
    // A last word is never refused for the budget, even now.
    expectSuccess(await announce(tracker.httpPort, leecher.passkey, { infoHash: torrent.infoHash, peerId: leecherId, left: 0, downloaded: 1000, event: 'completed', port: 51414 }));
    await sleep(1100);
    // The seeder was not dropped: a newcomer is given it.
    const newcomer = await env.fixtures.member(tenant);
    const fresh = await announce(tracker.httpPort, newcomer.passkey, { infoHash: torrent.infoHash, left: 1000, event: 'started', port: 51415 });
    expectSuccess(fresh);
    expect(compactPeers(fresh)).toContain('127.0.0.1:51413');
    // Its next word carries the same totals, booked in full.
    expectSuccess(await announce(tracker.httpPort, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederId, left: 0, uploaded: 500, event: 'stopped', port: 51413 }));
    await eventually(async () => {
      const { rows } = await env.db.query<{ reported: string }>(
        'SELECT reported_upload_bytes::text AS reported FROM histories WHERE member_id = $1 AND torrent_id = $2',
        [seeder.id, torrent.id],
      );
      expect(rows[0]?.reported).toBe('500');
    }, 5000);
  });
});
