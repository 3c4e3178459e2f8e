import { describe, expect, it } from 'vitest';
import { BitTorrentError } from '../errors.js';
import { decode, decodeDictWithSpans, encode, rawValueSpan, RawBencode } from './index.js';
import type { BencodeDict } from './index.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

function decodeError(
  input: string,
  options?: { strict?: boolean; maxDepth?: number },
): BitTorrentError {
  try {
    decode(bytes(input), options);
  } catch (error) {
    if (error instanceof BitTorrentError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('decode', () => {
  it('decodes integers, strings, lists and dicts', () => {
    expect(decode(bytes('i42e'))).toBe(42);
    expect(decode(bytes('i-7e'))).toBe(-7);
    expect(decode(bytes('i0e'))).toBe(0);
    expect(decode(bytes('4:spam'))).toEqual(Buffer.from('spam'));
    expect(decode(bytes('0:'))).toEqual(Buffer.alloc(0));
    expect(decode(bytes('l4:spami1ee'))).toEqual([Buffer.from('spam'), 1]);
    const dict = decode(bytes('d3:bar4:spam3:fooi42ee')) as BencodeDict;
    expect(Object.getPrototypeOf(dict)).toBeNull();
    expect(dict).toEqual(Object.assign(Object.create(null), { bar: Buffer.from('spam'), foo: 42 }));
  });

  it('returns bigints only beyond the safe integer range', () => {
    expect(decode(bytes('i9007199254740991e'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(decode(bytes('i-9007199254740991e'))).toBe(-Number.MAX_SAFE_INTEGER);
    expect(decode(bytes('i9007199254740992e'))).toBe(9007199254740992n);
    expect(decode(bytes('i-123456789012345678901234567890e'))).toBe(
      -123456789012345678901234567890n,
    );
  });

  it('keeps binary dictionary keys and __proto__ as plain data', () => {
    const key = Buffer.from([0xff, 0x00, 0x80]);
    const input = Buffer.concat([bytes('d9:__proto__i2e3:'), key, bytes('i1ee')]);
    const dict = decode(input) as BencodeDict;
    expect(dict[key.toString('latin1')]).toBe(1);
    expect(Object.hasOwn(dict, '__proto__')).toBe(true);
    expect(dict['__proto__']).toBe(2);
  });

  it.each([
    ['', 'bencode: empty input'],
    [
      'i42ex',
      'bencode: unexpected trailing data at byte 4 (the value ends there but the input is 5 bytes)',
    ],
    ['4:spamx', 'bencode: unexpected trailing data at byte 6'],
    ['i03e', 'bencode: integer with a leading zero at byte 0'],
    ['i-03e', 'bencode: integer with a leading zero at byte 0'],
    ['i00e', 'bencode: integer with a leading zero at byte 0'],
    ['i-0e', 'bencode: negative zero integer at byte 0'],
    ['ie', 'bencode: integer without digits at byte 0'],
    ['i-e', 'bencode: integer without digits at byte 0'],
    ['i12', 'bencode: unterminated integer starting at byte 0'],
    ['i1x2e', "bencode: invalid character 0x78 ('x') in integer at byte 2"],
    ['i1.5e', "bencode: invalid character 0x2e ('.') in integer at byte 2"],
    ['i+1e', "bencode: invalid character 0x2b ('+') in integer at byte 1"],
    ['03:abc', 'bencode: string length with a leading zero at byte 0'],
    ['-3:abc', 'bencode: negative string length at byte 0'],
    ['l-3:abce', 'bencode: negative string length at byte 1'],
    ['3x:abc', "bencode: invalid character 0x78 ('x') in string length at byte 1"],
    ['5:abc', 'bencode: string at byte 0 declares 5 bytes but only 3 remain'],
    ['12', 'bencode: unterminated string length starting at byte 0'],
    ['9999999999999999:a', 'bencode: string length at byte 0 is too large'],
    ['l4:spam', 'bencode: unterminated list starting at byte 0'],
    ['d3:fooi1e', 'bencode: unterminated dictionary starting at byte 0'],
    ['d3:foo', 'bencode: unexpected end of input at byte 6; expected a value'],
    ['di1ei2ee', 'bencode: dictionary key at byte 1 must be a byte string'],
    [
      'x',
      "bencode: unexpected byte 0x78 ('x') at byte 0; expected 'i', 'l', 'd' or a string length",
    ],
    [
      'd3:fooi1e3:bari2ee',
      'bencode: dictionary key "bar" at byte 9 is out of order (keys must be sorted by raw bytes)',
    ],
    ['d3:fooi1e3:fooi2ee', 'bencode: duplicate dictionary key "foo" at byte 9'],
  ])('rejects %j', (input, message) => {
    const error = decodeError(input);
    expect(error.code).toBe('bencode');
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('reports the offset on the error', () => {
    expect(decodeError('l4:spami03ee').offset).toBe(7);
  });

  it('accepts unsorted keys when strict is false, keeping the last duplicate', () => {
    expect(decode(bytes('d3:fooi1e3:bari2ee'), { strict: false })).toEqual(
      Object.assign(Object.create(null), { foo: 1, bar: 2 }),
    );
    expect(decode(bytes('d3:fooi1e3:fooi2ee'), { strict: false })).toEqual(
      Object.assign(Object.create(null), { foo: 2 }),
    );
  });

  it('compares keys as raw bytes, not as UTF-8 text', () => {
    // 0xc3 0xa9 ("é" in UTF-8) sorts after "z" as bytes.
    const input = Buffer.concat([bytes('d1:zi1e2:'), Buffer.from('é'), bytes('i2ee')]);
    expect(() => decode(input)).not.toThrow();
  });

  it('limits nesting depth (default 64)', () => {
    expect(() => decode(bytes(`${'l'.repeat(64)}${'e'.repeat(64)}`))).not.toThrow();
    expect(decodeError(`${'l'.repeat(65)}${'e'.repeat(65)}`).message).toBe(
      'bencode: nesting deeper than 64 levels at byte 64',
    );
    expect(decodeError('llleee', { maxDepth: 2 }).message).toBe(
      'bencode: nesting deeper than 2 levels at byte 2',
    );
  });

  it('does not overflow the stack on absurd nesting', () => {
    expect(decodeError('l'.repeat(100_000)).message).toContain('nesting deeper than 64 levels');
  });
});

describe('encode', () => {
  it('encodes every supported type', () => {
    expect(encode(42).toString()).toBe('i42e');
    expect(encode(-1n).toString()).toBe('i-1e');
    expect(encode('spam').toString()).toBe('4:spam');
    expect(encode('é').toString('latin1')).toBe('2:\xc3\xa9');
    expect(encode(Buffer.from([0, 255])).equals(Buffer.from([0x32, 0x3a, 0, 255]))).toBe(true);
    expect(encode(new Uint8Array([1])).equals(Buffer.from([0x31, 0x3a, 1]))).toBe(true);
    expect(encode(['a', 1, []]).toString()).toBe('l1:ai1elee');
    expect(encode({}).toString()).toBe('de');
  });

  it('sorts dictionary keys by raw bytes and skips undefined values', () => {
    expect(encode({ foo: 1, bar: 2, ba: 3, skipped: undefined }).toString()).toBe(
      'd2:bai3e3:bari2e3:fooi1ee',
    );
    const map = new Map<string | Uint8Array, string>([
      [Buffer.from([0xff]), 'high'],
      ['a', 'low'],
    ]);
    expect(encode(map).toString('latin1')).toBe('d1:a3:low1:\xff4:highe');
  });

  it('inserts RawBencode bytes verbatim', () => {
    expect(encode({ info: new RawBencode(bytes('d1:bi1e1:ai2ee')) }).toString()).toBe(
      'd4:infod1:bi1e1:ai2eee',
    );
  });

  it.each([
    [
      1.5,
      'bencode: cannot encode 1.5: only safe integers are allowed (use a bigint for larger values)',
    ],
    [2 ** 60, 'only safe integers are allowed'],
    [Number.NaN, 'bencode: cannot encode NaN'],
    [null, 'bencode: cannot encode null'],
    [true, 'bencode: cannot encode a value of type boolean'],
    [new Date(0), 'bencode: cannot encode an instance of Date'],
    [{ ключ: 1 }, 'bencode: dictionary key "ключ" has a character above U+00FF'],
    [
      new Map<string | Buffer, number>([
        ['a', 1],
        [Buffer.from('a'), 2],
      ]),
      'bencode: duplicate dictionary key "a"',
    ],
  ])('rejects %o', (value, message) => {
    expect(() => encode(value as never)).toThrowError(message);
  });

  it('rejects cyclic values with a BitTorrentError', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => encode(cyclic as never)).toThrowError(/nests deeper than 512 levels/);
  });
});

describe('raw value spans', () => {
  it('returns the exact original bytes of a top-level value', () => {
    const input = bytes('d8:announce3:url4:infod6:lengthi1e4:name1:xee');
    const span = rawValueSpan(input, 'info');
    expect(input.subarray(span?.start, span?.end).toString()).toBe('d6:lengthi1e4:name1:xe');
    expect(rawValueSpan(input, 'missing')).toBeUndefined();
  });

  it('keeps non-canonical bytes as they are when strict is off', () => {
    const input = bytes('d4:infod4:name1:x6:lengthi1eee');
    expect(() => rawValueSpan(input, 'info')).toThrowError(/out of order/);
    const span = rawValueSpan(input, 'info', { strict: false });
    expect(input.subarray(span?.start, span?.end).toString()).toBe('d4:name1:x6:lengthi1ee');
  });

  it('validates the whole input and requires a dictionary', () => {
    expect(() => rawValueSpan(bytes('l4:infoe'), 'info')).toThrowError(
      'bencode: expected a dictionary at byte 0',
    );
    expect(() => rawValueSpan(bytes('d4:infoi1ee!'), 'info')).toThrowError(
      /trailing data at byte 11/,
    );
  });

  it('gives the decoded dict together with every span', () => {
    const { dict, spans } = decodeDictWithSpans(bytes('d1:ai1e1:bli2eee'));
    expect(dict['a']).toBe(1);
    expect(spans.get('b')).toEqual({ start: 10, end: 15 });
  });
});
