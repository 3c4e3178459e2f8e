// Issue 17 against the real pool (cluster primary, worker, flusher; real PostgreSQL and
// Redis): the demonstrated 9 PB announce is credited at most the tenant's maximum speed
// and flagged for staff, fake `completed` events record no snatch, `completed` inside
// the min interval gets no peers, and a dual-stack client announcing over ::1 and
// 127.0.0.1 with one peer id is one peer with an address per family.
import { connect } from 'node:net';
import { decode, type BencodeDict } from '@swarmhost/bittorrent/bencode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactPeers, expectSuccess } from './support/asserts';
import { announceTarget, getRequest, parseResponses, peerId, type AnnounceQuery } from './support/client';
import { createEnvironment, REDIS_URL, type TestEnvironment } from './support/environment';
import { startPool, type PoolProcess } from './support/pool';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
let env: TestEnvironment;
let pool: PoolProcess;

beforeAll(async () => {
  env = await createEnvironment();
  pool = await startPool({
    DATABASE_URL: env.urls.owner,
    DATABASE_SYSTEM_URL: env.urls.system,
    REDIS_URL,
    TRACKER_HOST: '::',
    TRACKER_WORKERS: '1',
    TRACKER_UDP_ENABLED: 'false',
    FLUSH_INTERVAL: '1',
  });
});
afterAll(async () => {
  await pool?.stop(5000);
  await env.close();
});

