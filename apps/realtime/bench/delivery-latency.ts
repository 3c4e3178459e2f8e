// Benchmark (a script, not a test): 1,000 socket.io-client sockets across two gateway
// processes follow torrent rooms, and every round changes each torrent's swarm once.
// SOURCE=announce (default): a real tracker pool (apps/tracker) runs beside them and each
// round sends one HTTP announce per torrent (a peer starts, next round it stops); the
// latency is from the tracker handling the announce (the update's `at`) to arrival at
// each socket. SOURCE=publish: the rounds' updates are published directly, the way the
// tracker does (PUBLISH=batch: one publishSwarmBatch through createEmitter; PUBLISH=
// per-update: one @socket.io/redis-emitter broadcast per torrent, the old path), latency
// from publication. Prints p50/p99 and gateway memory per connected socket. Loopback
// only, own throw-away database and Redis names; stops itself.
//   pnpm --filter @swarmhost/realtime run bench
//     (SOCKETS=1000 ROUNDS=20 TORRENTS=50 CLIENT_THREADS=2 SOURCE=announce ANNOUNCE_SPREAD_MS=1000 PUBLISH=batch)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Emitter } from '@socket.io/redis-emitter';
import { signRealtimeToken } from '@swarmhost/auth/realtime-token';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { createTestDatabase } from '@swarmhost/db/testing';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant } from '@swarmhost/domain';
import { GATEWAY_REQUESTS, publishSwarmBatch, rooms, SWARM_UPDATE_EVENT, type SwarmUpdate } from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { Worker } from 'node:worker_threads';
import type { ClientWorkerData } from './client-worker';

const SOCKETS = Number(process.env.SOCKETS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const TORRENTS = Number(process.env.TORRENTS ?? 50);
const SOURCE = process.env.SOURCE ?? 'announce';
/** SOURCE=announce: a round's announces are spread over this many ms (0: all at once). */
const ANNOUNCE_SPREAD_MS = Number(process.env.ANNOUNCE_SPREAD_MS ?? 1000);
if (SOURCE !== 'announce' && SOURCE !== 'publish') throw new Error('SOURCE must be announce or publish');
const PUBLISH = process.env.PUBLISH ?? 'batch';
if (PUBLISH !== 'batch' && PUBLISH !== 'per-update') throw new Error('PUBLISH must be batch or per-update');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = randomBytes(24).toString('hex');
const runId = randomBytes(4).toString('hex');
const adapterKey = `sio-bench-${runId}`;
const now = () => performance.timeOrigin + performance.now();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Health {
  connections: number;
  rssBytes: number;
  heapUsedBytes: number;
}

/** Where every spawned process finds the bench's database and Redis. */
function serviceEnv(urls: { owner: string; app: string; system: string }) {
  return { DATABASE_URL: urls.owner, DATABASE_APP_URL: urls.app, DATABASE_SYSTEM_URL: urls.system, REDIS_URL };
}

async function startGateway(urls: { owner: string; app: string; system: string }): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--expose-gc', '--require', './bench/gc-on-signal.cjs', '--import', 'tsx', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      ...serviceEnv(urls),
      REALTIME_PORT: '0',
      REALTIME_HOST: '127.0.0.1',
      REALTIME_TOKEN_SECRET: SECRET,
      REALTIME_ADAPTER_KEY: adapterKey,
      REALTIME_KEY_PREFIX: `swarmhost:rt-bench:${runId}:`,
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"msg":"gateway listening".*?"port":(\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
      if (/"level":"(warn|error)"/.test(chunk.toString())) process.stderr.write(chunk);
    });
  });
  return { port, child };
}

