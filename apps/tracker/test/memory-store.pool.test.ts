// The pool (issue 10): swarms in the owner worker's memory
// (1 and 2 workers give the same answers and totals), peers persisted with each flush
// in the ledger's transaction and loaded back by a restarted worker. A SIGKILLed worker loses only memory: after each peer's next announce the
// PostgreSQL totals equal exactly what the clients reported, and scrape counts are as
// before the kill. SIGTERM then a new pool: peers and counts survive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactPeers, expectSuccess } from './support/asserts';
import { announce, getBencoded, peerId, scrapeTarget } from './support/client';
import { createEnvironment, REDIS_URL, type MemberFixture, type TestEnvironment, type TorrentFixture } from './support/environment';
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

function poolEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: env.urls.owner,
    DATABASE_SYSTEM_URL: env.urls.system,
    REDIS_URL,
    TRACKER_WORKERS: '1',
    TRACKER_UDP_ENABLED: 'false',
    FLUSH_INTERVAL: '1',
    ...overrides,
  };
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Retries while the worker is being restarted (connection refused or reset). */
async function announceAnswered(port: number, passkey: string, query: Parameters<typeof announce>[2]) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await announce(port, passkey, query);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function persistedPeers(torrent: TorrentFixture) {
  const { rows } = await env.db.query<{ member_id: string; uploaded: string; seeding: boolean; ipv4: string; port_v4: number }>(
    'SELECT member_id, uploaded, seeding, host(ipv4) AS ipv4, port_v4 FROM peers WHERE torrent_id = $1 ORDER BY member_id',
    [torrent.id],
  );
  return rows.map((row) => ({ ...row, uploaded: Number(row.uploaded) }));
}

async function creditedUpload(member: MemberFixture): Promise<number> {
  const { rows } = await env.db.query<{ credited_upload_bytes: string }>('SELECT credited_upload_bytes FROM members WHERE id = $1', [member.id]);
  return Number(rows[0]!.credited_upload_bytes);
}

async function scrapeCounts(port: number, passkey: string, infoHash: string) {
  const answer = await getBencoded(port, scrapeTarget(passkey, [infoHash]));
  const files = answer.files as unknown as Record<string, { complete: number; incomplete: number }>;
  const counts = Object.values(files)[0]!;
  return { complete: counts.complete, incomplete: counts.incomplete };
}

