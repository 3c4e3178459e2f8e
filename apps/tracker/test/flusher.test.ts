// The ledger flusher against the tracker's store and PostgreSQL: what announces credit lands in
// history, member totals, snatches and torrent counters; a batch applied twice counts
// once; a batch begun before a crash is finished on the next start.
import type { SwarmStore } from '@swarmhost/tracker-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch, arrayLiteral } from '../src/ledger/apply-batch';
import { LedgerFlusher } from '../src/ledger/flusher';
import { createLogger } from '../src/log';
import type { TrackerWorker } from '../src/tracker';
import { expectSuccess } from './support/asserts';
import { announce, peerId } from './support/client';
import { createEnvironment, type TestEnvironment } from './support/environment';

let env: TestEnvironment;
let tracker: TrackerWorker;
let store: SwarmStore;
let nowMs = Date.parse('2026-11-01T00:00:00Z');
const log = createLogger('silent');

beforeAll(async () => {
  env = await createEnvironment();
  tracker = await env.startTracker({ clock: () => nowMs });
  // The worker's own store (its own flusher runs too; what either applies lands once).
  store = tracker.store;
});
afterAll(async () => env.close());

function flusher(): LedgerFlusher {
  return new LedgerFlusher({ store, pool: env.db, intervalMs: 60_000, log, now: () => nowMs });
}

async function memberTotals(memberId: string) {
  const { rows } = await env.db.query<Record<string, string>>(
    `SELECT uploaded_bytes, downloaded_bytes, credited_upload_bytes, credited_download_bytes, seed_seconds, leech_seconds
     FROM members WHERE id = $1`,
    [memberId],
  );
  return Object.fromEntries(Object.entries(rows[0]!).map(([key, value]) => [key, Number(value)]));
}

describe('ledger flusher', () => {
  it('credits freeleech and double upload, seed/leech time, one snatch and the counters', async () => {
    const tenant = await env.fixtures.tenant();
    const seeder = await env.fixtures.member(tenant);
    const leecher = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant, { freeleechPercent: 50, doubleUpload: true });
    const seederPeer = peerId();
    const leecherPeer = peerId();
    const port = tracker.httpPort;
    const at = (seconds: number) => (nowMs = Date.parse('2026-11-01T00:00:00Z') + seconds * 1000);
    at(0);
    expectSuccess(await announce(port, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, uploaded: 100, event: 'started' }));
    expectSuccess(await announce(port, leecher.passkey, { infoHash: torrent.infoHash, peerId: leecherPeer, left: 4000, downloaded: 0, event: 'started' }));
    at(600);
    expectSuccess(await announce(port, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, uploaded: 4100 }));
    expectSuccess(await announce(port, leecher.passkey, { infoHash: torrent.infoHash, peerId: leecherPeer, left: 0, downloaded: 4000, event: 'completed' }));
    at(700);
    // A second `completed` of the same member adds no snatch and no times_completed.
    expectSuccess(await announce(port, leecher.passkey, { infoHash: torrent.infoHash, peerId: peerId(), left: 0, event: 'completed' }));
    await flusher().flush();

    expect(await memberTotals(seeder.id)).toMatchObject({ uploaded_bytes: 4000, credited_upload_bytes: 8000, seed_seconds: 600 });
    expect(await memberTotals(leecher.id)).toMatchObject({
      downloaded_bytes: 4000, credited_download_bytes: 2000, leech_seconds: 600, seed_seconds: 0,
    });
    const history = await env.db.query('SELECT active, seeding, completed_at IS NOT NULL AS completed FROM histories WHERE member_id = $1', [leecher.id]);
    expect(history.rows).toEqual([{ active: true, seeding: true, completed: true }]);
    const snatches = await env.db.query('SELECT member_id FROM snatches WHERE torrent_id = $1', [torrent.id]);
    expect(snatches.rows).toEqual([{ member_id: leecher.id }]);
    const counters = await env.db.query('SELECT seeders, leechers, times_completed FROM torrents WHERE id = $1', [torrent.id]);
    expect(counters.rows).toEqual([{ seeders: 3, leechers: 0, times_completed: 1 }]);
  });

  it('applies a batch once even when it is delivered twice', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    const batch = {
      batchId: `twice-${Date.now()}`,
      entries: [{
        tenantId: tenant.id, infoHash: torrent.infoHash, memberId: member.id,
        reportedUploaded: 10, reportedDownloaded: 20, flaggedAnnounces: 0,
        actualUploaded: 10, actualDownloaded: 20, creditedUploaded: 10, creditedDownloaded: 20,
        seedSeconds: 0, leechSeconds: 5, announces: 2, completions: 1, lastAnnounceMs: nowMs, lastSeeding: false, active: true,
      }],
      swarms: [{ tenantId: tenant.id, infoHash: torrent.infoHash, complete: 0, incomplete: 1, downloaders: 1, downloaded: 1 }],
    };
    expect(await applyBatch(env.db, batch)).toMatchObject({ applied: true, entries: 1, deadLetters: [] });
    expect(await applyBatch(env.db, batch)).toMatchObject({ applied: false, entries: 1 });
    expect(await memberTotals(member.id)).toMatchObject({ uploaded_bytes: 10, credited_download_bytes: 20, leech_seconds: 5 });
    const counters = await env.db.query('SELECT leechers, times_completed FROM torrents WHERE id = $1', [torrent.id]);
    expect(counters.rows).toEqual([{ leechers: 1, times_completed: 1 }]);
  });

  it('finishes a drain a crashed flusher had begun, before anything else', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    const peer = peerId();
    // Upload counts only while another member downloads (issue 17).
    const leecher = await env.fixtures.member(tenant);
    nowMs += 1000;
    expectSuccess(await announce(tracker.httpPort, leecher.passkey, { infoHash: torrent.infoHash, peerId: peerId(), left: 100, event: 'started' }));
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: peer, left: 0, uploaded: 0, event: 'started' }));
    nowMs += 400_000;
    expectSuccess(await announce(tracker.httpPort, member.passkey, { infoHash: torrent.infoHash, peerId: peer, left: 0, uploaded: 777 }));
    // The "crash": the ledger was moved into a batch but never applied.
    const begun = await store.beginDrain({ batchId: `crashed-${Date.now()}`, limit: 1000, nowMs });
    expect(begun.entries.some((entry) => entry.memberId === member.id)).toBe(true);
    expect(await memberTotals(member.id)).toMatchObject({ uploaded_bytes: 0 });
    const restarted = flusher();
    await restarted.start();
    await restarted.stop();
    expect(await memberTotals(member.id)).toMatchObject({ uploaded_bytes: 777, credited_upload_bytes: 777 });
    expect(await store.pendingDrains(nowMs)).toEqual([]);
  });
});

