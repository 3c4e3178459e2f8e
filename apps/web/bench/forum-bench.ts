// Benchmark (not a test): a forum with BENCH_POSTS posts (default 100,000) in a
// throw-away database — one long topic holding half of them, the other half in topics
// of 10 — seeded with set-based SQL, the built site (`site-server.mjs`, as production runs it), and autocannon
// against the forum's tRPC pages with the site bench's settings (web-bench.ts: 10
// connections, 10 s, 3 rounds). Prints p50/p99 of the topic page (first, middle, last)
// and the forum page (first, middle, last) next to the target (p99 < 100 ms) and the
// machine's load. Run `pnpm --filter @swarmhost/web build` first.
//
//   BENCH_POSTS=100000 BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10 pnpm forum-bench
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { configureDatabase, createPrismaClient, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase } from '@swarmhost/db/testing';
import { createMemberSession, createTenant, POSTS_PER_PAGE, seedBenchData, TOPICS_PER_PAGE } from '@swarmhost/domain';
import autocannon from 'autocannon';
import { SITE_ENTRY, SITE_NODE_FLAGS, WEB_ROOT } from './site-process';

const env = process.env;
const posts = Math.max(1000, Number(env.BENCH_POSTS ?? 100_000));
const durationSeconds = Number(env.BENCH_SECONDS ?? 10);
const rounds = Math.max(1, Number(env.BENCH_ROUNDS ?? 3));
const connections = Math.max(1, Number(env.BENCH_CONNECTIONS ?? 10));
const port = Number(env.BENCH_PORT ?? 3201);
const TARGET_MS = 100;
const POSTS_PER_SMALL_TOPIC = 10;

async function seedForum(db: ReturnType<typeof systemClient>, tenantId: string) {
  const groups = await db.group.findMany({ where: { tenantId }, select: { id: true } });
  const category = await db.forumCategory.create({ data: { tenantId, name: 'General' }, select: { id: true } });
  const forum = await db.forum.create({ data: { tenantId, categoryId: category.id, name: 'Chatter' }, select: { id: true } });
  await db.forumPermission.createMany({ data: groups.map((group) => ({ tenantId, forumId: forum.id, groupId: group.id })) });
  const longPosts = Math.floor(posts / 2);
  const smallTopics = Math.ceil((posts - longPosts) / POSTS_PER_SMALL_TOPIC);
  // Topics: the long one first, then the small ones, with last-post times spread over days.
  await db.$executeRaw`
    INSERT INTO forum_topics (tenant_id, forum_id, author_id, title, post_count, last_post_at, created_at)
    SELECT ${tenantId}::uuid, ${forum.id}::uuid, ids[1 + g % cardinality(ids)],
           CASE WHEN g = 0 THEN 'The long topic' ELSE 'Bench topic ' || g END,
           CASE WHEN g = 0 THEN ${longPosts}::int ELSE ${POSTS_PER_SMALL_TOPIC}::int END,
           now() - make_interval(mins => g), now() - make_interval(days => 30) - make_interval(mins => g)
    FROM (SELECT array_agg(id) AS ids FROM members WHERE tenant_id = ${tenantId}::uuid) m, generate_series(0, ${smallTopics}::int) g`;
  await db.$executeRaw`
    INSERT INTO forum_posts (tenant_id, topic_id, author_id, position, body, created_at)
    SELECT t.tenant_id, t.id, ids[1 + (p * 7) % cardinality(ids)], p,
           'Post ' || p || ' of ' || t.title || E'.\n\nSome **words** about seeding, ratio and the ' || (ARRAY['sintel','harbor','ubuntu','flux','crimson'])[1 + p % 5] || ' release.',
           t.created_at + make_interval(secs => p)
    FROM (SELECT array_agg(id) AS ids FROM members WHERE tenant_id = ${tenantId}::uuid) m,
         forum_topics t, generate_series(1, t.post_count) p
    WHERE t.forum_id = ${forum.id}::uuid`;
  await db.$executeRaw`
    UPDATE forum_topics t SET last_post_id = p.id, last_poster_id = p.author_id
    FROM forum_posts p WHERE p.topic_id = t.id AND p.position = t.post_count AND t.forum_id = ${forum.id}::uuid`;
  await db.$executeRaw`
    UPDATE forums f SET topic_count = s.topics, post_count = s.posts,
      last_post_id = (SELECT last_post_id FROM forum_topics WHERE forum_id = f.id ORDER BY last_post_at DESC LIMIT 1), last_post_at = s.last_at
    FROM (SELECT count(*)::int AS topics, sum(post_count)::int AS posts, max(last_post_at) AS last_at FROM forum_topics WHERE forum_id = ${forum.id}::uuid) s
    WHERE f.id = ${forum.id}::uuid`;
  const longTopic = await db.forumTopic.findFirstOrThrow({ where: { forumId: forum.id, title: 'The long topic' }, select: { id: true, postCount: true } });
  const counted = await db.forum.findUniqueOrThrow({ where: { id: forum.id }, select: { topicCount: true, postCount: true } });
  return { forumId: forum.id, longTopic, ...counted };
}

