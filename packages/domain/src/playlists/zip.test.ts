// The zip writer checked by Info-ZIP's own reader (not by us): structure and CRCs pass
// `unzip -t`, names and bytes come back exactly (entry names are ASCII: downloadTorrent's file names are); and the cover sniffer judges
// by signature only.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffImageType } from './cover-image';
import { buildZip } from './zip';

describe('buildZip', () => {
  it('writes a zip unzip accepts, with every name and byte intact', () => {
    const entries = [
      { name: '01 Alpha.torrent', bytes: randomBytes(3000) },
      { name: '02 Empty (live).torrent', bytes: new Uint8Array(0) },
      { name: '03 big.torrent', bytes: randomBytes(200_000) },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
    try {
      writeFileSync(join(dir, 'a.zip'), buildZip(entries, new Date('2026-12-06T10:20:30Z')));
      execFileSync('unzip', ['-tq', 'a.zip'], { cwd: dir });
      const listing = execFileSync('unzip', ['-Z1', 'a.zip'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
      expect(listing).toEqual(entries.map((entry) => entry.name));
      execFileSync('unzip', ['-q', 'a.zip', '-d', 'out'], { cwd: dir });
      for (const entry of entries) expect(readFileSync(join(dir, 'out', entry.name)).equals(Buffer.from(entry.bytes))).toBe(true);
      expect(execFileSync('zipinfo', ['-T', 'a.zip', entries[0]!.name], { cwd: dir, encoding: 'utf8' })).toContain('20261206.102030');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sniffImageType', () => {
  it('knows PNG, JPEG and WebP by their first bytes and nothing else', () => {
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniffImageType(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(sniffImageType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]))).toBeNull();
    expect(sniffImageType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from('89504e47', 'hex'))).toBeNull(); // cut short
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });
});
