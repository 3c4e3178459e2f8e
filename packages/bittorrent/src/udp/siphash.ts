// SipHash-2-4 (Aumasson & Bernstein, 2012), the keyed hash behind BEP 15 connection
// ids: a PRF built for short inputs, about ten times cheaper here than an HMAC call,
// and connection ids are checked on every UDP announce. 64-bit words are held as
// (high, low) 32-bit halves because JavaScript numbers cannot hold them.

/**
 * v0..v3 as [low, high] pairs: v0 = words 0-1, v1 = 2-3, v2 = 4-5, v3 = 6-7. Only the
 * fixed indexes below are used, hence the non-null assertions on reads.
 */
const state = new Uint32Array(8);
const V0 = 0;
const V1 = 2;
const V2 = 4;
const V3 = 6;

/** state[target] += state[source] (mod 2^64). */
function add(target: number, source: number): void {
  const low = (state[target]! + state[source]!) >>> 0;
  const carry = low < state[target]! ? 1 : 0;
  state[target + 1] = (state[target + 1]! + state[source + 1]! + carry) >>> 0;
  state[target] = low;
}

/** state[target] ^= state[source]. */
function xor(target: number, source: number): void {
  state[target] = state[target]! ^ state[source]!;
  state[target + 1] = state[target + 1]! ^ state[source + 1]!;
}

/** Rotates state[target] left by `bits` (1-31, or exactly 32). */
function rotateLeft(target: number, bits: number): void {
  const low = state[target]!;
  const high = state[target + 1]!;
  if (bits === 32) {
    state[target] = high;
    state[target + 1] = low;
    return;
  }
  state[target] = ((low << bits) | (high >>> (32 - bits))) >>> 0;
  state[target + 1] = ((high << bits) | (low >>> (32 - bits))) >>> 0;
}

function sipRound(): void {
  add(V0, V1);
  rotateLeft(V1, 13);
  xor(V1, V0);
  rotateLeft(V0, 32);
  add(V2, V3);
  rotateLeft(V3, 16);
  xor(V3, V2);
  add(V0, V3);
  rotateLeft(V3, 21);
  xor(V3, V0);
  add(V2, V1);
  rotateLeft(V1, 17);
  xor(V1, V2);
  rotateLeft(V2, 32);
}

/** Mixes one 64-bit message word (little-endian halves) in with two compression rounds. */
function compress(wordLow: number, wordHigh: number): void {
  state[V3] = state[V3]! ^ wordLow;
  state[V3 + 1] = state[V3 + 1]! ^ wordHigh;
  sipRound();
  sipRound();
  state[V0] = state[V0]! ^ wordLow;
  state[V0 + 1] = state[V0 + 1]! ^ wordHigh;
}

function readLittleEndian32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] ?? 0) |
      ((bytes[offset + 1] ?? 0) << 8) |
      ((bytes[offset + 2] ?? 0) << 16) |
      ((bytes[offset + 3] ?? 0) << 24)) >>>
    0
  );
}

/**
 * SipHash-2-4 of `message[0, length)` under a 16-byte key. Returns the 64-bit result
 * as 8 bytes, little-endian (the byte order of the reference implementation).
 */
export function sipHash24(
  key: Uint8Array,
  message: Uint8Array,
  length: number = message.length,
): Buffer {
  if (key.length !== 16) throw new RangeError(`SipHash needs a 16-byte key (got ${key.length})`);
  if (length > message.length)
    throw new RangeError(`length ${length} exceeds the message (${message.length} bytes)`);
  const key0Low = readLittleEndian32(key, 0);
  const key0High = readLittleEndian32(key, 4);
  const key1Low = readLittleEndian32(key, 8);
  const key1High = readLittleEndian32(key, 12);
  // The initialisation constants spell "somepseudorandomlygeneratedbytes".
  state[V0] = key0Low ^ 0x70736575;
  state[V0 + 1] = key0High ^ 0x736f6d65;
  state[V1] = key1Low ^ 0x6e646f6d;
  state[V1 + 1] = key1High ^ 0x646f7261;
  state[V2] = key0Low ^ 0x6e657261;
  state[V2 + 1] = key0High ^ 0x6c796765;
  state[V3] = key1Low ^ 0x79746573;
  state[V3 + 1] = key1High ^ 0x74656462;

  const fullWordsEnd = length - (length % 8);
  for (let offset = 0; offset < fullWordsEnd; offset += 8) {
    compress(readLittleEndian32(message, offset), readLittleEndian32(message, offset + 4));
  }
  // Last word: the 0-7 remaining bytes, with the length's low byte on top.
  const tail = new Uint8Array(8);
  tail.set(message.subarray(fullWordsEnd, length));
  tail[7] = length & 0xff;
  compress(readLittleEndian32(tail, 0), readLittleEndian32(tail, 4));

  state[V2] = state[V2]! ^ 0xff;
  sipRound();
  sipRound();
  sipRound();
  sipRound();
  const output = Buffer.allocUnsafe(8);
  output.writeUInt32LE((state[V0]! ^ state[V1]! ^ state[V2]! ^ state[V3]!) >>> 0, 0);
  output.writeUInt32LE(
    (state[V0 + 1]! ^ state[V1 + 1]! ^ state[V2 + 1]! ^ state[V3 + 1]!) >>> 0,
    4,
  );
  return output;
}
