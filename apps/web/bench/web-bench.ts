// Benchmark (not a test): a tenant with BENCH_TORRENTS torrents (default 100,000) in a
// throw-away database, the built site (`site-server.mjs`, as production runs it), and autocannon against the
// search and torrent-list tRPC calls (and searches for texts never asked before, which no
// cache serves). Prints p50/p99 per call next to the targets
// (search p99 < 50 ms, list p99 < 100 ms), for BENCH_ROUNDS rounds (best and median).
// Run `pnpm --filter @swarmhost/web build` first.
//
//   BENCH_TORRENTS=100000 BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10 pnpm bench
//   BENCH_KEEP_DB=1     keep the seeded database and print how to reuse it
//   BENCH_REUSE_DB=<n>  measure against a database a previous run kept (no seeding)
//   BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'  more flags for the server's node
//   (it always gets the young-generation size `pnpm start` gives the site: SITE_NODE_FLAGS)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { DatabaseUrls } from '@swarmhost/config';
import { configureDatabase, createPrismaClient, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase } from '@swarmhost/db/testing';
import { createMemberSession, createTenant, seedBenchData } from '@swarmhost/domain';
import autocannon from 'autocannon';
import { seedBenchTorrents, TITLE_WORDS } from './seed-torrents';
import { SITE_ENTRY, SITE_NODE_FLAGS, WEB_ROOT } from './site-process';

const env = process.env;
const torrents = Number(env.BENCH_TORRENTS ?? 100_000);
const durationSeconds = Number(env.BENCH_SECONDS ?? 10);
const rounds = Math.max(1, Number(env.BENCH_ROUNDS ?? 3));
const connections = Math.max(1, Number(env.BENCH_CONNECTIONS ?? 10));
const port = Number(env.BENCH_PORT ?? 3200);
const TARGETS = { search: 50, list: 100, 'search (distinct)': 50 } as const;
type Call = keyof typeof TARGETS;
// As package.json's "start" runs the site: a 64 MiB young generation (V8's default is
// 16) makes scavenges rarer and promotes less short-lived request garbage to the old
// generation; measured here +35 % cached-search throughput.

// What members type: whole words, a title and a year, and typos the trigram path must
// rescue ("Sintle" for "Sintel", "harbr" for "harbor").
const SEARCHES = ['sintel', 'Sintle', 'silent harbor', 'harbr midnight', 'ubuntu 24', 'big buck bunny 1080p', 'elephnts dream', 'FLUX', 'crimson echo 2019', 'debain netinst'];
// Searches no process has seen: two title words and a year, in random order, each
// text once (more than a 10 s run asks for). They show the uncached path: ranking in
// PostgreSQL for every request, no page cache.
function distinctSearches(count: number): string[] {
  const seen = new Set<string>();
  const pick = () => TITLE_WORDS[Math.floor(Math.random() * TITLE_WORDS.length)]!;
  while (seen.size < count) seen.add(`${pick()} ${pick()} ${1960 + Math.floor(Math.random() * 65)}`);
  return [...seen];
}
// Browse pages as the site asks for them: each sort, a filter, the first pages.
const LISTS: object[] = [
  {},
  { sort: 'seeders', page: 3 },
  { sort: 'size', order: 'desc' },
  { sort: 'snatches', page: 2 },
  { sort: 'added', category: 'movies' },
  { freeleech: true },
  { tag: 'hdr', sort: 'seeders' },
  { mine: 'seeding' },
];

function appUrls(database: string): DatabaseUrls {
  const owner = new URL(env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/swarmhost');
  owner.pathname = `/${database}`;
  const as = (user: string) => {
    const url = new URL(owner);
    url.username = user;
    url.password = env.APP_DB_PASSWORD ?? '';
    return url.toString();
  };
  return { owner: owner.toString(), app: as('swarmhost_app'), system: as('swarmhost_system') };
}

async function seed(): Promise<{ urls: DatabaseUrls; drop: () => Promise<void> }> {
  const database = await createTestDatabase({ prefix: 'swarmhost_bench_web' });
  configureDatabase({ urls: database.urls, poolMax: 8 });
  const db = systemClient();
  const started = Date.now();
  const tenant = await createTenant({ db, slug: 'bench', name: 'Bench' });
  // Served as a custom domain, so plain http://127.0.0.1 reaches the tenant (no *.localhost DNS in Node).
  await db.tenantHost.create({ data: { tenantId: tenant.id, host: '127.0.0.1' } });
  // This bench measures how fast a search is, not the plan's search budget (the default plan
  // allows 20 a second; bench:noisy measures the budget): a plan without a practical limit.
  const plan = await db.plan.create({
    data: { name: 'Web bench', maxMembers: 1_000_000, maxTorrents: 10_000_000, announcesPerSecond: 100_000, searchesPerSecond: 1_000_000, maxTorrentFileBytes: 10_485_760 },
  });
  await db.tenant.update({ where: { id: tenant.id }, data: { planId: plan.id } });
  // A second community, so every query also has to skip another tenant's rows.
  const other = await createTenant({ db, slug: 'other', name: 'Other' });
  console.log(`seeding ${torrents.toLocaleString('en')} torrents …`);
  await seedBenchData({ db, tenantSlug: 'bench', members: 100, torrents: 1, trackerBaseUrl: 'http://127.0.0.1:6969' });
  await seedBenchData({ db, tenantSlug: 'other', members: 10, torrents: 1, trackerBaseUrl: 'http://127.0.0.1:6969' });
  await seedBenchTorrents({
    db,
    tenantId: tenant.id,
    count: torrents - 1,
    onProgress: (done) => process.stdout.write(`\r  ${done.toLocaleString('en')}`),
  });
  await seedBenchTorrents({ db, tenantId: other.id, count: Math.min(20_000, torrents) });
  await disconnectAll();
  // Statistics need the table owner: the system role's ANALYZE would be skipped.
  const owner = createPrismaClient(database.urls.owner, { poolMax: 1 });
  await owner.$executeRawUnsafe('VACUUM ANALYZE');
  await owner.$disconnect();
  console.log(`\r  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s (database ${database.name})`);
  return { urls: database.urls, drop: database.drop };
}

interface Measured {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function measure(paths: string[], headers: Record<string, string>): Promise<Measured> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: durationSeconds,
    requests: paths.map((path) => ({ method: 'GET', path, headers })),
  });
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx + result.timeouts };
}

