import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitTorrentError } from '../errors.js';
import {
  decodeCompactPeers,
  encodeCompactPeer,
  normalisePeerAddress,
  parseAnnounceQuery,
  parseScrapeQuery,
  passkeyFromPath,
} from './index.js';

const validQuery =
  'info_hash=%1b%b5Pq%c0%3b%f0%8f%09%1f_%a3%80%2b5%db%5d%90%21%bc&peer_id=-qB4650-k9Wf%29bE~Z%2aS1' +
  '&port=51413&uploaded=1048576&downloaded=0&left=104857600&corrupt=0&key=5E1A2B3C&event=started' +
  '&numwant=200&compact=1&no_peer_id=1&supportcrypto=1&redundant=0';

/** Characters that matter to the parser, plus a few that should not appear at all. */
const queryChar = fc.constantFrom(
  ...'&=%+0123456789abcdefABCDEF_-.~xyz',
  'info_hash',
  'peer_id',
  'port',
  'left',
  'event',
  '\u00ff',
  '\u0100',
  '\ud83d',
);

function onlyBadRequest(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof BitTorrentError)) throw error;
    expect(error.code).toBe('bad_request');
  }
}

describe('query parser fuzzing', () => {
  it('random query-like strings throw only bad_request errors', () => {
    fc.assert(
      fc.property(
        fc.array(queryChar, { maxLength: 80 }).map((chars) => chars.join('')),
        (rawQuery) => {
          onlyBadRequest(() => parseAnnounceQuery(rawQuery));
          onlyBadRequest(() => parseScrapeQuery(rawQuery));
          onlyBadRequest(() => passkeyFromPath(rawQuery));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('mutated real announces throw only bad_request errors, and valid results stay well-formed', () => {
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let rawQuery = validQuery;
        for (const [position, deleteCount, insert] of edits) {
          const at = position % (rawQuery.length + 1);
          rawQuery = rawQuery.slice(0, at) + insert + rawQuery.slice(at + deleteCount);
        }
        try {
          const params = parseAnnounceQuery(rawQuery);
          expect(params.infoHash).toMatch(/^[0-9a-f]{40}$/);
          expect(params.peerId).toMatch(/^[0-9a-f]{40}$/);
          expect(params.port).toBeGreaterThanOrEqual(1);
          expect(params.port).toBeLessThanOrEqual(65535);
          for (const count of [params.uploaded, params.downloaded, params.left])
            expect(Number.isSafeInteger(count) && count >= 0).toBe(true);
        } catch (error) {
          if (!(error instanceof BitTorrentError)) throw error;
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('parses huge garbage in bounded time', () => {
    const started = performance.now();
    onlyBadRequest(() => parseAnnounceQuery('&'.repeat(200_000)));
    onlyBadRequest(() => parseAnnounceQuery(`${'name&'.repeat(100_000)}port=1`));
    onlyBadRequest(() => parseScrapeQuery(`${'name&'.repeat(100_000)}info_hash=1`));
    onlyBadRequest(() => parseAnnounceQuery(`info_hash=${'%'.repeat(200_000)}`));
    onlyBadRequest(() => parseScrapeQuery('info_hash=12345678901234567890&'.repeat(5_000)));
    expect(performance.now() - started).toBeLessThan(1000); // generous: catches super-linear blow-ups, not scheduler noise
  });

  it('compact peer encoding round-trips any IPv4 and IPv6 address', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.ipV4(), fc.ipV6()),
        fc.integer({ min: 1, max: 65535 }),
        (ip, port) => {
          const normalised = normalisePeerAddress(ip);
          expect(normalised).toBeDefined();
          const entry = encodeCompactPeer(ip, port);
          expect(entry.length).toBe(normalised?.family === 4 ? 6 : 18);
          expect(decodeCompactPeers(entry, normalised?.family ?? 4)).toEqual([
            { ip: normalised?.ip, port },
          ]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
