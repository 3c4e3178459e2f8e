// A peer's last word with the memory store (issue 10): `stopped` and `completed` are in
// PostgreSQL when their answer arrives (one group commit for the event-loop turn), with
// no flush interval in between; a plain announce waits for the interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerWorker } from '../src/tracker';
import { expectSuccess } from './support/asserts';
import { announce, peerId } from './support/client';
import { createEnvironment, type TestEnvironment } from './support/environment';

let env: TestEnvironment;
let tracker: TrackerWorker;
const startMs = Date.parse('2026-12-01T00:00:00Z');
let nowMs = startMs;
const at = (seconds: number) => (nowMs = startMs + seconds * 1000);

beforeAll(async () => {
  env = await createEnvironment();
  // An hour between flushes: whatever is in PostgreSQL came from a group commit.
  tracker = await env.startTracker({ flush: { intervalMs: 3_600_000 }, clock: () => nowMs });
});
afterAll(async () => env.close());

async function memberRow(memberId: string) {
  const { rows } = await env.db.query<{ uploaded_bytes: string; downloaded_bytes: string }>(
    'SELECT uploaded_bytes, downloaded_bytes FROM members WHERE id = $1',
    [memberId],
  );
  return { uploaded: Number(rows[0]!.uploaded_bytes), downloaded: Number(rows[0]!.downloaded_bytes) };
}

async function peerRows(torrentId: string) {
  const { rows } = await env.db.query<{ member_id: string; left: string }>('SELECT member_id, "left" FROM peers WHERE torrent_id = $1', [torrentId]);
  return rows;
}

describe('stopped and completed are durable before their answer', () => {
  it('books completed and stopped, with the peers table, by the time the client reads the answer', async () => {
    const tenant = await env.fixtures.tenant({ settings: { minAnnounceIntervalSeconds: 30 } });
    const seeder = await env.fixtures.member(tenant);
    const leecher = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    const port = tracker.httpPort;
    const seederPeer = peerId();
    const leecherPeer = peerId();
    at(0);
    expectSuccess(await announce(port, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, event: 'started' }));
    expectSuccess(await announce(port, leecher.passkey, { infoHash: torrent.infoHash, peerId: leecherPeer, left: 3000, event: 'started' }));
    // Give the start-up flush time to finish: after it, nothing flushes for an hour.
    await tracker.flush?.();
    expect(await peerRows(torrent.id)).toHaveLength(2);

    // A plain announce is booked in memory only (the next flush is an hour away).
    at(60);
    expectSuccess(await announce(port, leecher.passkey, { infoHash: torrent.infoHash, peerId: leecherPeer, left: 2000, downloaded: 1000 }));
    expect(await memberRow(leecher.id)).toEqual({ uploaded: 0, downloaded: 0 });
    // `completed` is in PostgreSQL when its answer arrives: its download and the snatch.
    at(120);
    expectSuccess(await announce(port, leecher.passkey, { infoHash: torrent.infoHash, peerId: leecherPeer, left: 0, downloaded: 3000, event: 'completed' }));
    expect(await memberRow(leecher.id)).toEqual({ uploaded: 0, downloaded: 3000 });
    expect((await env.db.query('SELECT 1 FROM snatches WHERE member_id = $1', [leecher.id])).rowCount).toBe(1);
    expect((await peerRows(torrent.id)).find((row) => row.member_id === leecher.id)?.left).toBe('0');

    at(180);
    // Two stops in one burst share a group commit; both are in PostgreSQL on answer.
    const [seederStop, leecherStop] = await Promise.all([
      announce(port, seeder.passkey, { infoHash: torrent.infoHash, peerId: seederPeer, left: 0, uploaded: 3000, event: 'stopped' }),
      announce(port, leecher.passkey, { infoHash: torrent.infoHash, peerId: leecherPeer, left: 0, downloaded: 3000, event: 'stopped' }),
    ]);
    expectSuccess(seederStop);
    expectSuccess(leecherStop);
    expect(await peerRows(torrent.id)).toEqual([]);
    expect(await memberRow(seeder.id)).toEqual({ uploaded: 3000, downloaded: 0 });
  });
});
