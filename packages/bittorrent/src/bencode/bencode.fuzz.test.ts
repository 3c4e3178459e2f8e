import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitTorrentError } from '../errors.js';
import { decode, encode } from './index.js';
import type { BencodeValue } from './index.js';

/** Binary-string keys: every char is one byte, exactly what the decoder produces. */
const binaryKey = fc.uint8Array({ maxLength: 8 }).map((raw) => Buffer.from(raw).toString('latin1'));

const bencodeValue: fc.Arbitrary<BencodeValue> = fc.letrec<{ value: BencodeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.maxSafeInteger(),
    fc
      .bigInt({ min: -(2n ** 80n), max: 2n ** 80n })
      .filter((big) => big > BigInt(Number.MAX_SAFE_INTEGER)),
    fc.uint8Array({ maxLength: 24 }).map((raw) => Buffer.from(raw)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc
      .dictionary(binaryKey, tie('value'), { maxKeys: 5 })
      .map((entries) =>
        Object.assign(Object.create(null) as Record<string, BencodeValue>, entries),
      ),
  ),
})).value;

/** Only BitTorrentError may escape the decoder; anything else is a bug. */
function decodeOrBitTorrentError(input: Uint8Array): void {
  try {
    decode(input);
  } catch (error) {
    if (!(error instanceof BitTorrentError)) throw error;
    expect(error.code).toBe('bencode');
  }
}

describe('bencode properties', () => {
  it('round-trips any value: decode(encode(v)) equals v and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(bencodeValue, (value) => {
        const encoded = encode(value);
        const decoded = decode(encoded);
        expect(decoded).toEqual(value);
        expect(encode(decoded).equals(encoded)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws anything but BitTorrentError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (input) => decodeOrBitTorrentError(input)),
      {
        numRuns: 1000,
      },
    );
  });

  it('never throws anything but BitTorrentError on mutated valid encodings', () => {
    const mutation = fc.tuple(
      bencodeValue,
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      fc.nat(),
    );
    fc.assert(
      fc.property(mutation, ([value, flips, cut]) => {
        const encoded = Buffer.from(encode(value));
        for (const [position, byte] of flips) encoded[position % encoded.length] = byte;
        decodeOrBitTorrentError(encoded);
        decodeOrBitTorrentError(encoded.subarray(0, cut % (encoded.length + 1)));
      }),
      { numRuns: 600 },
    );
  });

  it('rejects deep nesting quickly instead of overflowing the stack', () => {
    const started = performance.now();
    expect(() => decode(Buffer.from('l'.repeat(1_000_000)))).toThrowError(BitTorrentError);
    expect(performance.now() - started).toBeLessThan(1000); // generous: catches super-linear blow-ups, not scheduler noise
  });
});
