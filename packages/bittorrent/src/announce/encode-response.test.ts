import { describe, expect, it } from 'vitest';
import { decode } from '../bencode/index.js';
import type { BencodeDict, BencodeValue } from '../bencode/index.js';
import {
  decodeCompactPeers,
  encodeAnnounceResponse,
  encodeAnnounceResponseDictPeers,
  encodeCompactPeer,
  encodeFailure,
  encodeScrapeResponse,
  normalisePeerAddress,
} from './index.js';

const asDict = (value: BencodeValue | undefined): BencodeDict => value as BencodeDict;

describe('compact peers', () => {
  it('encodes IPv4 as 6 bytes in network order', () => {
    expect(encodeCompactPeer('1.2.3.4', 6881).toString('hex')).toBe('010203041ae1');
    expect(encodeCompactPeer('255.255.255.255', 65535).toString('hex')).toBe('ffffffffffff');
  });

  it('encodes IPv4-mapped IPv6 as IPv4', () => {
    expect(encodeCompactPeer('::ffff:1.2.3.4', 6881).toString('hex')).toBe('010203041ae1');
    expect(encodeCompactPeer('::FFFF:0102:0304', 6881).toString('hex')).toBe('010203041ae1');
  });

  it('encodes IPv6 as 18 bytes', () => {
    expect(encodeCompactPeer('2001:db8::1', 51413).toString('hex')).toBe(
      '20010db8000000000000000000000001c8d5',
    );
    expect(encodeCompactPeer('::1', 1).toString('hex')).toBe(`${'00'.repeat(15)}010001`);
    expect(encodeCompactPeer('fe80:0:0:0:1:2:3:4', 2).toString('hex')).toBe(
      'fe800000000000000001000200030004' + '0002',
    );
    expect(encodeCompactPeer('64:ff9b::192.0.2.33', 3).toString('hex')).toBe(
      '0064ff9b0000000000000000c00002210003',
    );
  });

  it.each([
    ['1.2.3', 'invalid IP address "1.2.3"'],
    ['1.2.3.4.5', 'invalid IP address'],
    ['256.0.0.1', 'invalid IP address'],
    ['01.2.3.4', 'invalid IP address'],
    ['1..3.4', 'invalid IP address'],
    ['', 'invalid IP address'],
    ['1:2:3:4:5:6:7:8:9', 'invalid IP address'],
    ['1::2::3', 'invalid IP address'],
    ['12345::', 'invalid IP address'],
    ['fe80::1%eth0', 'invalid IP address'],
    ['::1.2.3.4.5', 'invalid IP address'],
    [':1', 'invalid IP address'],
    ['1:2:3:4:5:6:7:8::', 'invalid IP address'],
  ])('rejects the address %j', (ip, message) => {
    expect(() => encodeCompactPeer(ip, 1)).toThrowError(message);
  });

  it('rejects ports outside 1-65535', () => {
    expect(() => encodeCompactPeer('1.2.3.4', 0)).toThrowError('invalid port 0');
    expect(() => encodeCompactPeer('1.2.3.4', 65536)).toThrowError('invalid port 65536');
    expect(() => encodeCompactPeer('1.2.3.4', 1.5)).toThrowError('invalid port 1.5');
  });

  it('decodes what it encodes, IPv6 in RFC 5952 form', () => {
    const v4 = Buffer.concat([
      encodeCompactPeer('1.2.3.4', 6881),
      encodeCompactPeer('10.0.0.255', 80),
    ]);
    expect(decodeCompactPeers(v4, 4)).toEqual([
      { ip: '1.2.3.4', port: 6881 },
      { ip: '10.0.0.255', port: 80 },
    ]);
    const v6 = Buffer.concat(
      [
        '2001:0db8:0000:0000:0000:0000:0000:0001',
        '2001:db8:0:1:0:0:0:1',
        '1:0:0:2:0:0:0:3',
        '::',
      ].map((ip) => encodeCompactPeer(ip, 9)),
    );
    expect(decodeCompactPeers(v6, 6).map((peer) => peer.ip)).toEqual([
      '2001:db8::1',
      '2001:db8:0:1::1',
      '1:0:0:2::3',
      '::',
    ]);
  });

  it('rejects a compact list of the wrong size', () => {
    expect(() => decodeCompactPeers(Buffer.alloc(7), 4)).toThrowError(
      'IPv4 compact peers must be a multiple of 6 bytes (got 7)',
    );
    expect(() => decodeCompactPeers(Buffer.alloc(6), 6)).toThrowError(
      'IPv6 compact peers must be a multiple of 18 bytes (got 6)',
    );
  });

  it('normalises socket addresses to a family', () => {
    expect(normalisePeerAddress('::ffff:10.1.2.3')).toEqual({ ip: '10.1.2.3', family: 4 });
    expect(normalisePeerAddress('2001:DB8:0::1')).toEqual({ ip: '2001:db8::1', family: 6 });
    expect(normalisePeerAddress('10.1.2.3')).toEqual({ ip: '10.1.2.3', family: 4 });
    expect(normalisePeerAddress('nonsense')).toBeUndefined();
  });
});

