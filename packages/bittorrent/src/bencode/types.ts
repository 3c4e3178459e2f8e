// Value shapes for BEP 3 bencode: what `decode` returns and what `encode` accepts.

/**
 * A decoded bencode value. Byte strings stay Buffers (they are often binary: piece
 * hashes, peer ids); integers are numbers, or bigints beyond Number.MAX_SAFE_INTEGER.
 */
export type BencodeValue = Buffer | number | bigint | BencodeList | BencodeDict;

export type BencodeList = BencodeValue[];

/**
 * A decoded dictionary: a plain object with a null prototype (so keys such as
 * `__proto__` or `constructor` are ordinary data). Keys are *binary strings*: one
 * character per raw key byte (latin1), so ASCII keys read naturally and binary keys
 * (BEP 48 `files`) survive; `Buffer.from(key, 'latin1')` gives the raw bytes back.
 */
export interface BencodeDict {
  [key: string]: BencodeValue;
}

/**
 * Bytes that are already bencoded, inserted verbatim by `encode`. Lets callers keep a
 * sub-value byte-for-byte (an info dict whose hash must not change). The caller
 * vouches that the bytes are one valid bencode value.
 */
export class RawBencode {
  constructor(readonly bytes: Uint8Array) {}
}

/**
 * What `encode` accepts. Strings are written as UTF-8; numbers must be safe integers
 * (use a bigint beyond that). Object and Map string keys are binary strings like the
 * decoder's (each char 0-255 is one byte); Map keys may also be Buffers. Object
 * properties whose value is `undefined` are left out, so optional fields can be
 * spread in directly.
 */
export type BencodeInput =
  | Uint8Array
  | string
  | number
  | bigint
  | RawBencode
  | readonly BencodeInput[]
  | ReadonlyMap<string | Uint8Array, BencodeInput>
  | { readonly [key: string]: BencodeInput | undefined };

export interface DecodeOptions {
  /**
   * Reject dictionaries whose keys are not in ascending raw-byte order or repeat
   * (BEP 3 canonical form). Default true. When false, unsorted keys are accepted and
   * a repeated key keeps its last value.
   */
  readonly strict?: boolean;
  /** Deepest list/dict nesting accepted; a top-level dict is depth 1. Default 64. */
  readonly maxDepth?: number;
}

/** Where a value sits in the input: `input.subarray(start, end)` is its exact encoding. */
export interface ByteSpan {
  readonly start: number;
  readonly end: number;
}
