// Ledger poison (issue 17): a member total PostgreSQL cannot hold once used to fail the
// whole batch, which was retried first forever, so no tenant's ledger drained and the
// pool refused to start after SIGTERM. Now the refused entry is dead-lettered, the
// rest lands in the same flush, and the pool stops and starts cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSuccess } from './support/asserts';
import { announce, peerId } from './support/client';
import { createEnvironment, REDIS_URL, type TestEnvironment } from './support/environment';
import { startPool, type PoolProcess } from './support/pool';

let env: TestEnvironment;
let pool: PoolProcess | undefined;

beforeAll(async () => {
  env = await createEnvironment();
});
afterAll(async () => {
  await pool?.stop(5000);
  await env.close();
});

const BIGINT_MAX = 9_223_372_036_854_775_807n;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('ledger poison', () => {
  it('dead-letters an overflowing entry, lands the other tenant’s entry in the same flush, and restarts cleanly', async () => {
    const poisonedTenant = await env.fixtures.tenant();
    const goodTenant = await env.fixtures.tenant();
    const poisoned = await env.fixtures.member(poisonedTenant);
    const good = await env.fixtures.member(goodTenant);
    const poisonedTorrent = await env.fixtures.torrent(poisonedTenant);
    const goodTorrent = await env.fixtures.torrent(goodTenant);
    // 100 bytes short of what a bigint holds: any further download overflows the total.
    const nearMax = (BIGINT_MAX - 100n).toString();
    await env.db.query('UPDATE members SET downloaded_bytes = $2, credited_download_bytes = $2 WHERE id = $1', [poisoned.id, nearMax]);

    const envVars = {
      DATABASE_URL: env.urls.owner,
      DATABASE_SYSTEM_URL: env.urls.system,
      REDIS_URL,
      TRACKER_WORKERS: '1',
      TRACKER_UDP_ENABLED: 'false',
      TRACKER_METRICS_PORT: '0',
      FLUSH_INTERVAL: '1',
    };
    pool = await startPool(envVars);
    const poisonedPeer = peerId();
    const goodPeer = peerId();
    expectSuccess(await announce(pool.port, poisoned.passkey, { infoHash: poisonedTorrent.infoHash, peerId: poisonedPeer, left: 100_000, event: 'started' }));
    expectSuccess(await announce(pool.port, good.passkey, { infoHash: goodTorrent.infoHash, peerId: goodPeer, left: 100_000, event: 'started' }));
    // Let the started announces flush on their own, and leave time for any speed cap.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await announce(pool.port, poisoned.passkey, { infoHash: poisonedTorrent.infoHash, peerId: poisonedPeer, left: 90_000, downloaded: 10_000, event: 'stopped' });
    await announce(pool.port, good.passkey, { infoHash: goodTorrent.infoHash, peerId: goodPeer, left: 99_500, downloaded: 500, event: 'stopped' });
    const stoppedAt = Date.now();

    const landed = await waitFor('the good entry', async () => {
      const { rows } = await env.db.query<{ downloaded_bytes: string }>('SELECT downloaded_bytes FROM members WHERE id = $1', [good.id]);
      return rows[0]?.downloaded_bytes === '500' ? Date.now() : undefined;
    }, 10_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${pool?.output() ?? ''}`);
    });
    // One flush interval is a second; allow for the flush already running and a slow box.
    expect(landed - stoppedAt).toBeLessThan(4000);

    const deadLetters = await waitFor('the dead letter', async () => {
      const { rows } = await env.db.query<{ tenant_id: string; entry: { memberId: string; actualDownloaded: number }; error: string }>(
        'SELECT tenant_id, entry, error FROM ledger_dead_letters WHERE tenant_id = $1',
        [poisonedTenant.id],
      );
      return rows.length > 0 ? rows : undefined;
    }, 5000);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ tenant_id: poisonedTenant.id, entry: { memberId: poisoned.id, actualDownloaded: 10_000 } });
    expect(deadLetters[0]!.error).toMatch(/out of range/);
    const { rows } = await env.db.query<{ downloaded_bytes: string }>('SELECT downloaded_bytes FROM members WHERE id = $1', [poisoned.id]);
    expect(rows[0]!.downloaded_bytes).toBe(nearMax);

    expect(await pool.stop()).toBe(0);
    // The old tracker refused to start here: the poisoned batch failed the start-up flush.
    pool = await startPool(envVars);
    expect(await pool.stop()).toBe(0);
    expect(pool.output()).not.toMatch(/ledger flush failed/);
    pool = undefined;
  });
});
