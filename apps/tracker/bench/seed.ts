// Benchmark fixtures: 1,000 members and 10,000 torrents over 10 tenants, inserted with
// multi-row INSERTs through the system role, and the announce lines wrk replays
// (passkey + query with random peer ids, compact, numwant=50), members always paired
// with torrents of their own tenant.
import { randomBytes, randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type pg from 'pg';

export interface BenchFixtures {
  readonly tenants: { id: string; members: { passkey: string }[]; infoHashes: string[] }[];
  readonly allInfoHashes: string[];
}

const TENANTS = 10;
const MEMBERS_PER_TENANT = 100;
const TORRENTS_PER_TENANT = 1000;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
export const percent = (hexValue: string) => hexValue.replace(/../g, (byte) => `%${byte}`);

export async function seedDatabase(db: pg.Pool): Promise<BenchFixtures> {
  const tenants: BenchFixtures['tenants'] = [];
  for (let tenantIndex = 0; tenantIndex < TENANTS; tenantIndex += 1) {
    const slug = `bench-${tenantIndex}-${hex(3)}`;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO tenants (slug, name, settings, plan_limits) VALUES ($1, $1, $2, $3) RETURNING id`,
      [slug, JSON.stringify({ maxPeersPerMemberTorrent: 100, announceRateLimitPerSecond: 10_000 }), JSON.stringify({ announcesPerSecond: 1_000_000 })],
    );
    const tenantId = rows[0]!.id;
    const passkeys = Array.from({ length: MEMBERS_PER_TENANT }, () => hex(16));
    await db.query(
      `INSERT INTO members (tenant_id, username, email, password_hash, passkey, rss_key)
       SELECT $1, 'u' || n, 'u' || n || '@bench.test', 'x', passkey, md5(passkey)
       FROM unnest($2::text[]) WITH ORDINALITY AS p(passkey, n)`,
      [tenantId, passkeys],
    );
    const infoHashes = Array.from({ length: TORRENTS_PER_TENANT }, () => hex(20));
    await db.query(
      `INSERT INTO torrents (tenant_id, info_hash, name, size, file_count, piece_length, torrent_file, status)
       SELECT $1, info_hash, 'bench ' || info_hash, 1048576, 1, 262144, '\\x00'::bytea, 'approved'
       FROM unnest($2::text[]) AS t(info_hash)`,
      [tenantId, infoHashes],
    );
    tenants.push({ id: tenantId, members: passkeys.map((passkey) => ({ passkey })), infoHashes });
  }
  return { tenants, allInfoHashes: tenants.flatMap((tenant) => tenant.infoHashes) };
}

/** `count` lines "<passkey> <query>": a random member, a torrent of its tenant, a fresh peer. */
export function announceLines(fixtures: BenchFixtures, count: number): string[] {
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const tenant = fixtures.tenants[randomInt(fixtures.tenants.length)]!;
    const passkey = tenant.members[randomInt(tenant.members.length)]!.passkey;
    const infoHash = tenant.infoHashes[randomInt(tenant.infoHashes.length)]!;
    const left = randomInt(4) === 0 ? 0 : randomInt(1, 1_000_000);
    const peerId = Buffer.from('-BN0001-', 'latin1').toString('hex') + hex(12);
    lines.push(
      `${passkey} info_hash=${percent(infoHash)}&peer_id=${percent(peerId)}&port=${randomInt(1024, 65535)}` +
        `&uploaded=0&downloaded=0&left=${left}&compact=1&numwant=50&event=started`,
    );
  }
  return lines;
}

export function writeLines(path: string, lines: readonly string[]): void {
  writeFileSync(path, `${lines.join('\n')}\n`);
}
