// Decodes the ledger totals the announce script packs with struct.pack('<dddddddddB'):
// eight running sums, the latest announce time, then flags (1 seeding, 2 active).
import type { LedgerTotals } from '../ledger.js';

const PACKED_LENGTH = 9 * 8 + 1;

export function decodeLedgerTotals(packed: Buffer): LedgerTotals {
  if (packed.length !== PACKED_LENGTH) {
    throw new Error(`ledger value of ${packed.length} bytes, expected ${PACKED_LENGTH}`);
  }
  const flags = packed.readUInt8(72);
  return {
    actualUploaded: packed.readDoubleLE(0),
    actualDownloaded: packed.readDoubleLE(8),
    creditedUploaded: packed.readDoubleLE(16),
    creditedDownloaded: packed.readDoubleLE(24),
    seedSeconds: packed.readDoubleLE(32),
    leechSeconds: packed.readDoubleLE(40),
    announces: packed.readDoubleLE(48),
    completions: packed.readDoubleLE(56),
    lastAnnounceMs: packed.readDoubleLE(64),
    lastSeeding: (flags & 1) === 1,
    active: (flags & 2) === 2,
  };
}