/** One announce over a chosen loopback address, so the tracker sees that family. */
function announceFrom(host: '127.0.0.1' | '::1', passkey: string, query: AnnounceQuery): Promise<BencodeDict> {
  return new Promise((resolve, reject) => {
    const socket = connect(pool.port, host);
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from the tracker over ${host}`));
    }, 5000);
    socket.on('connect', () => socket.write(getRequest(announceTarget(passkey, query))));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const [response] = parseResponses(data).responses;
      if (response === undefined) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(decode(response.body) as BencodeDict);
    });
    socket.on('error', reject);
  });
}

const announce4 = (passkey: string, query: AnnounceQuery) => announceFrom('127.0.0.1', passkey, query);

/** IPv6 peers of a compact answer as "[ip]:port" strings (BEP 7). */
function compactPeers6(answer: BencodeDict): string[] {
  const peers = answer.peers6;
  if (peers === undefined) return [];
  if (!Buffer.isBuffer(peers)) throw new Error('expected compact peers6');
  const out: string[] = [];
  for (let offset = 0; offset + 18 <= peers.length; offset += 18) {
    const groups = Array.from({ length: 8 }, (_, group) => peers.readUInt16BE(offset + group * 2).toString(16));
    out.push(`[${groups.join(':')}]:${peers.readUInt16BE(offset + 16)}`);
  }
  return out;
}

/** Polls until the flusher has written the row (FLUSH_INTERVAL is one second). */
async function flushed<T>(read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('the flusher wrote nothing within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('bounded credit', () => {
  it('credits a 2^53 − 1 byte `stopped` 8 ms after `started` at most the maximum speed, flags it and lists it for staff', async () => {
    const tenant = await env.fixtures.tenant();
    const cheater = await env.fixtures.member(tenant);
    const downloader = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    const lonely = await env.fixtures.torrent(tenant);
    const infoHash = torrent.infoHash;
    expectSuccess(await announce4(downloader.passkey, { infoHash, left: 1000, event: 'started' }));

    const peer = peerId();
    const startedAt = Date.now();
    expectSuccess(await announce4(cheater.passkey, { infoHash, peerId: peer, left: 0, uploaded: 0, event: 'started' }));
    await new Promise((resolve) => setTimeout(resolve, 8));
    expectSuccess(await announce4(cheater.passkey, { infoHash, peerId: peer, left: 0, uploaded: Number.MAX_SAFE_INTEGER, event: 'stopped' }));
    const elapsedSeconds = Math.max(1, Math.ceil((Date.now() - startedAt) / 1000));
    // A plausible amount on a torrent nobody downloads: upload to nobody is not credited at all.
    const lonelyPeer = peerId();
    expectSuccess(await announce4(cheater.passkey, { infoHash: lonely.infoHash, peerId: lonelyPeer, left: 0, uploaded: 0, event: 'started' }));
    expectSuccess(await announce4(cheater.passkey, { infoHash: lonely.infoHash, peerId: lonelyPeer, left: 0, uploaded: 100 * MIB, event: 'stopped' }));

    const histories = await flushed(async () => {
      const { rows } = await env.db.query<Record<string, string | number | null>>(
        `SELECT t.info_hash, h.uploaded_bytes::text, h.credited_upload_bytes::text, h.reported_upload_bytes::text,
                h.flagged_announces, h.last_flag_reason, h.last_flagged_at IS NOT NULL AS flagged_at
         FROM histories h JOIN torrents t ON t.id = h.torrent_id WHERE h.member_id = $1 ORDER BY t.info_hash = $2 DESC`,
        [cheater.id, infoHash],
      );
      // Both announces of each peer may land in different flushes: wait until both flags are in.
      return rows.length === 2 && rows.every((row) => Number(row.flagged_announces) >= 1) ? rows : undefined;
    });
    const [bounded, unbelieved] = histories;
    expect(bounded).toMatchObject({ reported_upload_bytes: String(Number.MAX_SAFE_INTEGER), flagged_announces: 1, last_flag_reason: 'speed', flagged_at: true });
    expect(Number(bounded!.credited_upload_bytes)).toBeGreaterThanOrEqual(GIB);
    expect(Number(bounded!.credited_upload_bytes)).toBeLessThanOrEqual(elapsedSeconds * GIB);
    expect(unbelieved).toMatchObject({ reported_upload_bytes: String(100 * MIB), uploaded_bytes: '0', credited_upload_bytes: '0', last_flag_reason: 'no_leechers' });

    const member = await env.db.query<{ credited: string }>('SELECT credited_upload_bytes::text AS credited FROM members WHERE id = $1', [cheater.id]);
    expect(member.rows[0]!.credited).toBe(bounded!.credited_upload_bytes);
    const flags = await env.db.query(
      `SELECT reason, announces, reported_upload_bytes::text AS reported, credited_upload_bytes::text AS credited
       FROM ratio_flags WHERE member_id = $1 ORDER BY reason DESC`,
      [cheater.id],
    );
    expect(flags.rows).toEqual([
      { reason: 'speed', announces: 1, reported: String(Number.MAX_SAFE_INTEGER), credited: bounded!.credited_upload_bytes },
      { reason: 'no_leechers', announces: 1, reported: String(100 * MIB), credited: '0' },
    ]);
  });
});

describe('completions and min interval', () => {
  it('records no snatch for `completed` on a first announce or with left > 0, one for a real finish', async () => {
    const tenant = await env.fixtures.tenant();
    const faker = await env.fixtures.member(tenant);
    const honest = await env.fixtures.member(tenant);
    const torrent = await env.fixtures.torrent(tenant);
    const infoHash = torrent.infoHash;
    expectSuccess(await announce4(faker.passkey, { infoHash, left: 0, event: 'completed' }));
    const partial = peerId();
    expectSuccess(await announce4(faker.passkey, { infoHash, peerId: partial, left: 500, event: 'started' }));
    expectSuccess(await announce4(faker.passkey, { infoHash, peerId: partial, left: 400, event: 'completed' }));
    const real = peerId();
    expectSuccess(await announce4(honest.passkey, { infoHash, peerId: real, left: 500, event: 'started' }));
    expectSuccess(await announce4(honest.passkey, { infoHash, peerId: real, left: 0, event: 'completed' }));

    const snatchers = await flushed(async () => {
      const { rows } = await env.db.query<{ member_id: string }>('SELECT member_id FROM snatches WHERE torrent_id = $1', [torrent.id]);
      return rows.length > 0 ? rows : undefined;
    });
    // Give the flusher one more round in case the faker's entries came in a later batch.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const again = await env.db.query<{ member_id: string; times_completed: number }>(
      'SELECT s.member_id, t.times_completed FROM snatches s JOIN torrents t ON t.id = s.torrent_id WHERE s.torrent_id = $1',
      [torrent.id],
    );
    expect(snatchers.map((row) => row.member_id)).toEqual([honest.id]);
    expect(again.rows).toEqual([{ member_id: honest.id, times_completed: 1 }]);
  });

  it('answers `completed` inside the min interval without a peer list', async () => {
    const tenant = await env.fixtures.tenant();
    const [seeder, leecher, spammer] = [await env.fixtures.member(tenant), await env.fixtures.member(tenant), await env.fixtures.member(tenant)];
    const torrent = await env.fixtures.torrent(tenant);
    const infoHash = torrent.infoHash;
    expectSuccess(await announce4(seeder.passkey, { infoHash, left: 0, event: 'started', port: 7001 }));
    expectSuccess(await announce4(leecher.passkey, { infoHash, left: 50, event: 'started', port: 7003 }));
    const peer = peerId();
    const first = await announce4(spammer.passkey, { infoHash, peerId: peer, left: 100, event: 'started' });
    expect(compactPeers(first)).toEqual(['127.0.0.1:7001', '127.0.0.1:7003']);
    for (const left of [0, 0, 0]) {
      const spam = await announce4(spammer.passkey, { infoHash, peerId: peer, left, event: 'completed' });
      expectSuccess(spam);
      expect(compactPeers(spam)).toEqual([]);
    }
  });
});

describe('dual-stack peers', () => {
  it('keeps one peer id announcing over IPv4 and IPv6 as one peer with both addresses', async () => {
    const tenant = await env.fixtures.tenant();
    const [dual, other] = [await env.fixtures.member(tenant), await env.fixtures.member(tenant)];
    const torrent = await env.fixtures.torrent(tenant);
    const infoHash = torrent.infoHash;
    const peer = peerId();
    expectSuccess(await announceFrom('127.0.0.1', dual.passkey, { infoHash, peerId: peer, left: 0, event: 'started', port: 7002 }));
    // libtorrent announces to every tracker address it resolves, seconds apart, same peer id.
    const overV6 = await announceFrom('::1', dual.passkey, { infoHash, peerId: peer, left: 0, event: 'started', port: 7002 });
    expectSuccess(overV6);
    expect(overV6.complete).toBe(1);
    const answer = await announceFrom('127.0.0.1', other.passkey, { infoHash, left: 100, event: 'started' });
    expect(compactPeers(answer)).toEqual(['127.0.0.1:7002']);
    expect(compactPeers6(answer)).toEqual(['[0:0:0:0:0:0:0:1]:7002']);
    expect(answer).toMatchObject({ complete: 1, incomplete: 1 });
  });
});
