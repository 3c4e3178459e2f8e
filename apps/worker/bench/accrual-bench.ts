// Bench of the seeding accrual (issue 11: "100,000 members with 1,000,000 history rows in
// < 30 s"): seeds one tenant of a throw-away database with generate_series SQL, books one
// period and prints the time beside the target and the machine's load.
// Run: pnpm --filter @swarmhost/worker bench:accrual
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase } from '@swarmhost/db/testing';
import { createTenant } from '@swarmhost/domain';
import { accrueSeedingPoints, periodStartOf } from '@swarmhost/domain/bonus/accrue-seeding-points';
import { insertBenchMembers } from './bench-members';

const MEMBERS = 100_000;
const TORRENTS = 20_000;
const HISTORIES_PER_MEMBER = 10;
const PERIOD_SECONDS = 3600;
const TARGET_SECONDS = 30;

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

async function seed(tenantId: string, periodStart: Date): Promise<void> {
  const db = systemClient();
  const salt = randomBytes(8).toString('hex');
  await insertBenchMembers(tenantId, salt, MEMBERS);
  // 256 MiB to 10 GiB, 0-11 seeders, up to 800 days old: every default rule is met somewhere.
  await db.$executeRawUnsafe(
    `INSERT INTO torrents (tenant_id, info_hash, name, size, file_count, piece_length, torrent_file, status, seeders, created_at)
     SELECT $1::uuid, md5('ih' || $2 || g) || left(md5('ih2' || $2 || g), 8), 'bench torrent ' || g,
            ((g % 40) + 1)::bigint * 268435456, 1, 262144, '\\x6465'::bytea, 'approved', g % 12,
            $4::timestamptz - (g % 800) * interval '1 day'
     FROM generate_series(1, $3::int) g`,
    tenantId,
    salt,
    TORRENTS,
    periodStart,
  );
  // Ten torrents per member; four in five seeding, announced during the period.
  await db.$executeRawUnsafe(
    `INSERT INTO histories (tenant_id, member_id, torrent_id, seeding, active, first_announce_at, last_announce_at, seed_seconds)
     SELECT $1::uuid, m.id, t.id, (m.n + k) % 5 <> 0, true, $2::timestamptz - interval '400 days',
            $2::timestamptz + ((m.n * 13 + k * 7) % $5::int) * interval '1 second', ((m.n * 7 + k) % 300) * 86400
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM members WHERE tenant_id = $1::uuid) m
     CROSS JOIN generate_series(0, $3::int - 1) k
     JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS idx FROM torrents WHERE tenant_id = $1::uuid) t
       ON t.idx = (m.n + k * ($4::int / $3::int)) % $4::int`,
    tenantId,
    periodStart,
    HISTORIES_PER_MEMBER,
    TORRENTS,
    PERIOD_SECONDS,
  );
  await db.$executeRawUnsafe('ANALYZE members, torrents, histories, bonus_transactions');
}

async function main(): Promise<void> {
  const database = await createTestDatabase({ prefix: 'swarmhost_accrual_bench' });
  configureDatabase({ urls: database.urls });
  try {
    const tenant = await createTenant({ db: systemClient(), slug: `bench-${randomBytes(3).toString('hex')}`, name: 'Accrual bench' });
    const periodStart = new Date(periodStartOf(new Date(), PERIOD_SECONDS).getTime() - 2 * PERIOD_SECONDS * 1000);
    const seeding = performance.now();
    await seed(tenant.id, periodStart);
    const [counts] = await systemClient().$queryRawUnsafe<{ members: number; histories: number }[]>(
      `SELECT (SELECT count(*) FROM members WHERE tenant_id = $1::uuid)::int AS members, (SELECT count(*) FROM histories WHERE tenant_id = $1::uuid)::int AS histories`,
      tenant.id,
    );
    process.stdout.write(`seeded ${counts?.members} members, ${counts?.histories} history rows in ${seconds(seeding)} s\n`);

    const now = new Date(periodStart.getTime() + PERIOD_SECONDS * 1000 + 5000);
    const started = performance.now();
    const booked = await accrueSeedingPoints({ now, periodSeconds: PERIOD_SECONDS, tenantIds: [tenant.id] });
    const elapsed = seconds(started);
    const period = booked[0];
    process.stdout.write(
      `accrual of one period: ${elapsed} s (target < ${TARGET_SECONDS} s) — ${period?.members ?? 0} members credited, ${period?.points ?? 0} points\n` +
        `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} on ${cpus().length} CPU(s)\n`,
    );
    if (!period || Number(elapsed) >= TARGET_SECONDS) process.exitCode = 1;
  } finally {
    await disconnectAll();
    await database.drop();
  }
}

await main();
