// Deletion through the real tracker pool (issue 14): a seeder announced to the pool is
// persisted to `peers`; once the deletion is due, the pass suspends the tenant and the
// pool refuses its announces within a second (the invalidation), then the purge removes
// the peers and the tenant, a later announce is refused and the pool's ledger flush
// does not bring a row back; another tenant's seeder keeps announcing throughout.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { requestTenantDeletion } from '@swarmhost/domain/tenants/deletion/index';
import { createLogger } from '@swarmhost/log';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runTenantDeletionPass } from '../src/tenant-deletion';
import { newMember, newTenant, newTorrent } from './support/fixtures';
import { startTrackerPool, until, type TrackerPool } from './support/tracker-pool';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');
let pool: TrackerPool;
let redis: Redis;
beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  pool = await startTrackerPool({ urls: inject('databaseUrls'), redisUrl: REDIS_URL });
});
afterAll(async () => {
  await pool?.stop();
  redis?.disconnect();
});

const percentHex = (hex: string) => hex.replace(/../g, '%$&');
const peerId = () => Buffer.concat([Buffer.from('-TR4050-'), randomBytes(12)]).toString('hex');

/** A seeder's announce; the failure reason, or null on success. */
async function announce(passkey: string, infoHash: string, peer: string): Promise<string | null> {
  const query = `info_hash=${percentHex(infoHash)}&peer_id=${percentHex(peer)}&port=51413&uploaded=0&downloaded=0&left=0&compact=1`;
  const body = Buffer.from(await (await fetch(`${pool.baseUrl}/${passkey}/announce?${query}`)).arrayBuffer()).toString('latin1');
  const failure = /14:failure reason(\d+):/.exec(body);
  return failure ? body.slice(failure.index + failure[0].length, failure.index + failure[0].length + Number(failure[1])) : null;
}

async function seederOf(tenant: { id: string; slug: string }) {
  const member = await newMember(tenant);
  const { passkey } = await systemClient().member.findUniqueOrThrow({ where: { id: member.id }, select: { passkey: true } });
  const torrent = await newTorrent(tenant, member.id, 'approved');
  return { passkey, infoHash: torrent.infoHash, peer: peerId() };
}

describe('tenant deletion through the tracker pool', () => {
  it("refuses the tenant's announces from the suspension on, removes its peers, and leaves another tenant's swarm alone", async () => {
    const doomed = await newTenant();
    const kept = await newTenant();
    const doomedSeeder = await seederOf(doomed);
    const keptSeeder = await seederOf(kept);
    expect(await announce(doomedSeeder.passkey, doomedSeeder.infoHash, doomedSeeder.peer)).toBeNull();
    expect(await announce(keptSeeder.passkey, keptSeeder.infoHash, keptSeeder.peer)).toBeNull();
    const peersOf = (tenantId: string) => systemClient().peer.count({ where: { tenantId } });
    await until(async () => ((await peersOf(doomed.id)) === 1 && (await peersOf(kept.id)) === 1 ? true : undefined), 15_000, () => 'both seeders persisted');

    const operator = await systemClient().operator.create({ data: { username: `op-${doomed.slug}`, email: `op-${doomed.slug}@example.org`, passwordHash: 'x' }, select: { id: true } });
    const requestedAt = new Date();
    await requestTenantDeletion({ db: systemClient(), tenant: doomed, confirmSlug: doomed.slug, operatorId: operator.id, now: requestedAt });
    // Still within the seven days: announces work (each from a new peer: the minimum interval).
    expect(await announce(doomedSeeder.passkey, doomedSeeder.infoHash, peerId())).toBeNull();

    const context = { redis, prefix: `swarmhost-worker-test:${randomBytes(4).toString('hex')}`, log };
    await runTenantDeletionPass({ ...context, now: () => new Date(requestedAt.getTime() + 7 * 86_400_000) });
    const refused = await until(
      async () => {
        const reason = await announce(doomedSeeder.passkey, doomedSeeder.infoHash, peerId());
        return reason ?? undefined;
      },
      5_000,
      () => 'the suspension at the tracker',
    );
    expect(refused).toMatch(/suspended|closed by its owner/);

    // Past the settle time: the purge.
    expect(await runTenantDeletionPass({ ...context, now: () => new Date(requestedAt.getTime() + 8 * 86_400_000) })).toEqual({ suspended: [], deleted: [doomed.id] });
    expect(await peersOf(doomed.id)).toBe(0);
    expect(await systemClient().tenant.count({ where: { id: doomed.id } })).toBe(0);
    expect(await announce(doomedSeeder.passkey, doomedSeeder.infoHash, peerId())).not.toBeNull();
    // Two flush intervals later nothing came back, and the other swarm still answers.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(await systemClient().peer.count({ where: { tenantId: doomed.id } })).toBe(0);
    expect(await systemClient().ledgerDeadLetter.count({ where: { tenantId: doomed.id } })).toBe(0);
    expect(await announce(keptSeeder.passkey, keptSeeder.infoHash, peerId())).toBeNull();
    expect(await peersOf(kept.id)).toBeGreaterThanOrEqual(1);
  });
});
