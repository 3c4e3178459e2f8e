// Small helpers the store contract suite shares: a store factory, canned announces
// and decoders for the compact peer lists (BEP 23 / BEP 7).
import type { StoreAnnounceInput, SwarmStore } from '../store.js';

export interface StoreHarness {
  readonly store: SwarmStore;
  close(): Promise<void>;
}

export type HarnessFactory = () => Promise<StoreHarness>;

export const TENANT = 'tenant-a';
export const INFO_HASH = 'a1'.repeat(20);
export const OTHER_INFO_HASH = 'b2'.repeat(20);
export const T0 = 1_760_000_000_000;
export const INTERVAL_SECONDS = 1800;
export const MIN_INTERVAL_SECONDS = 60;
export const TTL_SECONDS = 3600;
/** The default maximum speed of a tenant (tenant settings: maxSpeedBytesPerSecond). */
export const GIB = 1024 ** 3;

/** A qBittorrent-looking peer id (BEP 20) made unique by `n`, as 40 hex characters. */
export function peerId(n: number): string {
  return Buffer.from(`-qB4650-${String(n).padStart(12, '0')}`, 'latin1').toString('hex');
}

/** 10.0.x.y:6881+n as a 6-byte compact address. */
export function address4(n: number): Buffer {
  return Buffer.from([10, 0, (n >> 8) & 0xff, n & 0xff, 0x1a, 0xe1 + (n % 16)]);
}

/** 2001:db8::n:6881 as an 18-byte compact address. */
export function address6(n: number): Buffer {
  const bytes = Buffer.alloc(18);
  bytes.writeUInt32BE(0x20010db8, 0);
  bytes.writeUInt16BE(n, 14);
  bytes.writeUInt16BE(6881, 16);
  return bytes;
}

export function decodePeers(compact: Buffer, width: 6 | 18): string[] {
  const peers: string[] = [];
  for (let offset = 0; offset + width <= compact.length; offset += width) {
    peers.push(compact.subarray(offset, offset + width).toString('hex'));
  }
  return peers;
}

export function hexOf(address: Buffer): string {
  return address.toString('hex');
}

export function announce(overrides: Partial<StoreAnnounceInput> & { n?: number } = {}): StoreAnnounceInput {
  const { n = 1, ...rest } = overrides;
  return {
    tenantId: TENANT,
    infoHash: INFO_HASH,
    memberId: `member-${n}`,
    peerId: peerId(n),
    compactAddress: address4(n),
    uploaded: 0,
    downloaded: 0,
    left: 1000,
    event: 'started',
    numwant: 50,
    nowMs: T0,
    intervalSeconds: INTERVAL_SECONDS,
    minIntervalSeconds: MIN_INTERVAL_SECONDS,
    peerTtlSeconds: TTL_SECONDS,
    maxPeersPerMember: 3,
    creditFactors: { downloadFactor: 1, uploadFactor: 1 },
    maxBytesPerSecond: GIB,
    ...rest,
  };
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/** Member of the downloader `watcher()` adds, so uploads in a test go to someone. */
export const WATCHER_MEMBER = 'member-watcher';

/**
 * Another member's downloader in the swarm (Ocelot/UNIT3D rule: upload is credited only
 * while someone else leeches), on its own IPv4 address, alive for a long TTL.
 */
export function watcher(overrides: Partial<StoreAnnounceInput> = {}): StoreAnnounceInput {
  return announce({
    n: 900,
    memberId: WATCHER_MEMBER,
    left: 1_000_000,
    peerTtlSeconds: 30 * 24 * 3600,
    ...overrides,
  });
}