describe('memory store pool', () => {
  it('gives the same answers and the same PostgreSQL totals through 1 worker and through 2 (forwarded)', async () => {
    const runs: { answers: unknown[]; totals: unknown[]; forwards: number }[] = [];
    for (const workers of ['1', '2']) {
      const tenant = await env.fixtures.tenant({ planLimits: { announcesPerSecond: 1_000_000 } });
      const members = await Promise.all(Array.from({ length: 6 }, () => env.fixtures.member(tenant)));
      const torrents = await Promise.all(Array.from({ length: 6 }, () => env.fixtures.torrent(tenant)));
      const peerIds = members.map(() => torrents.map(() => peerId()));
      pool = await startPool(poolEnv({ TRACKER_WORKERS: workers }));
      const port = pool.port;
      const answers: unknown[] = [];
      const record = (answer: Awaited<ReturnType<typeof announce>>) => {
        if (answer['failure reason'] !== undefined) throw new Error(`failure ${String(answer['failure reason'])} with ${workers} worker(s):\n${pool?.output()}`);
        answers.push({ complete: answer.complete, incomplete: answer.incomplete, peers: compactPeers(answer).sort() });
      };
      // Every member joins every torrent (even members seed), then reports with
      // `completed`, then the odd members stop: a new connection each, so with two
      // workers about half land on the worker that does not own the swarm.
      for (const [t, torrent] of torrents.entries()) {
        for (const [m, member] of members.entries()) {
          record(await announce(port, member.passkey, { infoHash: torrent.infoHash, peerId: peerIds[m]![t]!, left: m % 2 === 0 ? 0 : 1000, event: 'started', port: 8000 + m }));
        }
      }
      for (const [t, torrent] of torrents.entries()) {
        for (const [m, member] of members.entries()) {
          record(await announce(port, member.passkey, {
            infoHash: torrent.infoHash, peerId: peerIds[m]![t]!, left: 0, uploaded: 1000 * (m + 1) + t, downloaded: m % 2 === 0 ? 0 : 1000, event: 'completed', port: 8000 + m,
          }));
          if (m % 2 === 1) {
            record(await announce(port, member.passkey, {
              infoHash: torrent.infoHash, peerId: peerIds[m]![t]!, left: 0, uploaded: 2000 * (m + 1) + t, downloaded: 1000, event: 'stopped', port: 8000 + m,
            }));
          }
        }
        const scraped = await getBencoded(port, scrapeTarget(members[0]!.passkey, [torrent.infoHash]));
        answers.push(Object.values(scraped.files as object));
      }
      // One scrape of every torrent: with two workers each owner is asked once for its hashes.
      const all = await getBencoded(port, scrapeTarget(members[0]!.passkey, torrents.map((torrent) => torrent.infoHash)));
      const byHex = Object.fromEntries(Object.entries(all.files as object).map(([key, value]) => [Buffer.from(key, 'latin1').toString('hex'), value as unknown]));
      answers.push(torrents.map((torrent) => byHex[torrent.infoHash]));
      const metrics = await (await fetch(`http://127.0.0.1:${pool.metricsPort}/metrics`)).text();
      const forwards = [...metrics.matchAll(/^tracker_shard_forwards_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
      expect(await pool.stop()).toBe(0);
      pool = undefined;
      const totals = [];
      for (const member of members) {
        const { rows } = await env.db.query(
          `SELECT m.uploaded_bytes, m.downloaded_bytes, m.credited_upload_bytes, m.credited_download_bytes,
             (SELECT count(*) FROM snatches s WHERE s.member_id = m.id) AS snatches,
             (SELECT count(*) FROM peers p WHERE p.member_id = m.id) AS peers
           FROM members m WHERE m.id = $1`,
          [member.id],
        );
        totals.push(rows[0]);
      }
      runs.push({ answers, totals, forwards });
    }
    expect(runs[0]!.forwards).toBe(0);
    expect(runs[1]!.forwards).toBeGreaterThan(0);
    expect(runs[1]!.answers).toEqual(runs[0]!.answers);
    expect(runs[1]!.totals).toEqual(runs[0]!.totals);
    // Not vacuous: uploads were credited and the even members' peers are persisted.
    expect(runs[0]!.totals).toContainEqual(expect.objectContaining({ peers: '6' }));
    expect(runs[0]!.totals.some((row) => Number((row as { credited_upload_bytes: string }).credited_upload_bytes) > 0)).toBe(true);
  });

  it.each(['1', '2'])('persists peers with the ledger; a SIGKILLed worker comes back with its swarm and the totals stay exact (%s workers)', async (workers) => {
    const tenant = await env.fixtures.tenant({ planLimits: { announcesPerSecond: 1_000_000 } });
    const seeder = await env.fixtures.member(tenant);
    const leecher = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    // A long flush interval: the announces right before the kill are certainly unflushed.
    pool = await startPool(poolEnv({ FLUSH_INTERVAL: '4', TRACKER_WORKERS: workers }));
    const port = pool.port;
    const seederPeer = peerId();
    const firstUploaded = 5_000_000;
    let uploaded = firstUploaded;
    // Upload is credited only while another member downloads: the leecher stays all along.
    expectSuccess(await announce(port, leecher.passkey, { infoHash: torrent.infoHash, peerId: peerId(), left: 1000, event: 'started', port: 7001 }));
    expectSuccess(await announce(port, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, uploaded, event: 'started', port: 7002 }));
    // `completed` is never refused for the min interval; a seeder may repeat it.
    const report = async (bytes: number) => {
      uploaded += bytes;
      expectSuccess(await announceAnswered(port, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, uploaded, event: 'completed', port: 7002 }));
    };
    for (let round = 1; round <= 5; round += 1) await report(1000 * round);
    const flushedBase = uploaded;
    const rows = await eventually(() => persistedPeers(torrent), (peers) => peers.some((peer) => peer.uploaded === flushedBase), 'persisted seeder base');
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.member_id === seeder.id)).toMatchObject({ seeding: true, ipv4: '127.0.0.1', port_v4: 7002 });
    const before = await scrapeCounts(port, leecher.passkey, torrent.infoHash);
    expect(before).toEqual({ complete: 1, incomplete: 1 });

    // Reported, answered, never flushed: the worker dies with these deltas in memory.
    for (let round = 1; round <= 3; round += 1) await report(777 * round);
    // With two workers the victim is either the swarm's owner or the one forwarding to it.
    const [worker] = pool.workerPids();
    expect(worker).toBeDefined();
    process.kill(worker!, 'SIGKILL');
    await eventually(async () => pool!.workerPids(), (pids) => pids.length === Number(workers) && !pids.includes(worker!), 'a new worker');

    // The new worker loaded the swarm: same counts, and the leecher still gets the seeder.
    const after = await eventually(
      async () => {
        try {
          return await scrapeCounts(port, leecher.passkey, torrent.infoHash);
        } catch {
          return undefined;
        }
      },
      (counts) => counts !== undefined,
      'scrape after the restart',
    );
    expect(after).toEqual(before);
    // The seeder's next announce credits everything since the persisted base: nothing lost.
    await report(50);
    const lastUploaded = uploaded;
    expect(await pool.stop()).toBe(0);
    pool = undefined;
    expect(await creditedUpload(seeder)).toBe(lastUploaded - firstUploaded);
    expect((await persistedPeers(torrent)).find((row) => row.member_id === seeder.id)?.uploaded).toBe(lastUploaded);

    // SIGTERM flushed; a new pool loads the peers: a new downloader gets the seeder at once.
    pool = await startPool(poolEnv({ TRACKER_WORKERS: workers }));
    const newcomer = await env.fixtures.member(tenant);
    const answer = await announce(pool.port, newcomer.passkey, { infoHash: torrent.infoHash, peerId: peerId(), left: 1000, event: 'started', port: 7003 });
    expectSuccess(answer);
    expect(compactPeers(answer).sort()).toEqual(['127.0.0.1:7001', '127.0.0.1:7002']);
    expect(answer.complete).toBe(1);
    // A stopped peer leaves the table with the flush that books its last delta.
    uploaded += 10;
    expectSuccess(await announce(pool.port, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, uploaded, event: 'stopped', port: 7002 }));
    await eventually(() => persistedPeers(torrent), (peers) => peers.length === 2 && peers.every((peer) => peer.member_id !== seeder.id), 'stopped seeder deleted');
    expect(await creditedUpload(seeder)).toBe(uploaded - firstUploaded);
    expect(await pool.stop()).toBe(0);
    pool = undefined;
  });
});
