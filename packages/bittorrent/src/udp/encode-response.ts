// BEP 15 UDP tracker responses. Peers are compact entries matching the socket's
// family: 6 bytes each on an IPv4 socket, 18 bytes each on an IPv6 socket.

import { COMPACT_IPV4_PEER_BYTES, COMPACT_IPV6_PEER_BYTES } from '../announce/compact-peers.js';
import type { ScrapeCounts } from '../announce/encode-response.js';
import { BitTorrentError } from '../errors.js';
import { CONNECTION_ID_BYTES, UdpAction } from './protocol.js';

export interface UdpAnnounceResponse {
  readonly transactionId: number;
  /** Seconds until the next regular announce. */
  readonly interval: number;
  /** Leechers. */
  readonly incomplete: number;
  /** Seeders. */
  readonly complete: number;
  /** Concatenated compact peers of the socket's family. */
  readonly peers: Uint8Array;
  /** The family of the socket the answer goes out on; decides the peer entry size. */
  readonly family: 4 | 6;
}

const MAX_UINT32 = 0xffff_ffff;

/** Counters saturate rather than wrap: a swarm bigger than 4 billion is still "very big". */
function uint32(value: number): number {
  return value <= 0 ? 0 : value >= MAX_UINT32 ? MAX_UINT32 : Math.floor(value);
}

export function encodeUdpConnectResponse(transactionId: number, connectionId: Uint8Array): Buffer {
  if (connectionId.length !== CONNECTION_ID_BYTES) {
    throw new BitTorrentError('udp', `connection id must be 8 bytes (got ${connectionId.length})`);
  }
  const packet = Buffer.allocUnsafe(16);
  packet.writeUInt32BE(UdpAction.connect, 0);
  packet.writeUInt32BE(transactionId, 4);
  packet.set(connectionId, 8);
  return packet;
}

export function encodeUdpAnnounceResponse(response: UdpAnnounceResponse): Buffer {
  const entryBytes = response.family === 4 ? COMPACT_IPV4_PEER_BYTES : COMPACT_IPV6_PEER_BYTES;
  if (response.peers.length % entryBytes !== 0) {
    throw new BitTorrentError(
      'udp',
      `peers for an IPv${response.family} socket must be ${entryBytes}-byte entries (got ${response.peers.length} bytes)`,
    );
  }
  const packet = Buffer.allocUnsafe(20 + response.peers.length);
  packet.writeUInt32BE(UdpAction.announce, 0);
  packet.writeUInt32BE(response.transactionId, 4);
  packet.writeUInt32BE(uint32(response.interval), 8);
  packet.writeUInt32BE(uint32(response.incomplete), 12);
  packet.writeUInt32BE(uint32(response.complete), 16);
  packet.set(response.peers, 20);
  return packet;
}

/** One (seeders, completed, leechers) triple per requested hash, in request order. */
export function encodeUdpScrapeResponse(
  transactionId: number,
  files: readonly ScrapeCounts[],
): Buffer {
  const packet = Buffer.allocUnsafe(8 + 12 * files.length);
  packet.writeUInt32BE(UdpAction.scrape, 0);
  packet.writeUInt32BE(transactionId, 4);
  files.forEach((file, index) => {
    const offset = 8 + 12 * index;
    packet.writeUInt32BE(uint32(file.complete), offset);
    packet.writeUInt32BE(uint32(file.downloaded), offset + 4);
    packet.writeUInt32BE(uint32(file.incomplete), offset + 8);
  });
  return packet;
}

/** Clients show `message` to the user, like an HTTP failure reason. */
export function encodeUdpError(transactionId: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  const packet = Buffer.allocUnsafe(8 + text.length);
  packet.writeUInt32BE(UdpAction.error, 0);
  packet.writeUInt32BE(transactionId, 4);
  packet.set(text, 8);
  return packet;
}
