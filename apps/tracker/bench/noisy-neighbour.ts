// Noisy neighbour (issue 14): one community floods the tracker with 10× its plan's
// announce budget while another announces at a steady rate; the quiet one's p99 is
// measured before and during the flood (target: at most 20 % worse). Open loop: each
// request leaves on its schedule whatever the answers do. Prints the load average,
// because this machine is shared.
//   pnpm --filter @swarmhost/tracker exec tsx bench/noisy-neighbour.ts
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@swarmhost/db/testing';
import pg from 'pg';
import { startPool } from '../test/support/pool';

const BUDGET = Number(process.env.NOISY_BUDGET ?? 200);
const FLOOD_RATE = BUDGET * 10;
const QUIET_RATE = Number(process.env.QUIET_RATE ?? 100);
const SECONDS = Number(process.env.SECONDS ?? 10);
const MEMBERS = 100;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const percent = (value: string) => value.replace(/../g, (byte) => `%${byte}`);

async function community(db: pg.Pool, announcesPerSecond: number) {
  const { rows: plan } = await db.query<{ id: string }>(
    `INSERT INTO plans (name, max_members, max_torrents, announces_per_second, max_torrent_file_bytes) VALUES ($1, 1000, 1000, $2, 1048576) RETURNING id`,
    [`bench ${hex(3)}`, announcesPerSecond],
  );
  const slug = `noisy-${hex(3)}`;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, settings, plan_id) VALUES ($1, $1, $2, $3) RETURNING id`,
    [slug, JSON.stringify({ maxPeersPerMemberTorrent: 100, announceRateLimitPerSecond: 10_000 }), plan[0]!.id],
  );
  const tenantId = rows[0]!.id;
  const passkeys = Array.from({ length: MEMBERS }, () => hex(16));
  await db.query(
    `INSERT INTO members (tenant_id, username, email, password_hash, passkey, rss_key)
     SELECT $1, 'u' || n, 'u' || n || '@bench.test', 'x', passkey, md5(passkey) FROM unnest($2::text[]) WITH ORDINALITY AS p(passkey, n)`,
    [tenantId, passkeys],
  );
  const infoHash = hex(20);
  await db.query(
    `INSERT INTO torrents (tenant_id, info_hash, name, size, file_count, piece_length, torrent_file, status) VALUES ($1, $2, 'bench', 1048576, 1, 262144, '\\x00'::bytea, 'approved')`,
    [tenantId, infoHash],
  );
  return { passkeys, infoHash };
}

type Community = { passkeys: string[]; infoHash: string };

/** Every request is a new peer's first announce: no min interval to meet. */
function announces(community: Community): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `/${community.passkeys[next % MEMBERS]}/announce?info_hash=${percent(community.infoHash)}&peer_id=${percent(hex(20))}&port=${1024 + (next % 60000)}&uploaded=0&downloaded=0&left=1000&compact=1&numwant=30&event=started`;
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(port: number, path: string): Promise<{ ms: number; refused: boolean }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ ms: performance.now() - started, refused: Buffer.concat(chunks).includes('failure reason') }));
      })
      .on('error', reject);
  });
}

/** Sends `rate` requests a second for `seconds`, on schedule (ticks of 5 ms). */
async function openLoop(port: number, next: () => string, rate: number, seconds: number) {
  const latencies: number[] = [];
  let refused = 0;
  let sent = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; sent < due; sent += 1) {
      pending.push(request(port, next()).then((answer) => { latencies.push(answer.ms); if (answer.refused) refused += 1; }));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? Number.NaN;
  return { sent, achieved: sent / ((performance.now() - start) / 1000), p50: at(0.5), p99: at(0.99), refused };
}

/** The flood runs in a process of its own, so it cannot slow the quiet client's event loop. */
function floodInChild(port: number, community: Community): Promise<{ sent: number; achieved: number; p99: number; refused: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['flood'], { execArgv: ['--import', 'tsx'], env: { ...process.env, NOISY_FLOOD: JSON.stringify({ port, community }) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message) => resolve(message as { sent: number; achieved: number; p99: number; refused: number }));
    child.once('error', reject);
  });
}

async function main() {
  const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
  console.log(`load average at start: ${load()}; budget ${BUDGET}/s, flood ${FLOOD_RATE}/s, quiet ${QUIET_RATE}/s, ${SECONDS} s per phase`);
  const database = await createTestDatabase({ prefix: 'swarmhost_noisy' });
  const db = new pg.Pool({ connectionString: database.urls.system, max: 4 });
  const noisy = await community(db, BUDGET);
  const quiet = announces(await community(db, 1_000_000));
  const pool = await startPool({ DATABASE_URL: database.urls.owner, DATABASE_SYSTEM_URL: database.urls.system });
  try {
    await openLoop(pool.port, quiet, QUIET_RATE, 2); // warm the caches
    const before = await openLoop(pool.port, quiet, QUIET_RATE, SECONDS);
    console.log(`quiet alone:  sent ${before.sent} at ${before.achieved.toFixed(0)}/s, p50 ${before.p50.toFixed(2)} ms, p99 ${before.p99.toFixed(2)} ms, refused ${before.refused}; load ${load()}`);
    const [during, flood] = await Promise.all([openLoop(pool.port, quiet, QUIET_RATE, SECONDS), floodInChild(pool.port, noisy)]);
    console.log(`flood:        sent ${flood.sent} at ${flood.achieved.toFixed(0)}/s, refused ${flood.refused} (over budget), p99 ${flood.p99.toFixed(2)} ms`);
    console.log(`quiet during: sent ${during.sent} at ${during.achieved.toFixed(0)}/s, p50 ${during.p50.toFixed(2)} ms, p99 ${during.p99.toFixed(2)} ms, refused ${during.refused}; load ${load()}`);
    const worse = ((during.p99 - before.p99) / before.p99) * 100;
    console.log(`quiet p99 ${worse >= 0 ? `${worse.toFixed(0)} % worse` : `${(-worse).toFixed(0)} % better`} during the flood (target: at most 20 % worse)`);
  } finally {
    await pool.stop();
    agent.destroy();
    await db.end();
    await database.drop();
  }
}

if (process.argv[2] === 'flood') {
  const { port, community: noisy } = JSON.parse(process.env.NOISY_FLOOD ?? '{}') as { port: number; community: Community };
  const result = await openLoop(port, announces(noisy), FLOOD_RATE, SECONDS);
  agent.destroy();
  process.send?.(result, () => process.exit(0));
} else {
  await main();
}
