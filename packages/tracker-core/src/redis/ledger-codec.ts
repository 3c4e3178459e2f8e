// Decodes the ledger totals the announce script packs with struct.pack('<ddddddddddddBB'):
// eight running sums, the latest announce time, reported upload and download, flagged
// announces, then flags (1 seeding, 2 active) and the latest flag reason. Values written
// before reported figures existed ('<dddddddddB', 73 bytes) are read as reported = actual.
import { FLAG_REASON_CODES } from '../accounting.js';
import type { FlagReason } from '../accounting.js';
import type { LedgerTotals } from '../ledger.js';

const PACKED_LENGTH = 12 * 8 + 2;
const LEGACY_LENGTH = 9 * 8 + 1;

function flagReasonOf(code: number): FlagReason | undefined {
  const entry = Object.entries(FLAG_REASON_CODES).find(([, value]) => value === code);
  return entry?.[0] as FlagReason | undefined;
}

export function decodeLedgerTotals(packed: Buffer): LedgerTotals {
  if (packed.length !== PACKED_LENGTH && packed.length !== LEGACY_LENGTH) {
    throw new Error(`ledger value of ${packed.length} bytes, expected ${PACKED_LENGTH}`);
  }
  const legacy = packed.length === LEGACY_LENGTH;
  const flags = packed.readUInt8(legacy ? 72 : 96);
  const actualUploaded = packed.readDoubleLE(0);
  const actualDownloaded = packed.readDoubleLE(8);
  const lastFlagReason = legacy ? undefined : flagReasonOf(packed.readUInt8(97));
  return {
    reportedUploaded: legacy ? actualUploaded : packed.readDoubleLE(72),
    reportedDownloaded: legacy ? actualDownloaded : packed.readDoubleLE(80),
    actualUploaded,
    actualDownloaded,
    creditedUploaded: packed.readDoubleLE(16),
    creditedDownloaded: packed.readDoubleLE(24),
    seedSeconds: packed.readDoubleLE(32),
    leechSeconds: packed.readDoubleLE(40),
    announces: packed.readDoubleLE(48),
    completions: packed.readDoubleLE(56),
    lastAnnounceMs: packed.readDoubleLE(64),
    lastSeeding: (flags & 1) === 1,
    active: (flags & 2) === 2,
    flaggedAnnounces: legacy ? 0 : packed.readDoubleLE(88),
    ...(lastFlagReason === undefined ? {} : { lastFlagReason }),
  };
}
