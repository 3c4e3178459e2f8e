// Zero-loss accounting (issue 3): a real pool under load, a worker SIGKILLed twice
// mid-load, then SIGTERM (drain + final flush). Each peer's credited bytes telescope:
// with monotonic totals, the deltas of all its answered announces sum to (last answered
// total − first answered total), however many requests in between died unanswered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface Peer {
  passkey: string;
  memberId: string;
  infoHash: string;
  peerId: string;
  uploaded: number;
  downloaded: number;
  firstUploaded: number;
  firstDownloaded: number;
}

/**
 * Announces until one answer arrives (a killed worker resets the connection; with both
 * workers killed, a busy machine takes seconds to fork and warm a new one).
 */
async function announceAnswered(port: number, peer: Peer, event: 'started' | 'stopped', left = 0): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const answer = await announce(port, peer.passkey, {
        infoHash: peer.infoHash, peerId: peer.peerId, uploaded: peer.uploaded, downloaded: peer.downloaded, left, event,
      });
      if (answer['failure reason'] !== undefined) throw new Error(String(answer['failure reason']));
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error('no answer within 30 s');
}

describe('zero-loss ledger', () => {
  it('credits exactly the answered deltas after workers are SIGKILLed during load', async () => {
    const tenant = await env.fixtures.tenant({ planLimits: { announcesPerSecond: 1_000_000 } });
    const members = await Promise.all(Array.from({ length: 20 }, () => env.fixtures.member(tenant)));
    const torrents = await Promise.all(Array.from({ length: 10 }, () => env.fixtures.torrent(tenant)));
    const peers: Peer[] = [];
    for (const [memberIndex, member] of members.entries()) {
      for (const [torrentIndex, torrent] of torrents.entries()) {
        const base = (memberIndex * 10 + torrentIndex) * 1_000_000;
        peers.push({
          passkey: member.passkey, memberId: member.id, infoHash: torrent.infoHash, peerId: peerId(),
          uploaded: base, downloaded: base, firstUploaded: base, firstDownloaded: base,
        });
      }
    }
    pool = await startPool({
      DATABASE_URL: env.urls.owner,
      DATABASE_SYSTEM_URL: env.urls.system,
      REDIS_URL,
      TRACKER_WORKERS: '2',
      TRACKER_UDP_ENABLED: 'false',
      FLUSH_INTERVAL: '1',
    });
    const port = pool.port;
    // Upload counts only while another member downloads (issue 17): one member per torrent
    // stays a downloader all along, with nothing to credit.
    const downloaders: Peer[] = [];
    for (const torrent of torrents) {
      const member = await env.fixtures.member(tenant);
      downloaders.push({
        passkey: member.passkey, memberId: member.id, infoHash: torrent.infoHash, peerId: peerId(),
        uploaded: 0, downloaded: 0, firstUploaded: 0, firstDownloaded: 0,
      });
    }
    for (const downloader of downloaders) await announceAnswered(port, downloader, 'started', 1);
    // Every peer starts downloading; its first `completed` with left 0 is its snatch.
    for (const peer of peers) await announceAnswered(port, peer, 'started', 1);

    // Load: 10 loops, each owning its peers so one peer never has two requests in flight
    // (reordered totals would rebase, by design). `completed` is never refused for min
    // interval; each waits for its group commit (a peer's last word is durable before
    // its answer). A killed worker is back only after loading its caches and peers, so
    // the load goes on past 4 s until 150 announces were answered (at most 40 s).
    let answered = 0;
    let unanswered = 0;
    const loadUntil = Date.now() + 4000;
    const giveUpAt = Date.now() + 40_000;
    const loading = () => Date.now() < loadUntil || (answered < 150 && Date.now() < giveUpAt);
    const loops = Array.from({ length: 10 }, async (_, loop) => {
      const mine = peers.filter((_, index) => index % 10 === loop);
      for (let round = 0; loading(); round += 1) {
        const peer = mine[round % mine.length]!;
        peer.uploaded += 1000 + round;
        peer.downloaded += 7;
        try {
          const answer = await announce(port, peer.passkey, {
            infoHash: peer.infoHash, peerId: peer.peerId, uploaded: peer.uploaded, downloaded: peer.downloaded, left: 0, event: 'completed',
          });
          if (answer['failure reason'] === undefined) answered += 1;
          else unanswered += 1;
        } catch {
          // Connection refused or reset: no worker listening yet.
          unanswered += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    });
    const kills = (async () => {
      for (const delay of [1000, 1500]) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        const [victim] = pool!.workerPids();
        if (victim !== undefined) process.kill(victim, 'SIGKILL');
      }
    })();
    await Promise.all([...loops, kills]);
    expect(answered, `${unanswered} announces got no answer`).toBeGreaterThan(100);

    for (const peer of peers) {
      peer.uploaded += 5;
      await announceAnswered(port, peer, 'stopped');
    }
    for (const downloader of downloaders) await announceAnswered(port, downloader, 'stopped', 1);
    expect(await pool.stop()).toBe(0);
    expect(pool.output()).toMatch(/worker died; restarting/);

    const expectedUpload = peers.reduce((sum, peer) => sum + peer.uploaded - peer.firstUploaded, 0);
    const expectedDownload = peers.reduce((sum, peer) => sum + peer.downloaded - peer.firstDownloaded, 0);
    const { rows } = await env.db.query<{ up: string; down: string; actual_up: string }>(
      `SELECT sum(credited_upload_bytes) AS up, sum(credited_download_bytes) AS down, sum(uploaded_bytes) AS actual_up
       FROM members WHERE tenant_id = $1`,
      [tenant.id],
    );
    expect({ up: Number(rows[0]!.up), down: Number(rows[0]!.down), actualUp: Number(rows[0]!.actual_up) }).toEqual({
      up: expectedUpload, down: expectedDownload, actualUp: expectedUpload,
    });
    const history = await env.db.query<{ up: string }>('SELECT sum(credited_upload_bytes) AS up FROM histories WHERE tenant_id = $1', [tenant.id]);
    expect(Number(history.rows[0]!.up)).toBe(expectedUpload);
    // Every (member, torrent) completed: one snatch each, times completed counted once.
    const snatches = await env.db.query<{ count: string }>('SELECT count(*) FROM snatches WHERE tenant_id = $1', [tenant.id]);
    expect(Number(snatches.rows[0]!.count)).toBe(peers.length);
    const counters = await env.db.query<{ times_completed: number; seeders: number; leechers: number }>(
      'SELECT times_completed, seeders, leechers FROM torrents WHERE tenant_id = $1',
      [tenant.id],
    );
    expect(counters.rows.map((row) => row.times_completed)).toEqual(torrents.map(() => members.length));
    expect(counters.rows.every((row) => row.seeders === 0 && row.leechers === 0)).toBe(true);
    pool = undefined;
  });
});
