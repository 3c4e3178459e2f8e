// Bench of the tenant export (issue 14): a tenant of a throw-away database with 100,000
// members, 20,000 torrents (10 KiB .torrent files of hashes, which do not compress) and 100,000 chat messages, exported
// by the worker's builder while the process's memory is sampled. Prints the time, the
// archive's size and the peak RSS and heap above the start, beside the machine's load:
// the builder streams, so the peak should not grow with the tenant.
// Run: pnpm --filter @swarmhost/worker exec node --expose-gc --import tsx bench/tenant-export-bench.ts [members]
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase } from '@swarmhost/db/testing';
import { createTenant } from '@swarmhost/domain';
import { buildNextTenantExport, requestTenantExport } from '@swarmhost/domain/tenants/export/index';
import { insertBenchMembers } from './bench-members';

const MEMBERS = Number(process.argv[2] ?? 100_000);
const TORRENTS = Math.max(1, Math.floor(MEMBERS / 5));
const MESSAGES = MEMBERS;
const MiB = 1024 * 1024;

async function seed(tenantId: string): Promise<void> {
  const db = systemClient();
  const salt = randomBytes(8).toString('hex');
  await insertBenchMembers(tenantId, salt, MEMBERS);
  await db.$executeRawUnsafe(
    `INSERT INTO torrents (tenant_id, info_hash, name, size, file_count, piece_length, torrent_file, status)
     SELECT $1::uuid, md5('ih' || $2 || g) || left(md5('ih2' || $2 || g), 8), 'bench torrent ' || g, 1073741824, 1, 262144,
            decode((SELECT string_agg(md5($2 || g || '.' || k), '') FROM generate_series(1, 640) k), 'hex'), 'approved'
     FROM generate_series(1, $3::int) g`,
    tenantId,
    salt,
    TORRENTS,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO chat_messages (tenant_id, room_id, body)
     SELECT $1::uuid, (SELECT id FROM chat_rooms WHERE tenant_id = $1::uuid ORDER BY slug LIMIT 1), 'bench message number ' || g || ' with some words in it'
     FROM generate_series(1, $2::int) g`,
    tenantId,
    MESSAGES,
  );
}

async function main(): Promise<void> {
  const database = await createTestDatabase({ prefix: 'swarmhost_export_bench' });
  configureDatabase({ urls: database.urls });
  try {
    const db = systemClient();
    const tenant = await createTenant({ db, slug: `bench-${randomBytes(3).toString('hex')}`, name: 'Export bench' });
    const seeding = performance.now();
    await seed(tenant.id);
    process.stdout.write(`seeded ${MEMBERS} members, ${TORRENTS} torrents (10 KiB files), ${MESSAGES} chat messages in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`);
    const operator = await db.operator.create({ data: { username: 'bench', email: 'bench@example.org', passwordHash: 'x' }, select: { id: true } });
    const requested = await requestTenantExport({ db, tenant, operatorId: operator.id });

    global.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    // With --expose-gc, the heap left after a full collection every second: what the
    // builder really holds (the plain peak includes garbage not yet collected).
    let peakLive = base.heapUsed;
    let samples = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
      samples += 1;
      if (global.gc && samples % 50 === 0) {
        global.gc();
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      }
    }, 20);
    const started = performance.now();
    const result = await buildNextTenantExport({ db, now: () => new Date() });
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const row = await db.tenantExport.findUniqueOrThrow({ where: { id: requested.id }, select: { byteSize: true, rowsTotal: true } });
    process.stdout.write(
      `export ${result?.status}: ${row.rowsTotal} rows and files in ${elapsed.toFixed(1)} s, archive ${(Number(row.byteSize) / MiB).toFixed(1)} MiB\n` +
        `memory above the start: peak RSS +${((peakRss - base.rss) / MiB).toFixed(0)} MiB, peak heap +${((peakHeap - base.heapUsed) / MiB).toFixed(0)} MiB, ${global.gc ? `peak live heap +${((peakLive - base.heapUsed) / MiB).toFixed(0)} MiB` : 'live heap not sampled (run node with --expose-gc)'} (start: RSS ${(base.rss / MiB).toFixed(0)} MiB)\n` +
        `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} on ${cpus().length} CPU(s)\n`,
    );
    if (result?.status !== 'ready') process.exitCode = 1;
  } finally {
    await disconnectAll();
    await database.drop();
  }
}

await main();