describe('entries PostgreSQL cannot hold', () => {
  const entry = (tenantId: string, infoHash: string, memberId: string, downloaded: number) => ({
    tenantId, infoHash, memberId,
    reportedUploaded: 0, reportedDownloaded: downloaded, flaggedAnnounces: 0,
    actualUploaded: 0, actualDownloaded: downloaded, creditedUploaded: 0, creditedDownloaded: downloaded,
    seedSeconds: 0, leechSeconds: 1, announces: 1, completions: 0, lastAnnounceMs: nowMs, lastSeeding: false, active: true,
  });

  it('moves an entry whose member total would pass 2^63 to ledger_dead_letters and applies the rest of the batch', async () => {
    const [first, second] = [await env.fixtures.tenant(), await env.fixtures.tenant()];
    const poisoned = await env.fixtures.member(first);
    const good = await env.fixtures.member(second);
    const [poisonedTorrent, goodTorrent] = [await env.fixtures.torrent(first), await env.fixtures.torrent(second)];
    await env.db.query(`UPDATE members SET downloaded_bytes = 9223372036854775000 WHERE id = $1`, [poisoned.id]);
    const batchId = `poison-${Date.now()}`;
    const result = await applyBatch(env.db, {
      batchId,
      entries: [entry(first.id, poisonedTorrent.infoHash, poisoned.id, 10_000), entry(second.id, goodTorrent.infoHash, good.id, 500)],
      swarms: [],
    });
    expect(result).toMatchObject({ applied: true, entries: 1 });
    expect(result.deadLetters.map((letter) => letter.entry.memberId)).toEqual([poisoned.id]);
    expect(await memberTotals(good.id)).toMatchObject({ downloaded_bytes: 500, credited_download_bytes: 500 });
    const { rows } = await env.db.query('SELECT tenant_id, batch_id, entry->>\'memberId\' AS member_id, error FROM ledger_dead_letters WHERE batch_id = $1', [batchId]);
    expect(rows).toEqual([{ tenant_id: first.id, batch_id: batchId, member_id: poisoned.id, error: expect.stringMatching(/bigint out of range/) }]);
    // The poisoned member's own history row was rolled back with its total: nothing half-written.
    const history = await env.db.query('SELECT 1 FROM histories WHERE member_id = $1', [poisoned.id]);
    expect(history.rowCount).toBe(0);
    // Delivered again: already applied, no second dead letter.
    expect(await applyBatch(env.db, { batchId, entries: [entry(first.id, poisonedTorrent.infoHash, poisoned.id, 10_000)], swarms: [] })).toMatchObject({ applied: false });
  });

  it('clamps amounts no column holds (NaN, negative, past 2^31 announces) instead of failing the batch', async () => {
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    const result = await applyBatch(env.db, {
      batchId: `clamp-${Date.now()}`,
      entries: [{ ...entry(tenant.id, torrent.infoHash, member.id, 300), actualUploaded: Number.NaN, creditedUploaded: -5, announces: 2 ** 40 }],
      swarms: [],
    });
    expect(result).toMatchObject({ applied: true, entries: 1, deadLetters: [] });
    expect(result.clamped[0]?.fields).toEqual(['actualUploaded: NaN → 0', 'creditedUploaded: -5 → 0', 'announces: 1099511627776 → 2147483647']);
    expect(await memberTotals(member.id)).toMatchObject({ uploaded_bytes: 0, credited_upload_bytes: 0, downloaded_bytes: 300 });
  });

  it('skips swarm counters PostgreSQL refuses, even in a batch without entries, instead of blocking the flush', async () => {
    const tenant = await env.fixtures.tenant();
    const torrent = await env.fixtures.torrent(tenant);
    const batchId = `counters-${Date.now()}`;
    // Past what an int column holds: every later batch would fail behind this one.
    const result = await applyBatch(env.db, { batchId, entries: [], swarms: [{ tenantId: tenant.id, infoHash: torrent.infoHash, complete: 2 ** 40, incomplete: 1, downloaders: 1, downloaded: 0 }] });
    expect(result).toMatchObject({ applied: true, swarmCountersSkipped: expect.stringMatching(/out of range/) });
    const recorded = await env.db.query('SELECT 1 FROM ledger_batches WHERE id = $1', [batchId]);
    expect(recorded.rowCount).toBe(1);
  });
});

