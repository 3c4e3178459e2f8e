import { randomBytes } from 'node:crypto';
import type { StoreAnnounceInput } from '@swarmhost/tracker-core';
import { describe, expect, it } from 'vitest';
import {
  decodeAnnounce,
  decodeAnnounceAnswer,
  decodeError,
  decodeScrape,
  decodeScrapeAnswer,
  encodeAnnounce,
  encodeAnnounceAnswer,
  encodeError,
  encodeScrape,
  encodeScrapeAnswer,
  FrameKind,
  FrameSplitter,
} from './frames';
import { ownerOf } from './sharded-store';

const input: StoreAnnounceInput = {
  tenantId: '5b0e6a53-2a3f-4d8e-9a53-0c1f1f0d2e11',
  infoHash: 'ab'.repeat(20),
  memberId: '0d7c2f1e-6a0b-4c55-8f9e-2b8f8c1d3a22',
  peerId: '2d5452343035302d'.padEnd(40, '7'),
  compactAddress: Buffer.from([192, 0, 2, 7, 0x1a, 0xe1]),
  uploaded: 2 ** 53 - 1,
  downloaded: 123_456_789,
  left: 0,
  event: 'completed',
  numwant: 200,
  nowMs: 1_765_000_000_123,
  intervalSeconds: 1800,
  minIntervalSeconds: 300,
  peerTtlSeconds: 3900,
  maxPeersPerMember: 3,
  creditFactors: { downloadFactor: 0.25, uploadFactor: 2 },
  maxBytesPerSecond: 1024 ** 3,
};

function only(bytes: Buffer) {
  const frames = new FrameSplitter().push(bytes);
  expect(frames).toHaveLength(1);
  return frames[0]!;
}

describe('shard frames', () => {
  it('carry an announce, its answer, a scrape and its answer unchanged', () => {
    const announce = only(encodeAnnounce(7, input));
    expect([announce.kind, announce.id]).toEqual([FrameKind.announce, 7]);
    expect(decodeAnnounce(announce.payload)).toEqual(input);

    const result = { complete: 3, incomplete: 2, downloaders: 1, downloaded: 9, refused: 'min_interval' as const, peers4: randomBytes(12), peers6: randomBytes(18) };
    expect(decodeAnnounceAnswer(only(encodeAnnounceAnswer(8, result)).payload)).toEqual(result);
    const accepted = { complete: 0, incomplete: 0, downloaders: 0, downloaded: 0, peers4: Buffer.alloc(0), peers6: Buffer.alloc(0) };
    expect(decodeAnnounceAnswer(only(encodeAnnounceAnswer(9, accepted)).payload)).toEqual(accepted);

    const scrape = { tenantId: input.tenantId, infoHashes: ['01'.repeat(20), 'fe'.repeat(20)], nowMs: input.nowMs, peerTtlSeconds: 3900 };
    expect(decodeScrape(only(encodeScrape(10, scrape)).payload)).toEqual(scrape);
    const files = new Map([['01'.repeat(20), { complete: 1, incomplete: 2, downloaders: 2, downloaded: 70_000 }]]);
    expect(decodeScrapeAnswer(only(encodeScrapeAnswer(11, files)).payload)).toEqual(files);
    expect(decodeError(only(encodeError(12, 'PostgreSQL is down')).payload)).toBe('PostgreSQL is down');
  });

  it('splits a stream cut anywhere, and several frames in one chunk', () => {
    const stream = Buffer.concat([encodeAnnounce(1, input), encodeAnnounce(2, { ...input, event: 'stopped' }), encodeError(3, 'x')]);
    for (const cut of [1, 4, 5, 9, 30, stream.length - 1]) {
      const splitter = new FrameSplitter();
      const frames = [...splitter.push(stream.subarray(0, cut)), ...splitter.push(stream.subarray(cut))];
      expect(frames.map((frame) => frame.id)).toEqual([1, 2, 3]);
      expect(decodeAnnounce(frames[1]!.payload).event).toBe('stopped');
    }
  });

  it('refuses a frame whose length or kind is out of bounds, and a payload that ends early', () => {
    expect(() => new FrameSplitter().push(Buffer.from([0xff, 0xff, 0xff, 0xff, 1]))).toThrow(/frame length 4294967295 is outside/);
    expect(() => new FrameSplitter().push(Buffer.from([0, 0, 0, 5, 99, 0, 0, 0, 1]))).toThrow(/unknown frame kind 99/);
    expect(() => decodeAnnounce(Buffer.from([0, 10, 1, 2]))).toThrow(/frame payload ends early/);
    expect(() => encodeAnnounce(1, { ...input, infoHash: 'not hex' })).toThrow(/expected 40 hex characters/);
  });
});

describe('ownerOf', () => {
  it('is stable and spreads swarms over the workers', () => {
    expect(ownerOf('tenant', 'ab'.repeat(20), 1)).toBe(0);
    expect(ownerOf('tenant', 'ab'.repeat(20), 4)).toBe(ownerOf('tenant', 'ab'.repeat(20), 4));
    // The same info hash in another tenant is another swarm, possibly elsewhere.
    const counts = [0, 0];
    for (let index = 0; index < 2000; index += 1) counts[ownerOf('tenant', index.toString(16).padStart(40, '0'), 2)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    // FNV-1a of "a:b" (the function gives the reference values: "a" e40c292c, "foobar" bf9cf968),
    // fixed: a change of the hash would move every swarm at the next deploy.
    expect(ownerOf('a', 'b', 1000)).toBe(0x08bd8540 % 1000);
  });
});
