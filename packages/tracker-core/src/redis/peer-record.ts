// Reads what other services show of a peer from its record in a swarm's peer hash (the
// site's list of who is in a swarm), so the record layout stays this package's business.
// Layout (scripts/announce-script.ts): '<dddddB' uploaded, downloaded, last ms, last
// IPv4 ms, last IPv6 ms, flags, then addresses; before dual-stack peers '<dddB' and one
// address (31 or 43 bytes).

export interface PeerRecordState {
  readonly lastAnnounceMs: number;
  /** left = 0 at the latest announce. */
  readonly seeding: boolean;
  /** BEP 21 partial seed (`paused` with left > 0). */
  readonly partial: boolean;
}

const HEAD_BYTES = 41;
const LEGACY_HEAD_BYTES = 25;

/** The peer's state, or undefined for a value too short to be a peer record. */
export function decodePeerRecord(record: Buffer): PeerRecordState | undefined {
  const head = record.length === 31 || record.length === 43 ? LEGACY_HEAD_BYTES : HEAD_BYTES;
  if (record.length < head + 6) return undefined;
  const flags = record.readUInt8(head - 1);
  return { lastAnnounceMs: record.readDoubleLE(16), seeding: (flags & 1) === 1, partial: (flags & 2) === 2 };
}
