// Golden tests against .torrent files built by mktorrent and transmission-create
// (test/fixtures/make-fixtures.sh); hashes.json holds what transmission-show printed.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decode } from '../bencode/index.js';
import type { BencodeDict } from '../bencode/index.js';
import { parseMetainfo, personalise, rewriteForTenant } from './index.js';

const fixturesDir = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const recordedHashes = JSON.parse(readFileSync(join(fixturesDir, 'hashes.json'), 'utf8')) as Record<
  string,
  string
>;
const fixture = (name: string): Buffer => readFileSync(join(fixturesDir, name));

function transmissionShowAvailable(): boolean {
  try {
    execFileSync('transmission-show', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const hasTransmissionShow = transmissionShowAvailable();
const scratchDir = mkdtempSync(join(tmpdir(), 'swarmhost-bittorrent-'));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

function hashByTransmissionShow(torrent: Buffer): string {
  const path = join(scratchDir, `${Math.random().toString(36).slice(2)}.torrent`);
  writeFileSync(path, torrent);
  const output = execFileSync('transmission-show', [path], { encoding: 'utf8' });
  const match = /^\s*Hash:\s*([0-9a-f]{40})\s*$/m.exec(output);
  if (match?.[1] === undefined) throw new Error(`no hash in transmission-show output:\n${output}`);
  return match[1];
}

describe.each(Object.keys(recordedHashes))('golden %s', (fileName) => {
  const input = fixture(fileName);

  it('has the info hash transmission-show recorded', () => {
    expect(parseMetainfo(input).infoHash).toBe(recordedHashes[fileName]);
  });

  it('rewriteForTenant makes it private with a source and a new hash', () => {
    const announceUrl = 'https://tracker.swarmhost.test/0123456789abcdef0123456789abcdef/announce';
    const rewritten = rewriteForTenant(input, { announceUrl, source: 'tenant-a' });
    const reparsed = parseMetainfo(rewritten.torrent);
    expect(reparsed.infoHash).toBe(rewritten.infoHash);
    expect(rewritten.infoHashBuffer.toString('hex')).toBe(rewritten.infoHash);
    expect(reparsed.private).toBe(true);
    expect(reparsed.source).toBe('tenant-a');
    expect(reparsed.announce).toBe(announceUrl);
    expect(reparsed.announceList).toEqual([]);
    const original = parseMetainfo(input);
    expect(rewritten.infoHash).not.toBe(original.infoHash);
    expect(reparsed.files).toEqual(original.files);
    // Web seeds would tell the uploader's server every downloader's address.
    expect(reparsed.webSeeds).toEqual([]);
    expect(reparsed.comment).toBe(original.comment);
  });

  it.skipIf(!hasTransmissionShow)(
    `transmission-show prints our rewritten hash${hasTransmissionShow ? '' : ' (SKIPPED: transmission-show is not installed)'}`,
    () => {
      const rewritten = rewriteForTenant(input, {
        announceUrl: 'http://t.test/announce',
        source: 'tenant-b',
      });
      expect(hashByTransmissionShow(rewritten.torrent)).toBe(rewritten.infoHash);
    },
  );

  it('personalise changes only the announce URL and keeps the hash', () => {
    const announceUrl = 'http://tracker.swarmhost.test/fedcba9876543210fedcba9876543210/announce';
    const personal = personalise(input, announceUrl);
    const reparsed = parseMetainfo(personal);
    expect(reparsed.infoHash).toBe(recordedHashes[fileName]);
    expect(reparsed.announce).toBe(announceUrl);
    expect(reparsed.announceList).toEqual([]);
  });
});

describe('golden fixture contents', () => {
  it('reads every field of the mktorrent multi-file torrent', () => {
    const metainfo = parseMetainfo(fixture('mktorrent-multi.torrent'));
    expect(metainfo).toMatchObject({
      name: 'Album Name',
      isMultiFile: true,
      totalSize: 70000 + 45001 + 12345 + 321,
      pieceLength: 32768,
      pieceCount: 4,
      private: true,
      source: 'PUBLICSRC',
      announce: 'http://a.example/announce',
      announceList: [
        ['http://a.example/announce', 'http://b.example/announce'],
        ['udp://c.example:6969/announce'],
      ],
      webSeeds: ['http://seed.example/files/'],
      comment: undefined,
      createdBy: 'mktorrent 1.1',
      creationDate: undefined,
    });
    expect(metainfo.files).toEqual([
      { path: '01 - Intro.flac', length: 70000 },
      { path: '02 - Song.flac', length: 45001 },
      { path: 'Scans/cover.jpg', length: 12345 },
      { path: 'notes é.txt', length: 321 },
    ]);
  });

  it('reads the transmission-create single-file torrent', () => {
    const metainfo = parseMetainfo(fixture('transmission-single.torrent'));
    expect(metainfo).toMatchObject({
      name: 'hello.bin',
      isMultiFile: false,
      files: [{ path: 'hello.bin', length: 100000 }],
      totalSize: 100000,
      pieceLength: 32768,
      pieceCount: 4,
      private: false,
      comment: 'golden single',
    });
    expect(metainfo.createdBy).toMatch(/^Transmission\//);
    expect(metainfo.creationDate).toBeInstanceOf(Date);
  });

  it('keeps unknown info keys and the pieces when rewriting', () => {
    const input = fixture('mktorrent-multi.torrent');
    const before = decode(input) as BencodeDict;
    const after = decode(
      rewriteForTenant(input, { announceUrl: 'udp://t.test:6969', source: 'x', keepWebSeeds: true }).torrent,
    ) as BencodeDict;
    const beforeInfo = before['info'] as BencodeDict;
    const afterInfo = after['info'] as BencodeDict;
    expect(afterInfo['pieces']).toEqual(beforeInfo['pieces']);
    expect(Object.keys(afterInfo).sort()).toEqual(Object.keys(beforeInfo).sort());
    expect(after['url-list']).toEqual(before['url-list']);
  });
});
