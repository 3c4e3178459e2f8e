// Micro-benchmark for the tracker hot paths (HTTP announce parsing, response encoding,
// UDP connection ids); prints operations per second. Not a test.
// Run: pnpm --filter @swarmhost/tracker exec tsx ../../packages/bittorrent/bench/parse-announce.ts

import {
  encodeAnnounceResponse,
  parseAnnounceQuery,
  passkeyFromPath,
} from '../src/announce/index.js';
import { createConnectionIdIssuer } from '../src/udp/index.js';

/** Percent-encodes bytes the way libtorrent does: unreserved characters stay literal. */
function urlEncodeBytes(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    text += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return text;
}

const infoHash = urlEncodeBytes(Buffer.from('1bb55071c03bf08f091f5fa3802b35db5d9021bc', 'hex'));
const peerId = urlEncodeBytes(Buffer.from('-qB4650-k9Wf)bE~Z*S1', 'latin1'));
// A request line arrives as one flat string and the query is sliced out of it, as a
// server does; a concatenated (cons) string would measure V8's flattening instead.
const requestTarget = Buffer.from(
  `/0123456789abcdef0123456789abcdef/announce?info_hash=${infoHash}&peer_id=${peerId}&port=51413` +
    '&uploaded=1048576&downloaded=0&left=104857600&corrupt=0&key=5E1A2B3C&event=started&numwant=200' +
    '&compact=1&no_peer_id=1&supportcrypto=1&redundant=0',
  'latin1',
).toString('latin1');
const query = requestTarget.slice(requestTarget.indexOf('?') + 1);

function measure(label: string, iterations: number, run: () => unknown): void {
  for (let index = 0; index < 50_000; index += 1) run(); // warm up the JIT
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index += 1) run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSecond = Math.round(iterations / seconds).toLocaleString('en-US');
  console.log(
    `${label.padEnd(28)} ${perSecond.padStart(12)} ops/s  (${((seconds / iterations) * 1e9).toFixed(0)} ns/op)`,
  );
}

const peers = Buffer.alloc(6 * 50, 7);
console.log(`query: ${query}`);
measure('parseAnnounceQuery', 2_000_000, () => parseAnnounceQuery(query));
measure('URLSearchParams (reference)', 500_000, () => new URLSearchParams(query).get('info_hash'));
measure('passkeyFromPath', 2_000_000, () =>
  passkeyFromPath('/0123456789abcdef0123456789abcdef/announce'),
);
measure('encodeAnnounceResponse 50', 1_000_000, () =>
  encodeAnnounceResponse({
    interval: 1800,
    minInterval: 300,
    complete: 12,
    incomplete: 40,
    downloaded: 99,
    peers,
  }),
);

const issuer = createConnectionIdIssuer(Buffer.alloc(32, 7), () => Date.now());
const connectionId = issuer.issue('2001:db8::1234', 51413);
measure('UDP connection id verify', 500_000, () =>
  issuer.verify(connectionId, '2001:db8::1234', 51413),
);
