// Bench of the hit-and-run pass (issue 11): one tenant of a throw-away database with
// 100,000 members and 1,000,000 completed downloads (snatches + histories, completions
// spread over 60 days, a third short of the rules), seeded with generate_series SQL. Runs
// the pass once (pre-warnings, warnings and their notifications), then again (nothing left
// to write), and prints both times with the machine's load. No target in the issue: figures.
// Run: pnpm --filter @swarmhost/worker bench:hit-and-run
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase } from '@swarmhost/db/testing';
import { createTenant } from '@swarmhost/domain';
import { runHitAndRun } from '@swarmhost/domain/hit-and-run/run-hit-and-run';
import { insertBenchMembers } from './bench-members';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const TORRENTS = 20_000;
const DOWNLOADS_PER_MEMBER = 10;

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);
/** Counts what would be published instead of sending 100,000 messages to a shared Redis. */
const publisher = { published: 0, publish: async () => void (publisher.published += 1) };

async function seed(tenantId: string, now: Date): Promise<void> {
  const db = systemClient();
  const salt = randomBytes(8).toString('hex');
  await insertBenchMembers(tenantId, salt, MEMBERS);
  await db.$executeRawUnsafe(
    `INSERT INTO torrents (tenant_id, info_hash, name, size, file_count, piece_length, torrent_file, status)
     SELECT $1::uuid, md5('ih' || $2 || g) || left(md5('ih2' || $2 || g), 8), 'bench torrent ' || g,
            ((g % 40) + 1)::bigint * 268435456, 1, 262144, '\\x6465'::bytea, 'approved'
     FROM generate_series(1, $3::int) g`,
    tenantId,
    salt,
    TORRENTS,
  );
  // Completed 0-60 days ago; seed time 0-99 h (72 h clears it); every third download also short on ratio.
  await db.$executeRawUnsafe(
    `INSERT INTO snatches (tenant_id, member_id, torrent_id, completed_at)
     SELECT $1::uuid, m.id, t.id, $2::timestamptz - ((m.n * 7 + k * 13) % (60 * 24)) * interval '1 hour'
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM members WHERE tenant_id = $1::uuid) m
     CROSS JOIN generate_series(0, $3::int - 1) k
     JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS idx FROM torrents WHERE tenant_id = $1::uuid) t
       ON t.idx = (m.n + k * ($4::int / $3::int)) % $4::int`,
    tenantId,
    now,
    DOWNLOADS_PER_MEMBER,
    TORRENTS,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO histories (tenant_id, member_id, torrent_id, seeding, active, first_announce_at, last_announce_at, completed_at, seed_seconds, uploaded_bytes, downloaded_bytes)
     SELECT $1::uuid, member_id, torrent_id, false, false, completed_at - interval '1 hour', completed_at, completed_at,
            (abs(hashtext(member_id::text || torrent_id::text)) % 100) * 3600,
            CASE WHEN abs(hashtext(torrent_id::text || member_id::text)) % 3 = 0 THEN 100 ELSE 2000 END, 1000
     FROM snatches WHERE tenant_id = $1::uuid`,
    tenantId,
  );
  await db.$executeRawUnsafe('ANALYZE members, torrents, histories, snatches, hit_and_run_warnings, hit_and_run_prewarnings, notifications');
}

async function main(): Promise<void> {
  const database = await createTestDatabase({ prefix: 'swarmhost_hnr_bench' });
  configureDatabase({ urls: database.urls });
  try {
    const tenant = await createTenant({
      db: systemClient(),
      slug: `bench-${randomBytes(3).toString('hex')}`,
      name: 'Hit-and-run bench',
      settings: { hitAndRun: { enabled: true } },
    });
    const now = new Date();
    const seeding = performance.now();
    await seed(tenant.id, now);
    process.stdout.write(`seeded ${MEMBERS} members, ${MEMBERS * DOWNLOADS_PER_MEMBER} completed downloads in ${seconds(seeding)} s\n`);

    const first = performance.now();
    const [result] = await runHitAndRun({ now, publisher, tenantIds: [tenant.id] });
    const firstSeconds = seconds(first);
    const again = performance.now();
    const [repeat] = await runHitAndRun({ now, publisher, tenantIds: [tenant.id] });
    process.stdout.write(
      `first pass: ${firstSeconds} s — ${result?.prewarned} pre-warnings, ${result?.warned} warnings (with their notifications), ${result?.membersChanged.length} members invalidated\n` +
        `repeated pass: ${seconds(again)} s — ${repeat?.prewarned} pre-warnings, ${repeat?.warned} warnings\n` +
        `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} on ${cpus().length} CPU(s)\n`,
    );
    if (!result || result.warned === 0 || repeat?.warned !== 0 || repeat.prewarned !== 0) process.exitCode = 1;
  } finally {
    await disconnectAll();
    await database.drop();
  }
}

await main();
