// Memory of MemoryStore per 100,000 peers (a script, not a test): fills BENCH_PEERS
// peers (default 100,000) into BENCH_PEERS_PER_SWARM (10) peers per swarm from 1,000
// members, draining the ledger every BENCH_DRAIN_EVERY (10,000) announces as the
// flusher would, then prints the RSS and V8 heap (with external memory) over the empty
// store, before and after the last drain. BENCH_PERSIST=1 turns on persistPeers.
//
//   node --expose-gc --import tsx bench/memory-footprint.ts
//   BENCH_PEERS=1000000 node --expose-gc --import tsx bench/memory-footprint.ts
import { randomBytes } from 'node:crypto';
import { MemoryStore } from '../src/memory/memory-store.js';
import type { StoreAnnounceInput } from '../src/store.js';

const peers = Number(process.env.BENCH_PEERS ?? 100_000);
const peersPerSwarm = Number(process.env.BENCH_PEERS_PER_SWARM ?? 10);
const members = 1000;
if (!Number.isInteger(peers) || peers <= 0) throw new Error(`BENCH_PEERS must be a positive integer (got ${process.env.BENCH_PEERS})`);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc so the figures exclude garbage');

const MIB = 1024 * 1024;
function settle(): { rss: number; heap: number } {
  for (let round = 0; round < 3; round += 1) gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed + usage.external + usage.arrayBuffers };
}

// Member ids, info hashes and peer ids as the caches and the query parser hand them
// over: member ids shared per member, the rest fresh strings per announce.
const memberIds = Array.from({ length: members }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`);
const store = new MemoryStore({ persistPeers: process.env.BENCH_PERSIST === '1' });
const drainEvery = Number(process.env.BENCH_DRAIN_EVERY ?? 10_000);
let drainSequence = 0;
// A request buffer the address is cut from, as the HTTP layer does: the store must not keep it alive.
const requestBuffer = Buffer.alloc(4096);

async function fill(): Promise<void> {
  const nowMs = Date.now();
  let swarmHash = randomBytes(20).toString('hex');
  for (let peer = 0; peer < peers; peer += 1) {
    if (peer % peersPerSwarm === 0) swarmHash = randomBytes(20).toString('hex');
    requestBuffer.writeUInt32BE(0x0a000000 + peer, 100);
    requestBuffer.writeUInt16BE(6881, 104);
    const input: StoreAnnounceInput = {
      tenantId: 'bench-tenant-0000-0000-000000000000',
      infoHash: swarmHash,
      memberId: memberIds[peer % members] ?? '',
      peerId: randomBytes(20).toString('hex'),
      compactAddress: requestBuffer.subarray(100, 106),
      uploaded: 0,
      downloaded: 0,
      left: peer % 4 === 0 ? 0 : 1_000_000,
      event: 'started',
      numwant: 0,
      nowMs,
      intervalSeconds: 1800,
      minIntervalSeconds: 0,
      peerTtlSeconds: 3600,
      maxPeersPerMember: 3,
      creditFactors: { downloadFactor: 1, uploadFactor: 1 },
      maxBytesPerSecond: 1024 ** 3,
    };
    await store.announce(input);
    // The flusher drains every FLUSH_INTERVAL: the ledger never holds every peer at once.
    if ((peer + 1) % drainEvery === 0) await drainAll();
  }
}

async function drainAll(): Promise<number> {
  let drained = 0;
  for (;;) {
    const drain = await store.beginDrain({ batchId: `bench-${drainSequence++}`, limit: 10_000, nowMs: Date.now() });
    await store.completeDrain(drain.batchId);
    drained += drain.entries.length;
    if (drain.swarms.length === 0) return drained;
  }
}

const empty = settle();
const started = process.hrtime.bigint();
await fill();
const fillMs = Number(process.hrtime.bigint() - started) / 1e6;
const withLedger = settle();
const drained = await drainAll();
const steady = settle();
const per100k = (bytes: number) => ((bytes / MIB) * 100_000) / peers;
console.log(`MemoryStore, ${peers} peers in ${peers / peersPerSwarm} swarms (${members} members), filled in ${fillMs.toFixed(0)} ms`);
console.log(`  with the last ${drained} ledger entries undrained: RSS +${((withLedger.rss - empty.rss) / MIB).toFixed(1)} MiB, heap +${((withLedger.heap - empty.heap) / MIB).toFixed(1)} MiB`);
console.log(`  after the drain: RSS +${((steady.rss - empty.rss) / MIB).toFixed(1)} MiB, heap +${((steady.heap - empty.heap) / MIB).toFixed(1)} MiB`);
console.log(`  per 100,000 peers after the drain: RSS ${per100k(steady.rss - empty.rss).toFixed(1)} MiB, heap ${per100k(steady.heap - empty.heap).toFixed(1)} MiB (${((steady.heap - empty.heap) / peers).toFixed(0)} bytes per peer)`);
console.log(`  process RSS ${(steady.rss / MIB).toFixed(0)} MiB`);
