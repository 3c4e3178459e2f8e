import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sipHash24 } from './siphash.js';

/** OpenSSL's outputs for the SipHash paper's vectors (test/fixtures/make-siphash-vectors.sh). */
const vectors = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../test/fixtures/siphash24-vectors.json', import.meta.url)),
    'utf8',
  ),
) as string[];

const key = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const message = Buffer.from(Array.from({ length: 64 }, (_, index) => index));

describe('sipHash24', () => {
  it('matches the 64 reference vectors', () => {
    expect(vectors).toHaveLength(64);
    vectors.forEach((expected, length) => {
      expect(sipHash24(key, message.subarray(0, length)).toString('hex'), `length ${length}`).toBe(
        expected,
      );
    });
  });

  it('matches the worked example of the SipHash paper (15 bytes → a129ca6149be45e5)', () => {
    expect(sipHash24(key, message.subarray(0, 15)).readBigUInt64LE(0)).toBe(0xa129ca6149be45e5n);
  });

  it('hashes only the first `length` bytes when told', () => {
    expect(sipHash24(key, message, 15).equals(sipHash24(key, message.subarray(0, 15)))).toBe(true);
  });

  it('refuses keys that are not 16 bytes', () => {
    expect(() => sipHash24(Buffer.alloc(15), message)).toThrowError(
      'SipHash needs a 16-byte key (got 15)',
    );
  });
});