function row(label: string, measured: Measured, target: number): string {
  const verdict = measured.p99 < target ? 'ok' : 'MISSED';
  return `${label.padEnd(28)} ${String(measured.p50).padStart(7)} ${String(measured.p99).padStart(7)} ${`< ${target}`.padStart(8)}  ${verdict.padEnd(7)} ${measured.rps.toFixed(0).padStart(6)} ${String(measured.errors).padStart(6)}`;
}

async function main() {
  const reuse = env.BENCH_REUSE_DB;
  const database = reuse ? { urls: appUrls(reuse), drop: async () => {} } : await seed();
  configureDatabase({ urls: database.urls, poolMax: 2 });
  const db = systemClient();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'bench' }, select: { id: true } });
  const count = await db.torrent.count({ where: { tenantId: tenant.id } });
  const member = await db.member.findFirstOrThrow({ where: { tenantId: tenant.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
  const session = await createMemberSession({ tenantId: tenant.id, memberId: member.id });
  await disconnectAll();

  const nodeArgs = [...SITE_NODE_FLAGS, ...(env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
  // The built production entry, as `pnpm start`, scripts/start.sh and the image run it.
  const server = spawn(process.execPath, [...nodeArgs, SITE_ENTRY], {
    cwd: WEB_ROOT,
    env: {
      ...env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NODE_ENV: 'production',
      REALTIME_TOKEN_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: database.urls.owner,
      DATABASE_APP_URL: database.urls.app,
      DATABASE_SYSTEM_URL: database.urls.system,
      BASE_DOMAIN: `localhost:${port}`,
      MAIL_TRANSPORT: 'outbox',
      ALLOW_DEV_OUTBOX: '1',
      ALLOW_INSECURE_HTTP: '1',
      DATABASE_POOL_MAX: env.DATABASE_POOL_MAX ?? '10',
    },
    // BENCH_SERVER_LOG=1 shows the server's output (with BENCH_NODE_ARGS=--trace-gc, its collections).
    stdio: env.BENCH_SERVER_LOG ? 'inherit' : 'ignore',
  });
  try {
    for (let tries = 0; tries < 120; tries++) {
      if (server.exitCode !== null) throw new Error(`the site exited with ${server.exitCode} (built? port ${port} taken? set BENCH_PORT; BENCH_SERVER_LOG=1 shows why)`);
      const ready = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const headers = { cookie: `sh_session=${session.token}` };
    const call = (procedure: string, input: object) => `/api/trpc/torrents.${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
    const calls: Record<Call, string[]> = {
      search: SEARCHES.map((text) => call('search', { text })),
      list: LISTS.map((input) => call('list', input)),
      'search (distinct)': distinctSearches(20_000 * rounds).map((text) => call('search', { text })),
    };
    // Every request answers 200 with results before anything is timed (and warms up).
    for (const [name, paths] of Object.entries(calls)) {
      for (const path of paths.slice(0, 10)) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`${name} answered ${response.status}: ${body}`);
        const items = (JSON.parse(body) as { result: { data: { items: unknown[] } } }).result.data.items.length;
        if (items === 0 && name !== 'search (distinct)') throw new Error(`${name} found nothing for ${decodeURIComponent(path)}`);
      }
      // The distinct searches are not warmed: a warm-up would put them in the caches.
      if (name !== 'search (distinct)') await measure(paths, headers).catch(() => undefined);
    }
    const names = Object.keys(TARGETS) as Call[];
    const results: Record<Call, Measured[]> = { search: [], list: [], 'search (distinct)': [] };
    for (let round = 1; round <= rounds; round++) {
      for (const name of names) {
        // Each round goes on through the distinct texts where the last one stopped.
        const paths = name === 'search (distinct)' ? calls[name].splice(0, 20_000) : calls[name];
        const measured = await measure(paths, headers);
        results[name].push(measured);
        console.log(row(`round ${round} ${name}`, measured, TARGETS[name]));
      }
    }
    const by = (list: Measured[]) => [...list].sort((a, b) => a.p99 - b.p99);
    console.log(`\n${count.toLocaleString('en')} torrents in the tenant, ${connections} connections, ${durationSeconds} s per run, ${rounds} rounds`);
    // Other work on the machine shows in the figures: say how busy it was.
    console.log(`${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
    console.log(`${'call'.padEnd(28)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'target'.padStart(8)}  ${'p99'.padEnd(7)} ${'req/s'.padStart(6)} ${'errors'.padStart(6)}`);
    for (const name of names) {
      const sorted = by(results[name]);
      console.log(row(`${name} (best)`, sorted[0]!, TARGETS[name]));
      console.log(row(`${name} (median)`, sorted[Math.floor((sorted.length - 1) / 2)]!, TARGETS[name]));
    }
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const killer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    if (reuse) {
      // nothing to drop: the database belongs to the run that seeded it
    } else if (env.BENCH_KEEP_DB) {
      console.log(`kept the database: BENCH_REUSE_DB=${new URL(database.urls.owner).pathname.slice(1)} (drop it when done)`);
    } else {
      await database.drop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
