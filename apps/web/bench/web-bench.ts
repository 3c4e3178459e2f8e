// Benchmark (not a test): a tenant with BENCH_TORRENTS torrents (default 100,000) in a
// throw-away database, the built site under `next start`, and autocannon against the
// search and torrent-list tRPC calls. Prints p50/p99 per call; targets are search
// p99 < 50 ms and list p99 < 100 ms. Run `pnpm --filter @swarmhost/web build` first.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase } from '@swarmhost/db/testing';
import { createMemberSession, createTenant, seedBenchData } from '@swarmhost/domain';
import autocannon from 'autocannon';

const torrents = Number(process.env.BENCH_TORRENTS ?? 100_000);
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const port = 3200;
const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const database = await createTestDatabase({ prefix: 'swarmhost_bench_web' });
  configureDatabase({ urls: database.urls, poolMax: 20 });
  const db = systemClient();
  const tenant = await createTenant({ db, slug: 'bench', name: 'Bench' });
  // Served as a custom domain, so plain http://127.0.0.1 reaches the tenant (no *.localhost DNS in Node).
  await db.tenantHost.create({ data: { tenantId: tenant.id, host: '127.0.0.1' } });
  console.log(`seeding ${torrents} torrents …`);
  const seeded = await seedBenchData({ db, tenantSlug: 'bench', members: 100, torrents, trackerBaseUrl: 'http://127.0.0.1:6969' });
  await db.$executeRawUnsafe('ANALYZE torrents');
  const member = await db.member.findFirstOrThrow({ where: { tenantId: tenant.id }, select: { id: true } });
  const session = await createMemberSession({ tenantId: tenant.id, memberId: member.id });
  const sampleName = (await db.torrent.findFirstOrThrow({ where: { tenantId: tenant.id }, select: { name: true } })).name;
  await disconnectAll();

  const server = spawn(process.execPath, [join(webRoot, 'node_modules/next/dist/bin/next'), 'start', '--port', String(port)], {
    cwd: webRoot,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: database.urls.owner, DATABASE_APP_URL: database.urls.app, DATABASE_SYSTEM_URL: database.urls.system, BASE_DOMAIN: `localhost:${port}`, DATABASE_POOL_MAX: '20' },
    stdio: 'ignore',
  });
  try {
    for (let tries = 0; tries < 120; tries++) {
      const ready = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const headers = { cookie: `sh_session=${session.token}` };
    // A typo of a real name's distinctive part, so the trigram path does the work.
    const word = sampleName.split('-').slice(0, 3).join('-').replace(/.$/, 'x');
    const calls = {
      search: `/api/trpc/torrents.search?input=${encodeURIComponent(JSON.stringify({ text: word }))}`,
      list: `/api/trpc/torrents.list?input=${encodeURIComponent(JSON.stringify({ sort: 'seeders', page: 3 }))}`,
    };
    for (const [name, path] of Object.entries(calls)) {
      const check = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      if (check.status !== 200) throw new Error(`${name} answered ${check.status}: ${await check.text()}`);
      const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, headers, connections: 10, duration: durationSeconds });
      console.log(`${name.padEnd(6)} ${torrents} torrents: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}`);
    }
    console.log(`(${seeded.infoHashes.length} torrents seeded; targets: search p99 < 50 ms, list p99 < 100 ms)`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
