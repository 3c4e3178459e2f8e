// A strict BEP 3 bencode decoder: untrusted .torrent uploads and tracker responses go
// through here, so every malformed or non-canonical input fails with its byte offset.

import { BitTorrentError } from '../errors.js';
import type { BencodeDict, BencodeList, BencodeValue, ByteSpan, DecodeOptions } from './types.js';

const DEFAULT_MAX_DEPTH = 64;
const MAX_SAFE_DIGITS = 15; // any 15-digit decimal fits in a double exactly

const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_COLON = 0x3a;
const CHAR_MINUS = 0x2d;
const CHAR_D = 0x64;
const CHAR_E = 0x65;
const CHAR_I = 0x69;
const CHAR_L = 0x6c;

/**
 * Decodes exactly one bencode value that must span the whole input.
 * Byte strings in the result are views into `input` (no copy): copy them if `input`
 * will be reused. Throws BitTorrentError('bencode') naming the byte offset of the
 * first problem.
 */
export function decode(input: Uint8Array, options: DecodeOptions = {}): BencodeValue {
  const reader = new BencodeReader(input, options);
  const value = reader.readValue(0);
  reader.expectEnd();
  return value;
}

/**
 * Decodes a top-level dictionary and also reports where each of its values sits in
 * the input, so a caller can hash or splice a value's original bytes (the info dict).
 */
export function decodeDictWithSpans(
  input: Uint8Array,
  options: DecodeOptions = {},
): { dict: BencodeDict; spans: Map<string, ByteSpan> } {
  const reader = new BencodeReader(input, options);
  if (input[0] !== CHAR_D) {
    throw bencodeError('expected a dictionary at byte 0', 0);
  }
  const spans = new Map<string, ByteSpan>();
  const dict = reader.readDict(1, spans);
  reader.expectEnd();
  return { dict, spans };
}

/**
 * The exact bytes of one top-level dictionary value as they appear in `input`, or
 * undefined when the key is absent. The whole input is still validated.
 */
export function rawValueSpan(
  input: Uint8Array,
  key: string,
  options: DecodeOptions = {},
): ByteSpan | undefined {
  return decodeDictWithSpans(input, options).spans.get(key);
}

function bencodeError(message: string, offset: number): BitTorrentError {
  return new BitTorrentError('bencode', `bencode: ${message}`, offset);
}

function describeByte(byte: number): string {
  const hex = `0x${byte.toString(16).padStart(2, '0')}`;
  return byte >= 0x20 && byte < 0x7f ? `${hex} ('${String.fromCharCode(byte)}')` : hex;
}

class BencodeReader {
  private position = 0;
  /** A Buffer view of the caller's bytes (no copy), for slicing and latin1 keys. */
  private readonly input: Buffer;
  private readonly strict: boolean;
  private readonly maxDepth: number;

