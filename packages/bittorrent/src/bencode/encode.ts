// BEP 3 bencode encoder producing canonical output (dictionary keys sorted by raw
// bytes), so re-encoding a decoded canonical value gives back the same bytes.

import { BitTorrentError } from '../errors.js';
import { RawBencode } from './types.js';
import type { BencodeInput } from './types.js';

/** Guards against cyclic values; far above anything real (decode allows 64). */
const MAX_ENCODE_DEPTH = 512;
const INITIAL_CAPACITY = 256;

/** Encodes a value as canonical bencode. Throws BitTorrentError('bencode') on values bencode cannot hold. */
export function encode(value: BencodeInput): Buffer {
  const writer = new ByteWriter();
  writeValue(writer, value, 0);
  return writer.finish();
}

class ByteWriter {
  private buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private length = 0;

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  ascii(text: string): void {
    this.reserve(text.length);
    this.length += this.buffer.write(text, this.length, 'latin1');
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  utf8String(text: string): void {
    const byteLength = Buffer.byteLength(text, 'utf8');
    this.ascii(`${byteLength}:`);
    this.reserve(byteLength);
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function encodeError(message: string): BitTorrentError {
  return new BitTorrentError('bencode', `bencode: ${message}`);
}

function writeValue(writer: ByteWriter, value: BencodeInput, depth: number): void {
  if (typeof value === 'string') {
    writer.utf8String(value);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw encodeError(
        `cannot encode ${value}: only safe integers are allowed (use a bigint for larger values)`,
      );
    }
    writer.ascii(`i${value}e`);
  } else if (typeof value === 'bigint') {
    writer.ascii(`i${value}e`);
  } else if (value instanceof Uint8Array) {
    writer.ascii(`${value.length}:`);
    writer.bytes(value);
  } else if (value instanceof RawBencode) {
    writer.bytes(value.bytes);
  } else {
    if (depth >= MAX_ENCODE_DEPTH) {
      throw encodeError(`value nests deeper than ${MAX_ENCODE_DEPTH} levels (is it cyclic?)`);
    }
    if (Array.isArray(value)) writeList(writer, value as readonly BencodeInput[], depth + 1);
    else if (value instanceof Map)
      writeMap(writer, value as ReadonlyMap<string | Uint8Array, BencodeInput>, depth + 1);
    else if (isPlainObject(value)) writeObject(writer, value, depth + 1);
    else throw encodeError(`cannot encode ${describeType(value)}`);
  }
}

function isPlainObject(
  value: unknown,
): value is { readonly [key: string]: BencodeInput | undefined } {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object')
    return `an instance of ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'an unknown class'}`;
  return `a value of type ${typeof value}`;
}

function writeList(writer: ByteWriter, list: readonly BencodeInput[], depth: number): void {
  writer.ascii('l');
  for (const item of list) writeValue(writer, item, depth);
  writer.ascii('e');
}

/** Keys are binary strings; anything above U+00FF would have no single-byte form. */
function checkBinaryKey(key: string): void {
  for (let index = 0; index < key.length; index += 1) {
    if (key.charCodeAt(index) > 0xff) {
      throw encodeError(
        `dictionary key ${JSON.stringify(key)} has a character above U+00FF; keys are binary strings ` +
          `(one char per byte) — pass Buffer.from(key).toString('latin1') or a Map with Buffer keys`,
      );
    }
  }
}

/** Writes entries sorted by raw key bytes; for binary strings JS string order is byte order. */
function writeSortedEntries(
  writer: ByteWriter,
  entries: [string, BencodeInput][],
  depth: number,
): void {
  entries.sort((left, right) => (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0));
  writer.ascii('d');
  let previousKey: string | undefined;
  for (const [key, item] of entries) {
    if (key === previousKey) throw encodeError(`duplicate dictionary key ${JSON.stringify(key)}`);
    previousKey = key;
    writer.ascii(`${key.length}:`);
    writer.ascii(key);
    writeValue(writer, item, depth);
  }
  writer.ascii('e');
}

function writeObject(
  writer: ByteWriter,
  object: { readonly [key: string]: BencodeInput | undefined },
  depth: number,
): void {
  const entries: [string, BencodeInput][] = [];
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (item === undefined) continue;
    checkBinaryKey(key);
    entries.push([key, item]);
  }
  writeSortedEntries(writer, entries, depth);
}

function writeMap(
  writer: ByteWriter,
  map: ReadonlyMap<string | Uint8Array, BencodeInput>,
  depth: number,
): void {
  const entries: [string, BencodeInput][] = [];
  for (const [rawKey, item] of map) {
    let key: string;
    if (typeof rawKey === 'string') {
      checkBinaryKey(rawKey);
      key = rawKey;
    } else {
      key = Buffer.from(rawKey.buffer, rawKey.byteOffset, rawKey.length).toString('latin1');
    }
    entries.push([key, item]);
  }
  writeSortedEntries(writer, entries, depth);
}
