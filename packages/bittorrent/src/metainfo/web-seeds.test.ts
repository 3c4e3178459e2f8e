// Web seeds (BEP 19 url-list, BEP 17 httpseeds) make every downloader's client fetch
// from a server the uploader chose, revealing its address: they are stripped from the
// tenant's copy and from every download unless asked for, without touching the info dict.
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../bencode/index.js';
import type { BencodeDict } from '../bencode/index.js';
import { parseMetainfo, personalise, rewriteForTenant } from './index.js';

const withWebSeeds = encode({
  announce: 'http://public.test/announce',
  'url-list': ['http://uploader.example/files/', 'https://mirror.example/x/'],
  httpseeds: ['http://uploader.example/seed.php'],
  comment: 'kept',
  info: { length: 40000, name: 'file.bin', 'piece length': 16384, pieces: Buffer.alloc(60, 0xab) },
});
const announceUrl = 'http://tracker.test/0123456789abcdef0123456789abcdef/announce';

const topLevel = (bytes: Buffer) => decode(bytes) as BencodeDict;

describe('web seeds', () => {
  it('are removed by the tenant rewrite unless kept, with the same new info hash either way', () => {
    const stripped = rewriteForTenant(withWebSeeds, { announceUrl, source: 'tenant' });
    expect(topLevel(stripped.torrent)['url-list']).toBeUndefined();
    expect(topLevel(stripped.torrent)['httpseeds']).toBeUndefined();
    expect(parseMetainfo(stripped.torrent).webSeeds).toEqual([]);
    expect(parseMetainfo(stripped.torrent).comment).toBe('kept');

    const kept = rewriteForTenant(withWebSeeds, { announceUrl, source: 'tenant', keepWebSeeds: true });
    expect(parseMetainfo(kept.torrent).webSeeds).toEqual(['http://uploader.example/files/', 'https://mirror.example/x/']);
    expect(topLevel(kept.torrent)['httpseeds']).toEqual([Buffer.from('http://uploader.example/seed.php')]);
    // They live outside the info dict: the hash does not depend on them.
    expect(kept.infoHash).toBe(stripped.infoHash);
  });

  it('are removed from a personalised download of a torrent stored with them, keeping its hash', () => {
    const original = parseMetainfo(withWebSeeds);
    const personal = personalise(withWebSeeds, announceUrl);
    expect(topLevel(personal)['url-list']).toBeUndefined();
    expect(topLevel(personal)['httpseeds']).toBeUndefined();
    expect(parseMetainfo(personal).infoHash).toBe(original.infoHash);
    expect(parseMetainfo(personal).announce).toBe(announceUrl);

    const kept = personalise(withWebSeeds, announceUrl, { keepWebSeeds: true });
    expect(parseMetainfo(kept).webSeeds).toEqual(original.webSeeds);
    expect(topLevel(kept)['httpseeds']).toEqual([Buffer.from('http://uploader.example/seed.php')]);
    expect(parseMetainfo(kept).infoHash).toBe(original.infoHash);
  });
});