interface Measured {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function measure(path: string, headers: Record<string, string>): Promise<Measured> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: durationSeconds, requests: [{ method: 'GET', path, headers }] });
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx + result.timeouts };
}

function row(label: string, measured: Measured): string {
  const verdict = measured.p99 < TARGET_MS ? 'ok' : 'MISSED';
  return `${label.padEnd(34)} ${String(measured.p50).padStart(7)} ${String(measured.p99).padStart(7)} ${`< ${TARGET_MS}`.padStart(8)}  ${verdict.padEnd(7)} ${measured.rps.toFixed(0).padStart(6)} ${String(measured.errors).padStart(6)}`;
}

async function main() {
  const database = await createTestDatabase({ prefix: 'swarmhost_bench_forum' });
  configureDatabase({ urls: database.urls, poolMax: 4 });
  const db = systemClient();
  const started = Date.now();
  const tenant = await createTenant({ db, slug: 'bench', name: 'Bench' });
  await db.tenantHost.create({ data: { tenantId: tenant.id, host: '127.0.0.1' } });
  const other = await createTenant({ db, slug: 'other', name: 'Other' });
  await seedBenchData({ db, tenantSlug: 'bench', members: 100, torrents: 1, trackerBaseUrl: 'http://127.0.0.1:6969' });
  await seedBenchData({ db, tenantSlug: 'other', members: 10, torrents: 1, trackerBaseUrl: 'http://127.0.0.1:6969' });
  console.log(`seeding ${posts.toLocaleString('en')} forum posts …`);
  const forum = await seedForum(db, tenant.id);
  await seedForum(db, other.id); // another tenant's forum of the same size: every query has to skip it
  // A plain member of the default group: the rights check runs on every page.
  const member = await db.member.findFirstOrThrow({ where: { tenantId: tenant.id, role: 'member' }, orderBy: { id: 'asc' }, select: { id: true } });
  const session = await createMemberSession({ tenantId: tenant.id, memberId: member.id });
  await disconnectAll();
  const owner = createPrismaClient(database.urls.owner, { poolMax: 1 });
  await owner.$executeRawUnsafe('VACUUM ANALYZE');
  await owner.$disconnect();
  console.log(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s: ${forum.postCount.toLocaleString('en')} posts in ${forum.topicCount.toLocaleString('en')} topics, the long topic ${forum.longTopic.postCount.toLocaleString('en')} posts (database ${database.name})`);

  // The built production entry, as `pnpm start`, scripts/start.sh and the image run it.
  const server = spawn(process.execPath, [...SITE_NODE_FLAGS, SITE_ENTRY], {
    cwd: WEB_ROOT,
    env: {
      ...env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NODE_ENV: 'production',
      DATABASE_URL: database.urls.owner,
      DATABASE_APP_URL: database.urls.app,
      DATABASE_SYSTEM_URL: database.urls.system,
      BASE_DOMAIN: `localhost:${port}`,
      MAIL_TRANSPORT: 'outbox',
      ALLOW_DEV_OUTBOX: '1',
      ALLOW_INSECURE_HTTP: '1',
      // Production refuses the development secret for real-time tokens.
      REALTIME_TOKEN_SECRET: randomBytes(32).toString('hex'),
      DATABASE_POOL_MAX: env.DATABASE_POOL_MAX ?? '10',
    },
    stdio: env.BENCH_SERVER_LOG ? 'inherit' : 'ignore',
  });
  try {
    for (let tries = 0; tries < 120; tries++) {
      if (server.exitCode !== null) throw new Error(`the site exited with ${server.exitCode} (built? port ${port} taken? set BENCH_PORT; BENCH_SERVER_LOG=1 shows why)`);
      if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const headers = { cookie: `sh_session=${session.token}` };
    const call = (procedure: string, input: object) => `/api/trpc/forums.${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
    const topicPages = Math.ceil(forum.longTopic.postCount / POSTS_PER_PAGE);
    const forumPages = Math.ceil(forum.topicCount / TOPICS_PER_PAGE);
    const calls: [string, string, number][] = [
      ['topic page 1', call('topic', { id: forum.longTopic.id, page: 1 }), POSTS_PER_PAGE],
      [`topic page ${Math.ceil(topicPages / 2)} (middle)`, call('topic', { id: forum.longTopic.id, page: Math.ceil(topicPages / 2) }), POSTS_PER_PAGE],
      [`topic page ${topicPages} (last)`, call('topic', { id: forum.longTopic.id, page: topicPages }), forum.longTopic.postCount - (topicPages - 1) * POSTS_PER_PAGE],
      ['forum page 1', call('forum', { id: forum.forumId, page: 1 }), TOPICS_PER_PAGE],
      [`forum page ${Math.ceil(forumPages / 2)} (middle)`, call('forum', { id: forum.forumId, page: Math.ceil(forumPages / 2) }), TOPICS_PER_PAGE],
      [`forum page ${forumPages} (last)`, call('forum', { id: forum.forumId, page: forumPages }), forum.topicCount - (forumPages - 1) * TOPICS_PER_PAGE],
    ];
    // Every page answers 200 with the rows it should hold before anything is timed.
    for (const [label, path, expected] of calls) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${label} answered ${response.status}: ${body.slice(0, 300)}`);
      const data = (JSON.parse(body) as { result: { data: { posts?: unknown[]; topics?: unknown[] } } }).result.data;
      const rows = (data.posts ?? data.topics ?? []).length;
      if (rows !== expected) throw new Error(`${label} held ${rows} rows, expected ${expected}`);
      await measure(path, headers).catch(() => undefined);
    }
    const results = new Map<string, Measured[]>();
    for (let round = 1; round <= rounds; round++) {
      for (const [label, path] of calls) {
        const measured = await measure(path, headers);
        results.set(label, [...(results.get(label) ?? []), measured]);
        console.log(row(`round ${round} ${label}`, measured));
      }
    }
    console.log(`\n${forum.postCount.toLocaleString('en')} posts in one forum (${forum.topicCount.toLocaleString('en')} topics; the long topic ${forum.longTopic.postCount.toLocaleString('en')} posts), ${connections} connections, ${durationSeconds} s per run, ${rounds} rounds`);
    console.log(`${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
    console.log(`${'page'.padEnd(34)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'target'.padStart(8)}  ${'p99'.padEnd(7)} ${'req/s'.padStart(6)} ${'errors'.padStart(6)}`);
    for (const [label] of calls) {
      const sorted = [...results.get(label)!].sort((a, b) => a.p99 - b.p99);
      console.log(row(`${label} (best)`, sorted[0]!));
      console.log(row(`${label} (median)`, sorted[Math.floor((sorted.length - 1) / 2)]!));
    }
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const killer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
