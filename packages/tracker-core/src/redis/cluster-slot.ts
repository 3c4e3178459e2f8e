// Redis Cluster key → slot mapping (CRC16/XMODEM of the hash tag, mod 16384), used by
// tests to prove every script touches a single slot.

function crc16Xmodem(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** The part of a key Redis Cluster hashes: the first non-empty {…}, else the whole key. */
export function hashTagOf(key: string | Buffer): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key) : key;
  const open = bytes.indexOf(0x7b);
  if (open === -1) return bytes;
  const close = bytes.indexOf(0x7d, open + 1);
  if (close === -1 || close === open + 1) return bytes;
  return bytes.subarray(open + 1, close);
}

export function clusterKeySlot(key: string | Buffer): number {
  return crc16Xmodem(hashTagOf(key)) % 16384;
}
