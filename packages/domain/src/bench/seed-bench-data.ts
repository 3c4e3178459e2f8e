// Bulk-creates members and approved torrents in one tenant for load tests: 1,000
// members and 10,000 torrents in seconds (multi-row inserts, one password hash shared
// by every bench member, small synthetic .torrent files).
import { createHash, randomBytes } from 'node:crypto';
import { hashPassword } from '@swarmhost/auth/password';
import { encode } from '@swarmhost/bittorrent/bencode';
import type { DbClient } from '@swarmhost/db';
import { AppError } from '../errors';
import { newPasskey, newRssKey } from '../secrets';
import { findTenantBySlug } from '../tenants/find-tenant';
import { genericAnnounceUrl } from '../tracker-url';

export interface SeedBenchDataOptions {
  db: DbClient;
  tenantSlug: string;
  members: number;
  torrents: number;
  trackerBaseUrl: string;
  /** Password of every bench member (they share one hash). */
  password?: string;
}

export interface BenchData {
  trackerUrl: string;
  tenantId: string;
  passkeys: string[];
  infoHashes: string[];
}

const CHUNK = 1000;
const PARALLEL_CHUNKS = 4;
const PIECE_LENGTH = 64 * 1024 * 1024;
const MAX_BENCH_ROWS = 1_000_000;

export async function seedBenchData(options: SeedBenchDataOptions): Promise<BenchData> {
  for (const [label, count] of [['members', options.members], ['torrents', options.torrents]] as const) {
    if (!Number.isInteger(count) || count < 1 || count > MAX_BENCH_ROWS) {
      throw new AppError('BAD_REQUEST', `--${label} must be a whole number from 1 to ${MAX_BENCH_ROWS}`);
    }
  }
  const tenant = await findTenantBySlug(options.db, options.tenantSlug);
  const passwordHash = await hashPassword(options.password ?? 'bench-password');
  const runTag = randomBytes(4).toString('hex');

  const passkeys: string[] = [];
  const memberIds: string[] = [];
  for (let start = 0; start < options.members; start += CHUNK) {
    const rows = [];
    for (let index = start; index < Math.min(options.members, start + CHUNK); index++) {
      const passkey = newPasskey();
      passkeys.push(passkey);
      rows.push({
        tenantId: tenant.id,
        username: `bench-${runTag}-${index}`,
        email: `bench-${runTag}-${index}@bench.invalid`,
        passwordHash,
        passkey,
        rssKey: newRssKey(),
      });
    }
    const created = await options.db.member.createManyAndReturn({ data: rows, select: { id: true } });
    memberIds.push(...created.map((row) => row.id));
  }

  const infoHashes: string[] = [];
  const announce = genericAnnounceUrl(options.trackerBaseUrl);
  const inFlight = new Set<Promise<unknown>>();
  for (let start = 0; start < options.torrents; start += CHUNK) {
    const rows = [];
    for (let index = start; index < Math.min(options.torrents, start + CHUNK); index++) {
      const torrent = syntheticTorrent(`bench-${runTag}-${index}`, tenant.slug, announce);
      infoHashes.push(torrent.infoHash);
      rows.push({
        tenantId: tenant.id,
        infoHash: torrent.infoHash,
        name: torrent.name,
        size: BigInt(torrent.size),
        fileCount: 1,
        files: [{ path: torrent.name, length: torrent.size }],
        pieceLength: PIECE_LENGTH,
        torrentFile: new Uint8Array(torrent.bytes),
        uploaderId: memberIds[index % memberIds.length] ?? null,
        status: 'approved' as const,
        approvedAt: new Date(),
      });
    }
    // A few chunks in flight at once: PostgreSQL writes them on several connections.
    const insert = options.db.torrent.createMany({ data: rows }).finally(() => inFlight.delete(insert));
    inFlight.add(insert);
    if (inFlight.size >= PARALLEL_CHUNKS) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { trackerUrl: options.trackerBaseUrl, tenantId: tenant.id, passkeys, infoHashes };
}

function syntheticTorrent(name: string, source: string, announce: string) {
  const size = 100 * 1024 * 1024 + Math.floor(Math.random() * 4 * 1024 * 1024 * 1024);
  const pieces = Math.ceil(size / PIECE_LENGTH);
  const info = {
    length: size,
    name: `${name}.bin`,
    'piece length': PIECE_LENGTH,
    pieces: randomBytes(pieces * 20),
    private: 1,
    source,
  };
  const infoBytes = encode(info);
  const infoHash = createHash('sha1').update(infoBytes).digest('hex');
  const bytes = encode({ announce, info });
  return { name: info.name, size, infoHash, bytes };
}