describe('announce responses', () => {
  const counts = { interval: 1800, minInterval: 300, complete: 5, incomplete: 7, downloaded: 42 };

  it('encodes the compact response with every field, keys sorted', () => {
    const peers = Buffer.concat([
      encodeCompactPeer('1.2.3.4', 6881),
      encodeCompactPeer('5.6.7.8', 51413),
    ]);
    const peers6 = encodeCompactPeer('2001:db8::1', 6881);
    const output = encodeAnnounceResponse({
      ...counts,
      peers,
      peers6,
      trackerId: 'tid',
      warningMessage: 'ratio low — seed more',
    });
    const response = asDict(decode(output)); // strict decode proves canonical key order
    expect(response['interval']).toBe(1800);
    expect(response['min interval']).toBe(300);
    expect(response['complete']).toBe(5);
    expect(response['incomplete']).toBe(7);
    expect(response['downloaded']).toBe(42);
    expect(decodeCompactPeers(response['peers'] as Buffer, 4)).toEqual([
      { ip: '1.2.3.4', port: 6881 },
      { ip: '5.6.7.8', port: 51413 },
    ]);
    expect(decodeCompactPeers(response['peers6'] as Buffer, 6)).toEqual([
      { ip: '2001:db8::1', port: 6881 },
    ]);
    expect((response['tracker id'] as Buffer).toString()).toBe('tid');
    expect((response['warning message'] as Buffer).toString('utf8')).toBe('ratio low — seed more');
  });

  it('leaves out empty peers6 and undefined optional fields', () => {
    const output = encodeAnnounceResponse({
      interval: 60,
      complete: 0,
      incomplete: 0,
      downloaded: 0,
      peers: Buffer.alloc(0),
      peers6: Buffer.alloc(0),
    });
    expect(output.toString()).toBe(
      'd8:completei0e10:downloadedi0e10:incompletei0e8:intervali60e5:peers0:e',
    );
  });

  it('refuses counters that are not safe integers', () => {
    expect(() =>
      encodeAnnounceResponse({ ...counts, complete: 1.5, peers: Buffer.alloc(0) }),
    ).toThrowError('complete must be a safe integer (got 1.5)');
  });

  it('encodes dictionary peers for compact=0, with peer id only when given', () => {
    const peerId = Buffer.from('-TR3000-abcdefghijkl').toString('hex');
    const output = encodeAnnounceResponseDictPeers({
      ...counts,
      peers: [
        { ip: '1.2.3.4', port: 6881, peerId },
        { ip: '2001:db8::1', port: 51413 },
      ],
    });
    const response = asDict(decode(output));
    expect(response['interval']).toBe(1800);
    const [first, second] = response['peers'] as BencodeDict[];
    expect(first?.['ip']?.toString()).toBe('1.2.3.4');
    expect(first?.['port']).toBe(6881);
    expect(first?.['peer id']?.toString()).toBe('-TR3000-abcdefghijkl');
    expect(Object.keys(second ?? {})).toEqual(['ip', 'port']);
    expect(() =>
      encodeAnnounceResponseDictPeers({
        ...counts,
        peers: [{ ip: '1.2.3.4', port: 1, peerId: 'xyz' }],
      }),
    ).toThrowError('peerId must be 40 hex characters');
  });

  it('encodes a failure reason in UTF-8', () => {
    expect(encodeFailure('unregistered torrent').toString()).toBe(
      'd14:failure reason20:unregistered torrente',
    );
    const reason = asDict(decode(encodeFailure('passkey révoquée')))['failure reason'] as Buffer;
    expect(reason.toString('utf8')).toBe('passkey révoquée');
  });

  it('tells a refused client when to come back: min interval in seconds, retry in minutes (BEP 31)', () => {
    const answer = encodeFailure('tracker busy', { retryInSeconds: 90 });
    expect(answer.toString()).toBe('d14:failure reason12:tracker busy12:min intervali90e8:retry ini2ee');
    const dict = asDict(decode(answer));
    expect(dict['min interval']).toBe(90);
    expect(dict['retry in']).toBe(2);
  });
});

describe('scrape responses', () => {
  it('keys files by raw 20-byte hashes in byte order, once each', () => {
    const high = 'ff'.repeat(20);
    const low = '00'.repeat(19) + '01';
    const output = encodeScrapeResponse([
      { infoHash: high, complete: 1, incomplete: 2, downloaded: 3 },
      { infoHash: low, complete: 4, incomplete: 5, downloaded: 6 },
      { infoHash: high, complete: 1, incomplete: 2, downloaded: 3 },
    ]);
    const files = asDict(asDict(decode(output))['files']);
    const keys = Object.keys(files).map((key) => Buffer.from(key, 'latin1').toString('hex'));
    expect(keys).toEqual([low, high]);
    expect(files[Buffer.from(low, 'hex').toString('latin1')]).toEqual(
      Object.assign(Object.create(null), { complete: 4, downloaded: 6, incomplete: 5 }),
    );
  });

  it('encodes an empty files dict and refuses malformed hashes', () => {
    expect(encodeScrapeResponse([]).toString()).toBe('d5:filesdee');
    expect(() =>
      encodeScrapeResponse([{ infoHash: 'abc', complete: 0, incomplete: 0, downloaded: 0 }]),
    ).toThrowError('infoHash must be 40 hex characters');
  });
});
