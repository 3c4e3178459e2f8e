// Issue 11 against the real pool (cluster primary, worker, flusher; real PostgreSQL and
// Redis): a freeleech token spent on the site makes the member's download on that torrent
// uncredited from then on, within a second; hit-and-run warnings at the tenant's limit
// stop leeching (seeding goes on) until one ends by itself or staff pardon it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, expectFailure, expectSuccess } from './support/asserts';
import { announce, peerId } from './support/client';
import { createEnvironment, REDIS_URL, type TestEnvironment } from './support/environment';
import { startPool, type PoolProcess } from './support/pool';

const MIB = 1024 ** 2;
let env: TestEnvironment;
let pool: PoolProcess;

beforeAll(async () => {
  env = await createEnvironment();
  pool = await startPool({
    DATABASE_URL: env.urls.owner,
    DATABASE_SYSTEM_URL: env.urls.system,
    REDIS_URL,
    TRACKER_WORKERS: '1',
    TRACKER_UDP_ENABLED: 'false',
    FLUSH_INTERVAL: '1',
  });
});
afterAll(async () => {
  await pool?.stop(5000);
  await env.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('freeleech tokens at the tracker', () => {
  it('stops crediting the download from the moment the token is spent, on that torrent only', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const tokened = await env.fixtures.torrent(tenant, { size: 100 * MIB });
    const other = await env.fixtures.torrent(tenant, { size: 100 * MIB });
    // One client session per torrent before the token and one after: each starts at zero
    // and reports its total when it stops (a regular announce would be inside the min interval).
    const session = async (torrent: { infoHash: string }, downloaded: number) => {
      const peer = peerId();
      expectSuccess(await announce(pool.port, member.passkey, { infoHash: torrent.infoHash, peerId: peer, left: 100 * MIB, event: 'started' }));
      expectSuccess(await announce(pool.port, member.passkey, { infoHash: torrent.infoHash, peerId: peer, left: 100 * MIB - downloaded, downloaded, event: 'stopped' }));
    };
    await session(tokened, 10 * MIB);
    await session(other, 10 * MIB);

    // What the site's useFreeleechToken commits and publishes.
    await env.db.query('INSERT INTO freeleech_tokens (tenant_id, member_id, torrent_id) VALUES ($1, $2, $3)', [tenant.id, member.id, tokened.id]);
    await env.invalidate({ kind: 'member', tenantId: tenant.id, memberId: member.id });
    await sleep(1000);

    await session(tokened, 20 * MIB);
    await session(other, 20 * MIB);
    const history = async (torrentId: string) =>
      (
        await env.db.query<{ downloaded: string; credited: string }>(
          'SELECT downloaded_bytes AS downloaded, credited_download_bytes AS credited FROM histories WHERE member_id = $1 AND torrent_id = $2',
          [member.id, torrentId],
        )
      ).rows[0];
    await eventually(async () => {
      expect(await history(tokened.id)).toEqual({ downloaded: String(30 * MIB), credited: String(10 * MIB) });
      expect(await history(other.id)).toEqual({ downloaded: String(30 * MIB), credited: String(30 * MIB) });
    }, 5000);
    const { rows } = await env.db.query<{ credited: string }>('SELECT credited_download_bytes AS credited FROM members WHERE id = $1', [member.id]);
    expect(rows[0]!.credited).toBe(String(40 * MIB));
  });
});

describe('hit-and-run warnings at the tracker', () => {
  async function warn(tenantId: string, memberId: string, torrentId: string, expiresInMs: number) {
    const { rows } = await env.db.query<{ id: string }>(
      `INSERT INTO hit_and_run_warnings
         (tenant_id, member_id, torrent_id, completed_at, deadline_at, seed_seconds, required_seed_seconds,
          uploaded_bytes, downloaded_bytes, min_ratio, expires_at)
       VALUES ($1, $2, $3, now() - interval '20 days', now() - interval '6 days', 3600, 259200, 0, 1048576, 1,
               now() + $4 * interval '1 millisecond')
       RETURNING id`,
      [tenantId, memberId, torrentId, expiresInMs],
    );
    await env.invalidate({ kind: 'member', tenantId, memberId });
    return rows[0]!.id;
  }

  it('refuses leeching at the limit with the count, lets the member seed, and lifts it on expiry and on pardon', async () => {
    const tenant = await env.fixtures.tenant({ settings: { hitAndRun: { enabled: true, maxActiveWarnings: 2 } } });
    const member = await env.fixtures.member(tenant);
    const staff = await env.fixtures.member(tenant);
    const [first, second, third, wanted] = await Promise.all([1, 2, 3, 4].map(() => env.fixtures.torrent(tenant)));
    const leech = () => announce(pool.port, member.passkey, { infoHash: wanted!.infoHash, peerId: peerId(), left: 1000, event: 'started' });

    await warn(tenant.id, member.id, first!.id, 4000);
    await sleep(300);
    expectSuccess(await leech());

    await warn(tenant.id, member.id, second!.id, 24 * 3_600_000);
    await eventually(async () => expectFailure(await leech(), /^downloads disabled: 2 active hit-and-run warnings$/), 1000);
    // Seeding (and stopping) still works.
    expectSuccess(await announce(pool.port, member.passkey, { infoHash: first!.infoHash, peerId: peerId(), left: 0, event: 'started' }));

    // The first warning ends by itself: no message is sent, the tracker counts it down.
    await eventually(async () => expectSuccess(await leech()), 6000);

    const third1 = await warn(tenant.id, member.id, third!.id, 24 * 3_600_000);
    await eventually(async () => expectFailure(await leech(), /^downloads disabled: 2 active hit-and-run warnings$/), 1000);
    await env.db.query(`UPDATE hit_and_run_warnings SET pardoned_at = now(), pardoned_by_id = $2, pardon_reason = 'seeded elsewhere' WHERE id = $1`, [third1, staff.id]);
    await env.invalidate({ kind: 'member', tenantId: tenant.id, memberId: member.id });
    await eventually(async () => expectSuccess(await leech()), 1000);
  });

  it('ignores warnings while the tenant has hit-and-run switched off', async () => {
    const tenant = await env.fixtures.tenant({ settings: { hitAndRun: { enabled: false, maxActiveWarnings: 1 } } });
    const member = await env.fixtures.member(tenant);
    const [old, wanted] = await Promise.all([env.fixtures.torrent(tenant), env.fixtures.torrent(tenant)]);
    await warn(tenant.id, member.id, old!.id, 24 * 3_600_000);
    await sleep(500);
    expectSuccess(await announce(pool.port, member.passkey, { infoHash: wanted!.infoHash, peerId: peerId(), left: 1000, event: 'started' }));
  });
});
