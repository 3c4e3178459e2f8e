// B's member for the noisy-neighbour bench (noisy-neighbour.ts), in a Node process of its
// own: `rate` list calls a second for `seconds`, each sent on its schedule whatever the
// answers do (open loop), and the latency of each as this client sees it. A process of
// its own so that the bench's own heap (seeding, Prisma, every phase's results) is never
// collected in the middle of B's calls: a major collection there (80-140 ms, seen with
// --trace-gc) was counted as the site's latency. This one keeps a few thousand numbers.
// Argument: one JSON object { host, port, cookie, rate, seconds, paths }; the calls cycle
// through `paths`. Prints one JSON line: { sent, seconds, failed, calls: [[sentAtMs, ms, pathIndex], …] }.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout } from 'node:timers';

const { host, port, cookie, rate, seconds, paths } = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function get(path) {
  const started = performance.now();
  return new Promise((resolve) => {
    http
      .get({ host, port, path, agent, headers: { cookie } }, (response) => {
        response.resume();
        response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0 }));
      })
      .on('error', () => resolve({ ms: performance.now() - started, status: 0 }));
  });
}

const calls = [];
const pending = [];
let failed = 0;
let sent = 0;
const start = performance.now();
while (performance.now() - start < seconds * 1000) {
  const due = Math.floor(((performance.now() - start) / 1000) * rate);
  for (; sent < due; sent += 1) {
    const at = performance.now() - start;
    const index = sent % paths.length;
    pending.push(
      get(paths[index]).then((answer) => {
        calls.push([at, answer.ms, index]);
        if (answer.status !== 200) failed += 1;
      }),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 2));
}
await Promise.all(pending);
agent.destroy();
process.stdout.write(`${JSON.stringify({ sent, seconds: (performance.now() - start) / 1000, failed, calls })}\n`);
