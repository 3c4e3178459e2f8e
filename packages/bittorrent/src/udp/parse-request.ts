// Reads BEP 15 UDP tracker requests (connect, announce with BEP 41 options, scrape)
// from raw datagrams; anything short or garbled fails with a message fit for an
// error response.

import { BitTorrentError } from '../errors.js';
import type { AnnounceEvent } from '../announce/types.js';
import {
  ANNOUNCE_REQUEST_BYTES,
  CONNECT_REQUEST_BYTES,
  SCRAPE_REQUEST_HEADER_BYTES,
  UDP_EVENTS,
  UDP_PROTOCOL_ID,
  UdpAction,
  UdpOption,
} from './protocol.js';

/** More hashes than this in one scrape datagram are refused (BEP 15 fits about 74). */
export const MAX_UDP_SCRAPE_INFO_HASHES = 100;

export interface UdpConnectRequest {
  readonly action: 'connect';
  readonly transactionId: number;
}

export interface UdpAnnounceRequest {
  readonly action: 'announce';
  /** 8 bytes, a view into the datagram. */
  readonly connectionId: Buffer;
  readonly transactionId: number;
  /** 40 lowercase hex characters. */
  readonly infoHash: string;
  /** 40 lowercase hex characters. */
  readonly peerId: string;
  readonly downloaded: number;
  readonly left: number;
  readonly uploaded: number;
  readonly event: AnnounceEvent;
  /** The client's random key (uint32). The IP field of the packet is ignored. */
  readonly key: number;
  /** Undefined when the client sent -1 (or any negative number): "tracker's default". */
  readonly numWant: number | undefined;
  /** 0-65535 as sent; converting to AnnounceParams refuses 0. */
  readonly port: number;
  /** BEP 41 URL data, all URLData options concatenated (latin1), e.g. "/<passkey>/announce". */
  readonly urlData: string;
}

export interface UdpScrapeRequest {
  readonly action: 'scrape';
  readonly connectionId: Buffer;
  readonly transactionId: number;
  /** 40 lowercase hex each, in request order (the response must follow it), duplicates kept. */
  readonly infoHashes: readonly string[];
}

export type UdpRequest = UdpConnectRequest | UdpAnnounceRequest | UdpScrapeRequest;

export function udpError(message: string, offset?: number): BitTorrentError {
  return new BitTorrentError('udp', message, offset);
}

/**
 * The transaction id of a datagram that may be unparseable, so an error response can
 * still echo it; undefined when the packet is too short to hold one.
 */
export function peekTransactionId(packet: Uint8Array): number | undefined {
  if (packet.length < 16) return undefined;
  return Buffer.from(packet.buffer, packet.byteOffset, packet.length).readUInt32BE(12);
}

/** Parses one request datagram. Throws BitTorrentError('udp') naming what is wrong. */
export function parseUdpRequest(datagram: Uint8Array): UdpRequest {
  const packet = Buffer.isBuffer(datagram)
    ? datagram
    : Buffer.from(datagram.buffer, datagram.byteOffset, datagram.length);
  if (packet.length < CONNECT_REQUEST_BYTES) {
    throw udpError(`packet too short: ${packet.length} bytes, every request has at least 16`);
  }
  const action = packet.readUInt32BE(8);
  const transactionId = packet.readUInt32BE(12);
  if (action === UdpAction.connect) return parseConnect(packet, transactionId);
  if (action === UdpAction.announce) return parseAnnounce(packet, transactionId);
  if (action === UdpAction.scrape) return parseScrape(packet, transactionId);
  throw udpError(`unknown action ${action} (expected 0 connect, 1 announce or 2 scrape)`, 8);
}

/** Bytes after the first 16 are ignored, as other trackers do. */
function parseConnect(packet: Buffer, transactionId: number): UdpConnectRequest {
  const protocolId = packet.readBigUInt64BE(0);
  if (protocolId !== UDP_PROTOCOL_ID) {
    throw udpError(
      `connect request has protocol id 0x${protocolId.toString(16)}, expected 0x41727101980`,
      0,
    );
  }
  return { action: 'connect', transactionId };
}

/** A BEP 15 int64 counter as a safe, non-negative number. */
function readCounter(packet: Buffer, offset: number, field: string): number {
  const high = packet.readUInt32BE(offset);
  if (high > 0x1fffff) {
    throw udpError(`${field} must be a non-negative integer below 2^53`, offset);
  }
  return high * 0x1_0000_0000 + packet.readUInt32BE(offset + 4);
}

function parseAnnounce(packet: Buffer, transactionId: number): UdpAnnounceRequest {
  if (packet.length < ANNOUNCE_REQUEST_BYTES) {
    throw udpError(`announce request too short: ${packet.length} bytes, need at least 98`);
  }
  const eventCode = packet.readUInt32BE(80);
  const event = UDP_EVENTS[eventCode];
  if (event === undefined) {
    throw udpError(
      `invalid event ${eventCode} (expected 0 none, 1 completed, 2 started, 3 stopped or 4 paused)`,
      80,
    );
  }
  const numWant = packet.readInt32BE(92);
  return {
    action: 'announce',
    connectionId: packet.subarray(0, 8),
    transactionId,
    infoHash: packet.toString('hex', 16, 36),
    peerId: packet.toString('hex', 36, 56),
    downloaded: readCounter(packet, 56, 'downloaded'),
    left: readCounter(packet, 64, 'left'),
    uploaded: readCounter(packet, 72, 'uploaded'),
    event,
    key: packet.readUInt32BE(88),
    numWant: numWant < 0 ? undefined : numWant,
    port: packet.readUInt16BE(96),
    urlData: readUrlData(packet, ANNOUNCE_REQUEST_BYTES),
  };
}

/** BEP 41: options follow the announce; URLData (type 2) payloads are concatenated. */
function readUrlData(packet: Buffer, start: number): string {
  let urlData = '';
  let offset = start;
  while (offset < packet.length) {
    const type = packet[offset] ?? UdpOption.endOfOptions;
    if (type === UdpOption.endOfOptions) break;
    if (type === UdpOption.nop) {
      offset += 1;
      continue;
    }
    const length = packet[offset + 1];
    if (length === undefined)
      throw udpError(`option ${type} at byte ${offset} has no length byte`, offset);
    const end = offset + 2 + length;
    if (end > packet.length) {
      throw udpError(
        `option ${type} at byte ${offset} declares ${length} bytes but only ${packet.length - offset - 2} remain`,
        offset,
      );
    }
    if (type === UdpOption.urlData) urlData += packet.toString('latin1', offset + 2, end);
    offset = end;
  }
  return urlData;
}

function parseScrape(packet: Buffer, transactionId: number): UdpScrapeRequest {
  const hashBytes = packet.length - SCRAPE_REQUEST_HEADER_BYTES;
  if (hashBytes === 0) throw udpError('scrape request has no info hash');
  if (hashBytes % 20 !== 0) {
    throw udpError(`scrape request has ${hashBytes} bytes of info hashes, not a multiple of 20`);
  }
  const count = hashBytes / 20;
  if (count > MAX_UDP_SCRAPE_INFO_HASHES) {
    throw udpError(
      `too many info hashes in one scrape (${count}, at most ${MAX_UDP_SCRAPE_INFO_HASHES})`,
    );
  }
  const infoHashes: string[] = [];
  for (let offset = SCRAPE_REQUEST_HEADER_BYTES; offset < packet.length; offset += 20) {
    infoHashes.push(packet.toString('hex', offset, offset + 20));
  }
  return { action: 'scrape', connectionId: packet.subarray(0, 8), transactionId, infoHashes };
}
