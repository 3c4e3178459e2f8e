// A minimal bencode writer (BEP 3) for the seed's demo .torrent files. The real codec
// lives in @swarmhost/bittorrent; this one only writes, and only what the seed needs.

export type BencodeValue =
  number | bigint | string | Uint8Array | BencodeValue[] | { [key: string]: BencodeValue };

function encodeInto(value: BencodeValue, out: Buffer[]): void {
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isSafeInteger(value))
      throw new Error(`bencode: ${value} is not an integer`);
    out.push(Buffer.from(`i${value}e`));
  } else if (typeof value === 'string' || value instanceof Uint8Array) {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
    out.push(Buffer.from(`${bytes.length}:`), bytes);
  } else if (Array.isArray(value)) {
    out.push(Buffer.from('l'));
    for (const item of value) encodeInto(item, out);
    out.push(Buffer.from('e'));
  } else {
    // Dictionary keys are byte strings in sorted (raw byte) order.
    const keys = Object.keys(value).sort((left, right) =>
      Buffer.compare(Buffer.from(left), Buffer.from(right)),
    );
    out.push(Buffer.from('d'));
    for (const key of keys) {
      const item = value[key];
      if (item === undefined) continue;
      encodeInto(key, out);
      encodeInto(item, out);
    }
    out.push(Buffer.from('e'));
  }
}

export function bencode(value: BencodeValue): Buffer {
  const out: Buffer[] = [];
  encodeInto(value, out);
  return Buffer.concat(out);
}
