// BEP 23 compact peers (4-byte IPv4 + 2-byte port) and BEP 7 `peers6` entries
// (16-byte IPv6 + 2-byte port), all in network byte order.

import { formatIPv4, formatIPv6, isIPv4Mapped, writeIPv4, writeIPv6 } from './ip-address.js';
import { badRequest } from './query-scanner.js';

export const COMPACT_IPV4_PEER_BYTES = 6;
export const COMPACT_IPV6_PEER_BYTES = 18;

export interface PeerAddress {
  readonly ip: string;
  readonly port: number;
}

const scratch = new Uint8Array(16);

/**
 * One compact peer entry: 6 bytes for IPv4 (and IPv4-mapped IPv6 such as
 * `::ffff:1.2.3.4`), 18 bytes for IPv6. Throws BitTorrentError('bad_request') for an
 * address or port that is not valid.
 */
export function encodeCompactPeer(ip: string, port: number): Buffer {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw badRequest(`invalid port ${port} (must be an integer from 1 to 65535)`);
  }
  if (!ip.includes(':')) {
    const entry = Buffer.allocUnsafe(COMPACT_IPV4_PEER_BYTES);
    if (!writeIPv4(ip, entry, 0)) throw badRequest(`invalid IP address ${JSON.stringify(ip)}`);
    entry.writeUInt16BE(port, 4);
    return entry;
  }
  if (!writeIPv6(ip, scratch, 0)) throw badRequest(`invalid IP address ${JSON.stringify(ip)}`);
  if (isIPv4Mapped(scratch, 0)) {
    const entry = Buffer.allocUnsafe(COMPACT_IPV4_PEER_BYTES);
    entry.set(scratch.subarray(12, 16), 0);
    entry.writeUInt16BE(port, 4);
    return entry;
  }
  const entry = Buffer.allocUnsafe(COMPACT_IPV6_PEER_BYTES);
  entry.set(scratch, 0);
  entry.writeUInt16BE(port, 16);
  return entry;
}

/**
 * Splits a compact peer list into addresses. `family` 4 expects 6-byte entries
 * (`peers`), 6 expects 18-byte entries (`peers6`); IPv6 text follows RFC 5952.
 */
export function decodeCompactPeers(compact: Uint8Array, family: 4 | 6): PeerAddress[] {
  const entryBytes = family === 4 ? COMPACT_IPV4_PEER_BYTES : COMPACT_IPV6_PEER_BYTES;
  if (compact.length % entryBytes !== 0) {
    throw badRequest(
      `IPv${family} compact peers must be a multiple of ${entryBytes} bytes (got ${compact.length})`,
    );
  }
  const peers: PeerAddress[] = [];
  for (let offset = 0; offset < compact.length; offset += entryBytes) {
    const portOffset = offset + entryBytes - 2;
    peers.push({
      ip: family === 4 ? formatIPv4(compact, offset) : formatIPv6(compact, offset),
      port: ((compact[portOffset] ?? 0) << 8) | (compact[portOffset + 1] ?? 0),
    });
  }
  return peers;
}