describe('ledger_batches retention', () => {
  it('prunes applied batch ids older than the retention and keeps newer ones', async () => {
    await env.db.query(`INSERT INTO ledger_batches (id, entries, applied_at) VALUES ('old-batch-${nowMs}', 0, to_timestamp($1 / 1000.0) - interval '8 days'), ('new-batch-${nowMs}', 0, to_timestamp($1 / 1000.0) - interval '1 day')`, [nowMs]);
    // Persisted peers silent for longer than the longest peer TTL (7 days) go too.
    const tenant = await env.fixtures.tenant();
    const member = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    await env.db.query(
      `INSERT INTO peers (tenant_id, torrent_id, member_id, peer_id, ipv4, port_v4, "left", uploaded, downloaded, seeding, updated_at)
       VALUES ($1, $2, $3, $4, '10.0.0.1', 1, 0, 0, 0, true, to_timestamp($6 / 1000.0) - interval '8 days'),
              ($1, $2, $3, $5, '10.0.0.2', 2, 0, 0, 0, true, to_timestamp($6 / 1000.0) - interval '6 days')`,
      [tenant.id, torrent.id, member.id, 'aa'.repeat(20), 'bb'.repeat(20), nowMs],
    );
    const pruning = new LedgerFlusher({ store, pool: env.db, intervalMs: 60_000, log, now: () => nowMs, batchRetentionMs: 7 * 86_400_000 });
    await pruning.flush();
    const { rows } = await env.db.query<{ id: string }>('SELECT id FROM ledger_batches WHERE id IN ($1, $2)', [`old-batch-${nowMs}`, `new-batch-${nowMs}`]);
    expect(rows.map((row) => row.id)).toEqual([`new-batch-${nowMs}`]);
    const peers = await env.db.query<{ peer_id: string }>('SELECT peer_id FROM peers WHERE torrent_id = $1', [torrent.id]);
    expect(peers.rows).toEqual([{ peer_id: 'bb'.repeat(20) }]);
  });
});

describe('array literals for the batch statements', () => {
  it('round-trip through PostgreSQL, quoting anything that is not a plain token', async () => {
    const strings = ['3f2b0c1e-0000-4000-8000-000000000001', 'a'.repeat(40), 'with "quote"', 'back\\slash', 'comma,brace}', 'NULL', ''];
    const { rows } = await env.db.query<{ strings: string[]; numbers: string[]; flags: boolean[] }>(
      'SELECT $1::text[] AS strings, $2::bigint[]::text[] AS numbers, $3::bool[] AS flags, $4::inet[]::text[] AS addresses',
      [arrayLiteral(strings), arrayLiteral([0, 9_007_199_254_740_991, 42]), arrayLiteral([true, false]), arrayLiteral(['10.0.0.1', null, '2001:db8::1'])],
    );
    expect(rows[0]).toEqual({ strings, numbers: ['0', '9007199254740991', '42'], flags: [true, false], addresses: ['10.0.0.1/32', null, '2001:db8::1/128'] });
  });

  it('refuses a value that is not a finite number', () => {
    expect(() => arrayLiteral([1, Number.NaN])).toThrow(/not a finite number/);
  });
});
