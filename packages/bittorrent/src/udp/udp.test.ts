import { describe, expect, it } from 'vitest';
import { BitTorrentError } from '../errors.js';
import {
  buildAnnounceRequest,
  buildConnectRequest,
  buildScrapeRequest,
  encodeUdpAnnounceResponse,
  encodeUdpConnectResponse,
  encodeUdpError,
  encodeUdpScrapeResponse,
  parseUdpRequest,
  peekTransactionId,
  udpAnnounceToParams,
  udpEventCode,
  urlDataOptions,
} from './index.js';
import type { AnnounceRequestFields, UdpAnnounceRequest } from './index.js';

const PASSKEY = '0123456789abcdef0123456789abcdef';
const INFO_HASH = '1bb55071c03bf08f091f5fa3802b35db5d9021bc';
const PEER_ID = Buffer.from('-lt2090-abcdefghijkl').toString('hex');
const CONNECTION_ID = Buffer.from('0102030405060708', 'hex');

const announceFields: AnnounceRequestFields = {
  connectionId: CONNECTION_ID,
  transactionId: 0xdeadbeef,
  infoHash: INFO_HASH,
  peerId: PEER_ID,
  downloaded: 1000n,
  left: 2n ** 40n,
  uploaded: 0n,
  eventCode: 2,
  ipv4: 0x06060606,
  key: 0xabc,
  numWant: -1,
  port: 51413,
};

function udpErrorMessage(packet: Buffer): string {
  try {
    parseUdpRequest(packet);
  } catch (error) {
    if (error instanceof BitTorrentError && error.code === 'udp') return error.message;
    throw error;
  }
  throw new Error('expected a udp BitTorrentError');
}

function parseAnnounce(packet: Buffer): UdpAnnounceRequest {
  const request = parseUdpRequest(packet);
  if (request.action !== 'announce') throw new Error(`expected an announce, got ${request.action}`);
  return request;
}

describe('UDP requests', () => {
  it('parses a connect request and checks the protocol id', () => {
    expect(parseUdpRequest(buildConnectRequest(42))).toEqual({
      action: 'connect',
      transactionId: 42,
    });
    expect(udpErrorMessage(buildConnectRequest(42, 0x41727101981n))).toBe(
      'connect request has protocol id 0x41727101981, expected 0x41727101980',
    );
  });

  it('parses an announce with URL data split across BEP 41 options, NOPs and an end marker', () => {
    const urlData = `/${PASSKEY}/announce?ignored=1`;
    const options = Buffer.concat([
      Buffer.from([0x1]),
      urlDataOptions(urlData.slice(0, 10)),
      Buffer.from([0x1, 0x1]),
      Buffer.from([0x7, 3, 9, 9, 9]), // unknown option type: skipped by its length
      urlDataOptions(urlData.slice(10), 7),
      Buffer.from([0x0]),
      Buffer.from('trailing garbage after EndOfOptions'),
    ]);
    const request = parseAnnounce(buildAnnounceRequest(announceFields, options));
    expect(request).toEqual({
      action: 'announce',
      connectionId: CONNECTION_ID,
      transactionId: 0xdeadbeef,
      infoHash: INFO_HASH,
      peerId: PEER_ID,
      downloaded: 1000,
      left: 2 ** 40,
      uploaded: 0,
      event: 'started',
      key: 0xabc,
      numWant: undefined,
      port: 51413,
      urlData,
    });
  });

  it.each([
    [0, 'none'],
    [1, 'completed'],
    [2, 'started'],
    [3, 'stopped'],
    [4, 'paused'],
  ] as const)('maps event code %i to %s and back', (eventCode, event) => {
    expect(parseAnnounce(buildAnnounceRequest({ ...announceFields, eventCode })).event).toBe(event);
    expect(udpEventCode(event)).toBe(eventCode);
  });

  it('keeps a non-negative num_want', () => {
    expect(parseAnnounce(buildAnnounceRequest({ ...announceFields, numWant: 30 })).numWant).toBe(
      30,
    );
    expect(parseAnnounce(buildAnnounceRequest({ ...announceFields, numWant: 0 })).numWant).toBe(0);
  });

  it('parses a scrape in request order, duplicates kept', () => {
    const hashes = [INFO_HASH, 'ff'.repeat(20), INFO_HASH];
    expect(parseUdpRequest(buildScrapeRequest(CONNECTION_ID, 7, hashes))).toEqual({
      action: 'scrape',
      connectionId: CONNECTION_ID,
      transactionId: 7,
      infoHashes: hashes,
    });
  });

  it.each([
    [
      'an empty packet',
      Buffer.alloc(0),
      'packet too short: 0 bytes, every request has at least 16',
    ],
    ['15 bytes', Buffer.alloc(15), 'packet too short: 15 bytes, every request has at least 16'],
    [
      'an unknown action',
      Buffer.concat([Buffer.alloc(8), Buffer.from('0000000900000001', 'hex')]),
      'unknown action 9 (expected 0 connect, 1 announce or 2 scrape)',
    ],
    [
      'a short announce',
      buildAnnounceRequest(announceFields).subarray(0, 97),
      'announce request too short: 97 bytes, need at least 98',
    ],
    [
      'a bad event',
      buildAnnounceRequest({ ...announceFields, eventCode: 5 }),
      'invalid event 5 (expected 0 none, 1 completed, 2 started, 3 stopped or 4 paused)',
    ],
    [
      'a negative counter',
      buildAnnounceRequest({ ...announceFields, left: -1n }),
      'left must be a non-negative integer below 2^53',
    ],
    [
      'an unsafe counter',
      buildAnnounceRequest({ ...announceFields, uploaded: 2n ** 53n }),
      'uploaded must be a non-negative integer below 2^53',
    ],
    [
      'an option without length',
      buildAnnounceRequest(announceFields, Buffer.from([0x2])),
      'option 2 at byte 98 has no length byte',
    ],
    [
      'a truncated option',
      buildAnnounceRequest(announceFields, Buffer.from([0x2, 10, 0x2f])),
      'option 2 at byte 98 declares 10 bytes but only 1 remain',
    ],
    [
      'a scrape without hashes',
      buildScrapeRequest(CONNECTION_ID, 1, []),
      'scrape request has no info hash',
    ],
    [
      'a ragged scrape',
      Buffer.concat([buildScrapeRequest(CONNECTION_ID, 1, [INFO_HASH]), Buffer.alloc(3)]),
      'scrape request has 23 bytes of info hashes, not a multiple of 20',
    ],
    [
      'a huge scrape',
      buildScrapeRequest(
        CONNECTION_ID,
        1,
        Array.from({ length: 101 }, () => INFO_HASH),
      ),
      'too many info hashes in one scrape (101, at most 100)',
    ],
  ])('rejects %s', (_case, packet, message) => {
    expect(udpErrorMessage(packet)).toBe(message);
  });

  it('peeks the transaction id of packets it cannot parse', () => {
    expect(peekTransactionId(buildAnnounceRequest(announceFields).subarray(0, 40))).toBe(
      0xdeadbeef,
    );
    expect(peekTransactionId(Buffer.alloc(15))).toBeUndefined();
  });
});

