// Announce load on the tracker: the passkeys and info hashes of `pnpm cli bench:seed
// … --out seed.json`, at a fixed arrival rate (open loop, so latency is service time,
// not queueing in the generator). Target (issue 10): p99 < 10 ms at 5,000 announces/s
// with zero failure answers.
//   k6 run -e SEED=seed.json [-e RATE=5000 -e DURATION=60s] announce.ts
import type { Options } from 'k6/options';
import { announce } from './lib/announce.ts';
import { numberOf, optional, parseSeed, pick } from './lib/config.ts';

const seedPath = optional('SEED', 'seed.json');
const seed = parseSeed(open(seedPath), seedPath);
const rate = numberOf('RATE', 5000);

export const options: Options = {
  discardResponseBodies: false,
  scenarios: {
    announce: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      duration: optional('DURATION', '60s'),
      preAllocatedVUs: Math.ceil(rate / 50),
      maxVUs: Math.ceil(rate / 5),
    },
  },
  thresholds: {
    'http_req_duration{name:announce}': ['p(99)<10'],
    'http_req_failed{name:announce}': ['rate==0'],
    checks: ['rate==1'],
    dropped_iterations: ['count==0'],
  },
};

export default function (): void {
  announce({ trackerUrl: seed.trackerUrl, passkey: pick(seed.passkeys), infoHash: pick(seed.infoHashes) });
}