/** The tracker pool (one worker) on the bench's database and Redis, publishing to the gateways. */
async function startTracker(urls: { owner: string; app: string; system: string }): Promise<{ port: number; child: ChildProcess }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('../../tracker', import.meta.url)),
    env: {
      ...process.env,
      ...serviceEnv(urls),
      TRACKER_HOST: '127.0.0.1',
      TRACKER_PORT: String(port),
      TRACKER_UDP_ENABLED: 'false',
      TRACKER_WORKERS: '1',
      TRACKER_KEY_PREFIX: `rt-bench-tracker:${runId}:`,
      REALTIME_ADAPTER_KEY: adapterKey,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`tracker exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false);
    if (ready) return { port, child };
    await pause(500);
  }
  throw new Error('tracker did not start');
}

const percentEncoded = (hex: string) => hex.replace(/../g, (byte) => `%${byte}`);

async function health(port: number): Promise<Health> {
  return (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
}

/** Memory of each gateway after a full collection (see gc-on-signal.cjs). */
async function settledHealth(gateways: { port: number; child: ChildProcess }[]): Promise<Health[]> {
  for (const gateway of gateways) gateway.child.kill('SIGUSR2');
  await pause(500);
  return Promise.all(gateways.map((gateway) => health(gateway.port)));
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const database = await createTestDatabase({ prefix: 'swarmhost_realtime_bench' });
  configureDatabase({ urls: database.urls });
  const redis = new Redis(REDIS_URL);
  const gateways: ChildProcess[] = [];
  const workers: Worker[] = [];
  try {
    const tenant = await createTenant({ db: systemClient(), slug: `bench-${runId}`, name: 'Bench' });
    const member = await createMember({ db: systemClient(), tenantSlug: tenant.slug, username: 'bencher', email: 'bench@example.org', password: '', passwordHash: 'not-a-login' });
    const torrents = await Promise.all(
      Array.from({ length: TORRENTS }, (_, index) =>
        systemClient().torrent.create({
          data: { tenantId: tenant.id, infoHash: randomBytes(20).toString('hex'), name: `bench ${index}`, size: 1n, fileCount: 1, pieceLength: 16384, torrentFile: new Uint8Array([1]), status: 'approved' },
          select: { id: true, infoHash: true },
        }),
      ),
    );
    // One member per torrent: a passkey announces once a round, under its rate limit.
    const announcers = SOURCE === 'announce'
      ? await Promise.all(torrents.map((_, index) => createMember({ db: systemClient(), tenantSlug: tenant.slug, username: `peer${index}`, email: `peer${index}@example.org`, password: '', passwordHash: 'not-a-login' })))
      : [];
    const tracker = SOURCE === 'announce' ? await startTracker(database.urls) : undefined;
    if (tracker) gateways.push(tracker.child);
    const started = await Promise.all([startGateway(database.urls), startGateway(database.urls)]);
    gateways.push(...started.map((gateway) => gateway.child));
    const ports = started.map((gateway) => gateway.port);
    // Warm each gateway up (database pools, query compiler) so the memory delta is the sockets'.
    const warmToken = signRealtimeToken({ tenantId: tenant.id, memberId: member.id, role: 'member' }, SECRET, { ttlSeconds: 60 });
    for (const port of ports) {
      const socket = io(`http://127.0.0.1:${port}`, { auth: { token: warmToken }, transports: ['websocket'], forceNew: true, reconnection: false });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      for (const torrent of torrents) await socket.emitWithAck(GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrent.id });
      socket.disconnect();
    }
    await pause(1000);
    const before = await settledHealth(started);

    const token = signRealtimeToken({ tenantId: tenant.id, memberId: member.id, role: 'member' }, SECRET, { ttlSeconds: 600 });
    const threads = Number(process.env.CLIENT_THREADS ?? 2);
    const share = Math.ceil(SOCKETS / threads);
    const connectStarted = now();
    const clientWorkers = Array.from({ length: threads }, (_, index) => {
      const clientData: ClientWorkerData = { ports, token, torrentIds: torrents.map((torrent) => torrent.id), firstIndex: index * share, count: Math.min(share, SOCKETS - index * share) };
      // Node 20 workers do not inherit tsx's loader for a .ts entry: register it first.
      const entry = JSON.stringify(new URL('./client-worker.ts', import.meta.url).href);
      const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`;
      return new Worker(boot, { eval: true, workerData: clientData });
    });
    workers.push(...clientWorkers);
    await Promise.all(
      clientWorkers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('message', (message: { type: string; error?: string }) => (message.type === 'connected' ? resolve() : reject(new Error(message.error))));
            worker.once('error', reject);
          }),
      ),
    );
    const connectSeconds = (now() - connectStarted) / 1000;
    await pause(2000);
    const after = await settledHealth(started);

    if (tracker) {
      // A peer per torrent starts in even rounds and stops in odd ones: every announce
      // changes its swarm. A torrent's announces are 1.2 s apart, so each is its first
      // change in a second and goes out at once (the tracker's leading-edge throttle).
      const peerIds = torrents.map(() => randomBytes(20).toString('hex'));
      let failures = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        const event = round % 2 === 0 ? 'started' : 'stopped';
        const roundStarted = now();
        await Promise.all(
          torrents.map(async (torrent, index) => {
            // Clients announce on their own clocks: spread a round's announces over ANNOUNCE_SPREAD_MS.
            await pause(Math.max(0, roundStarted + (index * ANNOUNCE_SPREAD_MS) / torrents.length - now()));
            const query = `info_hash=${percentEncoded(torrent.infoHash)}&peer_id=${percentEncoded(peerIds[index] ?? '')}&port=6881&uploaded=0&downloaded=0&left=1000&compact=1&event=${event}`;
            const body = Buffer.from(await (await fetch(`http://127.0.0.1:${tracker.port}/${announcers[index]?.passkey}/announce?${query}`)).arrayBuffer());
            if (body.includes('failure reason')) failures += 1;
          }),
        );
        await pause(Math.max(0, roundStarted + 1200 - now()));
      }
      if (failures > 0) process.stderr.write(`warning: ${failures} announces were refused\n`);
    } else {
      // The tracker's primary publishes at most one update per torrent per second: do the same.
      const legacyEmitter = new Emitter(redis, { key: adapterKey });
      const emitter = createEmitter(redis, { key: adapterKey });
      for (let round = 0; round < ROUNDS; round += 1) {
        const updates = torrents.map((torrent): SwarmUpdate => ({ tenantId: tenant.id, torrentId: torrent.id, infoHash: torrent.infoHash, seeders: round, leechers: 1, timesCompleted: 0, at: now() }));
        if (PUBLISH === 'batch') publishSwarmBatch(emitter, updates);
        else for (const update of updates) legacyEmitter.to(rooms.torrent(tenant.id, update.torrentId)).emit(SWARM_UPDATE_EVENT, update);
        await pause(1000);
      }
    }
    await pause(1000);

    const reports = await Promise.all(
      clientWorkers.map(
        (worker) =>
          new Promise<number[]>((resolve) => {
            worker.once('message', (message: { latencies: number[] }) => resolve(message.latencies));
            worker.postMessage('report');
          }),
      ),
    );
    const latencies = reports.flat();
    const sorted = [...latencies].sort((a, b) => a - b);
    const expected = ROUNDS * SOCKETS;
    const perSocket = (field: 'heapUsedBytes') =>
      after.reduce((total, entry, index) => total + entry[field] - (before[index]?.[field] ?? 0), 0) / SOCKETS;
    const result = {
      source: SOURCE,
      ...(SOURCE === 'publish' ? { publish: PUBLISH } : {}),
      sockets: SOCKETS,
      connected: after.reduce((total, entry) => total + entry.connections, 0),
      connectSeconds: Number(connectSeconds.toFixed(2)),
      updatesPublished: ROUNDS * TORRENTS,
      deliveries: latencies.length,
      expectedDeliveries: expected,
      latencyMs: {
        p50: Number(percentile(sorted, 0.5).toFixed(2)),
        p90: Number(percentile(sorted, 0.9).toFixed(2)),
        p99: Number(percentile(sorted, 0.99).toFixed(2)),
        max: Number((sorted.at(-1) ?? Number.NaN).toFixed(2)),
      },
      // Heap after a forced GC is the steady per-socket cost; RSS moves with the allocator and GC, so it is shown whole.
      heapPerSocketKiB: Number((perSocket('heapUsedBytes') / 1024).toFixed(1)),
      gatewayRssMiB: {
        beforeSockets: before.map((entry) => Number((entry.rssBytes / 1024 / 1024).toFixed(1))),
        withSockets: after.map((entry) => Number((entry.rssBytes / 1024 / 1024).toFixed(1))),
      },
      loadAverage: (await import('node:os')).loadavg().map((value) => Number(value.toFixed(1))),
      latencyFrom: SOURCE === 'announce' ? 'the tracker handling the announce' : 'publication',
      ...(SOURCE === 'announce' ? { announceSpreadMs: ANNOUNCE_SPREAD_MS } : {}),
      target: 'p99 < 100 ms',
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (latencies.length < expected) process.stderr.write(`warning: ${expected - latencies.length} deliveries missing\n`);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    for (const child of gateways) child.kill('SIGTERM');
    await Promise.all(gateways.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))));
    redis.disconnect();
    await disconnectAll();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