  constructor(input: Uint8Array, options: DecodeOptions) {
    this.input = Buffer.isBuffer(input)
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.length);
    this.strict = options.strict ?? true;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    if (input.length === 0) throw bencodeError('empty input', 0);
  }

  expectEnd(): void {
    if (this.position !== this.input.length) {
      throw bencodeError(
        `unexpected trailing data at byte ${this.position} (the value ends there but the input is ${this.input.length} bytes)`,
        this.position,
      );
    }
  }

  readValue(depth: number): BencodeValue {
    const start = this.position;
    const byte = this.input[start];
    if (byte === undefined) {
      throw bencodeError(`unexpected end of input at byte ${start}; expected a value`, start);
    }
    if (byte === CHAR_I) return this.readInteger();
    if (byte >= CHAR_0 && byte <= CHAR_9) return this.readByteString();
    if (byte === CHAR_L) return this.readList(depth + 1);
    if (byte === CHAR_D) return this.readDict(depth + 1, undefined);
    if (byte === CHAR_MINUS) {
      throw bencodeError(`negative string length at byte ${start}`, start);
    }
    throw bencodeError(
      `unexpected byte ${describeByte(byte)} at byte ${start}; expected 'i', 'l', 'd' or a string length`,
      start,
    );
  }

  private readInteger(): number | bigint {
    const start = this.position;
    let cursor = start + 1;
    const negative = this.input[cursor] === CHAR_MINUS;
    if (negative) cursor += 1;
    const digitsStart = cursor;
    let value = 0;
    for (;;) {
      const byte = this.input[cursor];
      if (byte === undefined) {
        throw bencodeError(`unterminated integer starting at byte ${start}`, start);
      }
      if (byte === CHAR_E) break;
      if (byte < CHAR_0 || byte > CHAR_9) {
        throw bencodeError(
          `invalid character ${describeByte(byte)} in integer at byte ${cursor}`,
          cursor,
        );
      }
      value = value * 10 + (byte - CHAR_0);
      cursor += 1;
    }
    const digitCount = cursor - digitsStart;
    if (digitCount === 0) throw bencodeError(`integer without digits at byte ${start}`, start);
    if (this.input[digitsStart] === CHAR_0 && digitCount > 1) {
      throw bencodeError(`integer with a leading zero at byte ${start}`, start);
    }
    if (negative && value === 0)
      throw bencodeError(`negative zero integer at byte ${start}`, start);
    this.position = cursor + 1;
    if (digitCount <= MAX_SAFE_DIGITS) return negative ? -value : value;
    const digits = this.input.toString('latin1', digitsStart, cursor);
    const big = BigInt(negative ? `-${digits}` : digits);
    const fitsNumber =
      big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER);
    return fitsNumber ? Number(big) : big;
  }

  /** Reads `<length>:<bytes>` and returns where the bytes are. */
  private readByteStringSpan(): ByteSpan {
    const start = this.position;
    let cursor = start;
    let length = 0;
    for (;;) {
      const byte = this.input[cursor];
      if (byte === undefined) {
        throw bencodeError(`unterminated string length starting at byte ${start}`, start);
      }
      if (byte === CHAR_COLON) break;
      if (byte < CHAR_0 || byte > CHAR_9) {
        throw bencodeError(
          `invalid character ${describeByte(byte)} in string length at byte ${cursor}`,
          cursor,
        );
      }
      length = length * 10 + (byte - CHAR_0);
      cursor += 1;
      if (cursor - start > MAX_SAFE_DIGITS) {
        throw bencodeError(`string length at byte ${start} is too large`, start);
      }
    }
    const digitCount = cursor - start;
    if (digitCount === 0) throw bencodeError(`missing string length at byte ${start}`, start);
    if (this.input[start] === CHAR_0 && digitCount > 1) {
      throw bencodeError(`string length with a leading zero at byte ${start}`, start);
    }
    const bytesStart = cursor + 1;
    const remaining = this.input.length - bytesStart;
    if (length > remaining) {
      throw bencodeError(
        `string at byte ${start} declares ${length} bytes but only ${remaining} remain`,
        start,
      );
    }
    this.position = bytesStart + length;
    return { start: bytesStart, end: bytesStart + length };
  }

  private readByteString(): Buffer {
    const span = this.readByteStringSpan();
    return this.input.subarray(span.start, span.end);
  }

  private checkDepth(depth: number, start: number): void {
    if (depth > this.maxDepth) {
      throw bencodeError(`nesting deeper than ${this.maxDepth} levels at byte ${start}`, start);
    }
  }

  private readList(depth: number): BencodeList {
    const start = this.position;
    this.checkDepth(depth, start);
    this.position += 1;
    const list: BencodeList = [];
    for (;;) {
      const byte = this.input[this.position];
      if (byte === undefined)
        throw bencodeError(`unterminated list starting at byte ${start}`, start);
      if (byte === CHAR_E) break;
      list.push(this.readValue(depth));
    }
    this.position += 1;
    return list;
  }

  readDict(depth: number, spans: Map<string, ByteSpan> | undefined): BencodeDict {
    const start = this.position;
    this.checkDepth(depth, start);
    this.position += 1;
    const dict = Object.create(null) as BencodeDict;
    let previousKey: ByteSpan | undefined;
    for (;;) {
      const keyStart = this.position;
      const byte = this.input[keyStart];
      if (byte === undefined)
        throw bencodeError(`unterminated dictionary starting at byte ${start}`, start);
      if (byte === CHAR_E) break;
      if (byte < CHAR_0 || byte > CHAR_9) {
        if (byte === CHAR_MINUS)
          throw bencodeError(`negative string length at byte ${keyStart}`, keyStart);
        throw bencodeError(`dictionary key at byte ${keyStart} must be a byte string`, keyStart);
      }
      const keySpan = this.readByteStringSpan();
      const key = this.input.toString('latin1', keySpan.start, keySpan.end);
      if (this.strict && previousKey !== undefined)
        this.checkKeyOrder(previousKey, keySpan, key, keyStart);
      previousKey = keySpan;
      const valueStart = this.position;
      dict[key] = this.readValue(depth);
      spans?.set(key, { start: valueStart, end: this.position });
    }
    this.position += 1;
    return dict;
  }

  private checkKeyOrder(
    previous: ByteSpan,
    current: ByteSpan,
    key: string,
    keyStart: number,
  ): void {
    const order = Buffer.compare(
      this.input.subarray(previous.start, previous.end),
      this.input.subarray(current.start, current.end),
    );
    if (order === 0) {
      throw bencodeError(
        `duplicate dictionary key ${JSON.stringify(key)} at byte ${keyStart}`,
        keyStart,
      );
    }
    if (order > 0) {
      throw bencodeError(
        `dictionary key ${JSON.stringify(key)} at byte ${keyStart} is out of order (keys must be sorted by raw bytes)`,
        keyStart,
      );
    }
  }
}
