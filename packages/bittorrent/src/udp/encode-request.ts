// Client-side encoders for BEP 15 request datagrams (with BEP 41 options): the tracker
// never sends requests, but its contract tests and tools play the client.

import { UDP_PROTOCOL_ID, UdpAction } from './protocol.js';

export function buildConnectRequest(
  transactionId: number,
  protocolId: bigint = UDP_PROTOCOL_ID,
): Buffer {
  const packet = Buffer.alloc(16);
  packet.writeBigUInt64BE(protocolId, 0);
  packet.writeUInt32BE(UdpAction.connect, 8);
  packet.writeUInt32BE(transactionId, 12);
  return packet;
}

export interface AnnounceRequestFields {
  readonly connectionId: Buffer;
  readonly transactionId: number;
  readonly infoHash: string;
  readonly peerId: string;
  readonly downloaded: bigint;
  readonly left: bigint;
  readonly uploaded: bigint;
  readonly eventCode: number;
  readonly ipv4: number;
  readonly key: number;
  readonly numWant: number;
  readonly port: number;
}

/** `options` are appended raw (BEP 41 type/length/value bytes). */
export function buildAnnounceRequest(
  fields: AnnounceRequestFields,
  options: Buffer = Buffer.alloc(0),
): Buffer {
  const packet = Buffer.alloc(98);
  fields.connectionId.copy(packet, 0);
  packet.writeUInt32BE(UdpAction.announce, 8);
  packet.writeUInt32BE(fields.transactionId, 12);
  packet.write(fields.infoHash, 16, 'hex');
  packet.write(fields.peerId, 36, 'hex');
  packet.writeBigInt64BE(fields.downloaded, 56);
  packet.writeBigInt64BE(fields.left, 64);
  packet.writeBigInt64BE(fields.uploaded, 72);
  packet.writeUInt32BE(fields.eventCode, 80);
  packet.writeUInt32BE(fields.ipv4, 84);
  packet.writeUInt32BE(fields.key, 88);
  packet.writeInt32BE(fields.numWant, 92);
  packet.writeUInt16BE(fields.port, 96);
  return Buffer.concat([packet, options]);
}

/** BEP 41 URLData options, splitting `urlData` into chunks of at most `chunkBytes`. */
export function urlDataOptions(urlData: string, chunkBytes = 255): Buffer {
  const bytes = Buffer.from(urlData, 'latin1');
  const options: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    const chunk = bytes.subarray(offset, offset + chunkBytes);
    options.push(Buffer.from([0x2, chunk.length]), chunk);
  }
  return Buffer.concat(options);
}

export function buildScrapeRequest(
  connectionId: Buffer,
  transactionId: number,
  infoHashes: readonly string[],
): Buffer {
  const header = Buffer.alloc(16);
  connectionId.copy(header, 0);
  header.writeUInt32BE(UdpAction.scrape, 8);
  header.writeUInt32BE(transactionId, 12);
  return Buffer.concat([header, ...infoHashes.map((hash) => Buffer.from(hash, 'hex'))]);
}
