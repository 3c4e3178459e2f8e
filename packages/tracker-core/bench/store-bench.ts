// Micro-benchmark of MemoryStore.announce (not a test): prefills swarms with peers, then
// re-announces random peers with N announces in flight and prints throughput, latency
// and the CPU spent per announce.
//
//   pnpm --filter @swarmhost/tracker-core exec tsx bench/store-bench.ts \
//     [--swarms 1000] [--peers 50] [--announces 100000] [--concurrency 64] [--numwant 50]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MemoryStore } from '../src/memory/memory-store.js';
import type { StoreAnnounceInput, SwarmStore } from '../src/store.js';

const { values } = parseArgs({
  options: {
    swarms: { type: 'string', default: '1000' },
    peers: { type: 'string', default: '50' },
    announces: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '64' },
    numwant: { type: 'string', default: '50' },
  },
});
const swarms = Number(values.swarms);
const peersPerSwarm = Number(values.peers);
const announces = Number(values.announces);
const concurrency = Number(values.concurrency);
const numwant = Number(values.numwant);

const infoHashes = Array.from({ length: swarms }, () => randomBytes(20).toString('hex'));
const peerIds = Array.from({ length: peersPerSwarm }, () => randomBytes(20).toString('hex'));
const uploadedSoFar = new Float64Array(swarms * peersPerSwarm);

function input(swarm: number, peer: number, event: StoreAnnounceInput['event']): StoreAnnounceInput {
  const slot = swarm * peersPerSwarm + peer;
  uploadedSoFar[slot] = (uploadedSoFar[slot] ?? 0) + 16_384;
  return {
    tenantId: 'bench',
    infoHash: infoHashes[swarm] ?? '',
    memberId: `member-${peer}`,
    peerId: peerIds[peer] ?? '',
    compactAddress: Buffer.from([10, swarm & 0xff, peer >> 8, peer & 0xff, 0x1a, 0xe1]),
    maxBytesPerSecond: 1024 ** 3,
    uploaded: uploadedSoFar[slot] ?? 0,
    downloaded: 0,
    left: peer % 4 === 0 ? 0 : 1_000_000,
    event,
    numwant,
    nowMs: Date.now(),
    intervalSeconds: 1800,
    minIntervalSeconds: 0,
    peerTtlSeconds: 3600,
    maxPeersPerMember: 3,
    creditFactors: { downloadFactor: 1, uploadFactor: 1 },
  };
}

async function runPool(total: number, task: (index: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const started = process.hrtime.bigint();
      await task(index);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

async function measure(label: string, store: SwarmStore): Promise<void> {
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  const latencies = await runPool(announces, async () => {
    const swarm = Math.floor(Math.random() * swarms);
    const peer = Math.floor(Math.random() * peersPerSwarm);
    const result = await store.announce(input(swarm, peer, 'none'));
    if (result.refused !== undefined) throw new Error(`unexpected refusal ${result.refused}`);
  });
  const seconds = (performance.now() - started) / 1000;
  const nodeCpu = process.cpuUsage(nodeBefore);
  const nodeSeconds = (nodeCpu.user + nodeCpu.system) / 1e6;
  latencies.sort((a, b) => a - b);
  const perCore = announces / nodeSeconds;
  const micros = (cpuSeconds: number): string => ((cpuSeconds / announces) * 1e6).toFixed(1);
  console.log(
    `${label.padEnd(32)} ${Math.round(announces / seconds).toString().padStart(6)}/s wall | ` +
      `${Math.round(perCore).toString().padStart(6)}/core-second | CPU per announce: node ${micros(nodeSeconds)} µs` +
      ` | p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
  );
}

async function prefill(store: SwarmStore): Promise<void> {
  await runPool(swarms * peersPerSwarm, async (index) => {
    await store.announce(input(Math.floor(index / peersPerSwarm), index % peersPerSwarm, 'started'));
  });
}

console.log(
  `${swarms} swarms × ${peersPerSwarm} peers (${swarms * peersPerSwarm} prefilled), ${announces} announces, ` +
    `concurrency ${concurrency}, numwant ${numwant}, one re-announce of a random peer each`,
);
const memory = new MemoryStore();
await prefill(memory);
await measure('MemoryStore', memory);