describe('udpAnnounceToParams', () => {
  it('turns a UDP announce plus URL data into AnnounceParams and the passkey', () => {
    const request = parseAnnounce(
      buildAnnounceRequest(announceFields, urlDataOptions(`/${PASSKEY}/announce`)),
    );
    expect(udpAnnounceToParams(request)).toEqual({
      passkey: PASSKEY,
      params: {
        infoHash: INFO_HASH,
        peerId: PEER_ID,
        port: 51413,
        uploaded: 0,
        downloaded: 1000,
        left: 2 ** 40,
        event: 'started',
        numwant: undefined,
        key: '00000abc',
        compact: true,
        noPeerId: true,
        trackerId: undefined,
      },
    });
  });

  it.each([
    ['', 'missing passkey: announce to udp://<tracker>/<passkey>/announce (BEP 41 URL data)'],
    ['/announce', 'unknown path: use /<passkey>/announce or /<passkey>/scrape'],
    [
      `/${PASSKEY.toUpperCase()}/announce`,
      'invalid passkey: it must be 32 lowercase hex characters',
    ],
    [`/${PASSKEY}/scrape`, 'URL data must be /<passkey>/announce'],
  ])('rejects URL data %j', (urlData, message) => {
    const request = parseAnnounce(buildAnnounceRequest(announceFields, urlDataOptions(urlData)));
    expect(() => udpAnnounceToParams(request)).toThrowError(message);
    try {
      udpAnnounceToParams(request);
    } catch (error) {
      expect((error as BitTorrentError).code).toBe('udp');
    }
  });

  it('rejects port 0', () => {
    const request = parseAnnounce(
      buildAnnounceRequest({ ...announceFields, port: 0 }, urlDataOptions(`/${PASSKEY}/announce`)),
    );
    expect(() => udpAnnounceToParams(request)).toThrowError(
      'invalid port (must be an integer from 1 to 65535)',
    );
  });
});

describe('UDP responses', () => {
  it('encodes a connect response', () => {
    expect(encodeUdpConnectResponse(42, CONNECTION_ID).toString('hex')).toBe(
      '000000000000002a0102030405060708',
    );
    expect(() => encodeUdpConnectResponse(1, Buffer.alloc(4))).toThrowError(
      'connection id must be 8 bytes (got 4)',
    );
  });

  it('encodes announce responses with 6-byte IPv4 or 18-byte IPv6 peers', () => {
    const v4 = encodeUdpAnnounceResponse({
      transactionId: 9,
      interval: 1800,
      incomplete: 3,
      complete: 4,
      peers: Buffer.from('010203041ae1', 'hex'),
      family: 4,
    });
    expect(v4.toString('hex')).toBe(`00000001000000090000070800000003${'00000004'}010203041ae1`);
    const v6 = encodeUdpAnnounceResponse({
      transactionId: 9,
      interval: 60,
      incomplete: 0,
      complete: 2 ** 40,
      peers: Buffer.alloc(18, 1),
      family: 6,
    });
    expect(v6.length).toBe(38);
    expect(v6.readUInt32BE(16)).toBe(0xffffffff);
    expect(() =>
      encodeUdpAnnounceResponse({
        transactionId: 9,
        interval: 60,
        incomplete: 0,
        complete: 0,
        peers: Buffer.alloc(6),
        family: 6,
      }),
    ).toThrowError('peers for an IPv6 socket must be 18-byte entries (got 6 bytes)');
  });

  it('encodes scrape and error responses', () => {
    const scrape = encodeUdpScrapeResponse(5, [
      { complete: 1, downloaded: 2, incomplete: 3 },
      { complete: 4, downloaded: 5, incomplete: 6 },
    ]);
    expect(scrape.toString('hex')).toBe(
      '0000000200000005' + '000000010000000200000003' + '000000040000000500000006',
    );
    const error = encodeUdpError(5, 'unregistered torrent');
    expect(error.readUInt32BE(0)).toBe(3);
    expect(error.readUInt32BE(4)).toBe(5);
    expect(error.subarray(8).toString()).toBe('unregistered torrent');
  });
});
