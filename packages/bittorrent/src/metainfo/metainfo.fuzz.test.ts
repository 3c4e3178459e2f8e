import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encode } from '../bencode/index.js';
import type { BencodeInput } from '../bencode/index.js';
import { BitTorrentError } from '../errors.js';
import { parseMetainfo, personalise, rewriteForTenant } from './index.js';

const fixturesDir = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const goldenTorrents = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.torrent'))
  .map((name) => readFileSync(join(fixturesDir, name)));

/** Runs every metainfo entry point; only BitTorrentError may escape, and quickly. */
function exerciseAll(input: Buffer): void {
  const started = performance.now();
  for (const run of [
    () => parseMetainfo(input),
    () => parseMetainfo(input, { strict: false }),
    () => rewriteForTenant(input, { announceUrl: 'http://t.test/announce', source: 'fuzz' }),
    () => personalise(input, 'http://t.test/announce'),
  ]) {
    try {
      run();
    } catch (error) {
      if (!(error instanceof BitTorrentError)) throw error;
    }
  }
  expect(performance.now() - started).toBeLessThan(1000); // generous: catches super-linear blow-ups, not scheduler noise
}

const byteEdit = fc.record({
  position: fc.nat(),
  kind: fc.constantFrom('flip', 'delete', 'insert'),
  byte: fc.integer({ min: 0, max: 255 }),
});

function applyEdits(
  original: Buffer,
  edits: readonly { position: number; kind: string; byte: number }[],
): Buffer {
  let bytes = Buffer.from(original);
  for (const { position, kind, byte } of edits) {
    const at = position % (bytes.length + 1);
    if (kind === 'flip' && at < bytes.length) bytes[at] = byte;
    else if (kind === 'delete')
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
    else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
  }
  return bytes;
}

/** Structurally plausible torrents: right keys, random value types. */
const looseValue: fc.Arbitrary<BencodeInput> = fc.oneof(
  fc.integer({ min: -5, max: 70000 }),
  fc.string({ maxLength: 6 }),
  fc.uint8Array({ maxLength: 45 }).map((raw) => Buffer.from(raw)),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 }),
  fc.array(
    fc.record({
      length: fc.integer({ min: -1, max: 9 }),
      path: fc.array(fc.string({ maxLength: 3 })),
    }),
    {
      maxLength: 3,
    },
  ),
);
const looseTorrent = fc
  .record(
    {
      name: looseValue,
      'piece length': looseValue,
      pieces: looseValue,
      length: looseValue,
      files: looseValue,
      private: looseValue,
      'meta version': looseValue,
    },
    { requiredKeys: [] },
  )
  .chain((info) =>
    fc.record(
      { announce: looseValue, 'announce-list': looseValue, info: fc.constant<BencodeInput>(info) },
      { requiredKeys: ['info'] },
    ),
  );

describe('metainfo fuzzing', () => {
  it('survives mutated golden torrents with only BitTorrentError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...goldenTorrents),
        fc.array(byteEdit, { minLength: 1, maxLength: 4 }),
        (torrent, edits) => exerciseAll(applyEdits(torrent, edits)),
      ),
      { numRuns: 400 },
    );
  });

  it('survives structurally odd torrents with only BitTorrentError', () => {
    fc.assert(
      fc.property(looseTorrent, (top) => exerciseAll(encode(top))),
      { numRuns: 400 },
    );
  });

  it('survives random bytes with only BitTorrentError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (raw) => exerciseAll(Buffer.from(raw))),
      { numRuns: 300 },
    );
  });

  it('validates a torrent with 20,000 files in bounded time', () => {
    const files = Array.from({ length: 20_000 }, (_, index) => ({
      length: 1,
      path: ['disc', `${index % 100}`, `track ${index}.flac`],
    }));
    const input = encode({
      info: { files, name: 'big', 'piece length': 16384, pieces: Buffer.alloc(20 * 2) },
    });
    const started = performance.now();
    expect(parseMetainfo(input).files).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(2000); // generous: catches super-linear blow-ups
  });
});
