import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitTorrentError } from '../errors.js';
import {
  buildAnnounceRequest,
  buildConnectRequest,
  buildScrapeRequest,
  parseUdpRequest,
  udpAnnounceToParams,
  urlDataOptions,
} from './index.js';

const validPackets = [
  buildConnectRequest(1),
  buildAnnounceRequest(
    {
      connectionId: Buffer.alloc(8, 1),
      transactionId: 2,
      infoHash: 'ab'.repeat(20),
      peerId: 'cd'.repeat(20),
      downloaded: 1n,
      left: 2n,
      uploaded: 3n,
      eventCode: 1,
      ipv4: 0,
      key: 4,
      numWant: 50,
      port: 6881,
    },
    Buffer.concat([
      urlDataOptions('/0123456789abcdef0123456789abcdef/announce', 9),
      Buffer.from([0x1, 0x0]),
    ]),
  ),
  buildScrapeRequest(Buffer.alloc(8, 1), 3, ['ab'.repeat(20), 'cd'.repeat(20)]),
];

/** Parse and, for announces, convert; only BitTorrentError('udp') may escape. */
function onlyUdpErrors(packet: Buffer): void {
  try {
    const request = parseUdpRequest(packet);
    if (request.action === 'announce') udpAnnounceToParams(request);
  } catch (error) {
    if (!(error instanceof BitTorrentError)) throw error;
    expect(error.code).toBe('udp');
  }
}

describe('UDP codec fuzzing', () => {
  it('random datagrams throw only udp errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (raw) => onlyUdpErrors(Buffer.from(raw))),
      { numRuns: 1000 },
    );
  });

  it('random bytes behind a valid header throw only udp errors', () => {
    const action = fc.integer({ min: 0, max: 3 });
    fc.assert(
      fc.property(action, fc.uint8Array({ minLength: 0, maxLength: 160 }), (code, body) => {
        const header = Buffer.alloc(16);
        header.writeUInt32BE(code, 8);
        onlyUdpErrors(Buffer.concat([header, body]));
      }),
      { numRuns: 1000 },
    );
  });

  it('mutated and truncated valid packets throw only udp errors', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...validPackets),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        (original, flips, cut) => {
          const packet = Buffer.from(original);
          for (const [position, byte] of flips) packet[position % packet.length] = byte;
          onlyUdpErrors(packet);
          onlyUdpErrors(packet.subarray(0, cut % (packet.length + 1)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('walks a maximum-size datagram of options in bounded time', () => {
    const announce = validPackets[1]?.subarray(0, 98) ?? Buffer.alloc(98);
    const nops = Buffer.alloc(65_507 - 98, 0x1);
    const started = performance.now();
    onlyUdpErrors(Buffer.concat([announce, nops]));
    const emptyUrlDataOptions = Buffer.from(
      Array.from({ length: 32_500 }, () => [0x2, 0x0]).flat(),
    );
    onlyUdpErrors(Buffer.concat([announce, emptyUrlDataOptions]));
    expect(performance.now() - started).toBeLessThan(1000); // generous: catches super-linear blow-ups
  });
});
