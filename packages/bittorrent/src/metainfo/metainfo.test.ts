import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encode } from '../bencode/index.js';
import type { BencodeInput } from '../bencode/index.js';
import { BitTorrentError } from '../errors.js';
import { parseMetainfo, personalise, rewriteForTenant } from './index.js';

type Fields = { readonly [key: string]: BencodeInput | undefined };

const pieceHashes = (count: number): Buffer => Buffer.alloc(20 * count, 0xab);

function torrent(info: Fields, top: Fields = {}): Buffer {
  return encode({
    announce: 'http://t.test/announce',
    ...top,
    info: { 'piece length': 16384, ...info },
  });
}

const singleFile = (info: Fields = {}, top: Fields = {}): Buffer =>
  torrent({ name: 'file.bin', length: 40000, pieces: pieceHashes(3), ...info }, top);

const multiFile = (files: BencodeInput[], info: Fields = {}): Buffer =>
  torrent({ name: 'folder', files, pieces: pieceHashes(1), ...info });

function rejection(run: () => unknown): BitTorrentError {
  try {
    run();
  } catch (error) {
    if (error instanceof BitTorrentError) return error;
    throw error;
  }
  throw new Error('expected a BitTorrentError');
}

describe('parseMetainfo', () => {
  it('hashes the info dict exactly as it appears in the file', () => {
    const input = singleFile();
    const infoStart = input.indexOf('4:info') + 6;
    const expected = createHash('sha1')
      .update(input.subarray(infoStart, input.length - 1))
      .digest('hex');
    expect(parseMetainfo(input).infoHash).toBe(expected);
  });

  it('hashes non-canonical info bytes as they are when strict is off', () => {
    const info = Buffer.from(
      'd6:lengthi1e4:name1:x12:piece lengthi1e6:pieces20:aaaaaaaaaaaaaaaaaaaa7:privatei1ee',
    );
    // The info dict itself is canonical; only the top level is out of order.
    const input = Buffer.concat([Buffer.from('d4:info'), info, Buffer.from('8:announce1:ue')]);
    expect(rejection(() => parseMetainfo(input)).message).toMatch(/out of order/);
    const metainfo = parseMetainfo(input, { strict: false });
    expect(metainfo.infoHash).toBe(createHash('sha1').update(info).digest('hex'));
  });

  it('accepts a file of length 0 among others and a final short piece', () => {
    const metainfo = parseMetainfo(
      multiFile([
        { length: 0, path: ['empty'] },
        { length: 10, path: ['sub', 'a.txt'] },
      ]),
    );
    expect(metainfo.files).toEqual([
      { path: 'empty', length: 0 },
      { path: 'sub/a.txt', length: 10 },
    ]);
    expect(metainfo.pieceCount).toBe(1);
  });

  it.each<[string, Buffer, string]>([
    ['not a dict', encode(['x']), 'metainfo: a .torrent file must be a bencoded dictionary'],
    ['missing info', encode({ announce: 'x' }), 'metainfo: info is missing'],
    ['info not a dict', encode({ info: 'x' }), 'metainfo: info must be a dictionary'],
    ['missing name', singleFile({ name: undefined }), 'metainfo: info.name is missing'],
    ['name ..', singleFile({ name: '..' }), 'metainfo: info.name is an unsafe path segment ".."'],
    [
      'name with slash',
      singleFile({ name: '/etc' }),
      'metainfo: info.name is an unsafe path segment "/etc"',
    ],
    [
      'name not UTF-8',
      singleFile({ name: Buffer.from([0xff, 0xfe]) }),
      'metainfo: info.name is not valid UTF-8',
    ],
    [
      'piece length 0',
      singleFile({ 'piece length': 0 }),
      'metainfo: info.piece length must be at least 1 (got 0)',
    ],
    [
      'piece length text',
      singleFile({ 'piece length': 'big' }),
      'metainfo: info.piece length must be an integer',
    ],
    [
      'pieces not /20',
      singleFile({ pieces: Buffer.alloc(59) }),
      'metainfo: info.pieces is 59 bytes, which is not a multiple of 20',
    ],
    [
      'too few pieces',
      singleFile({ pieces: pieceHashes(2) }),
      'metainfo: info.pieces holds 2 piece hashes but 40000 bytes in pieces of 16384 need 3',
    ],
    [
      'negative length',
      singleFile({ length: -1 }),
      'metainfo: info.length must be at least 0 (got -1)',
    ],
    [
      'huge length',
      singleFile({ length: 2n ** 64n }),
      'metainfo: info.length is too large (18446744073709551616)',
    ],
    [
      'empty torrent',
      singleFile({ length: 0, pieces: Buffer.alloc(0) }),
      'metainfo: the torrent holds no data',
    ],
    [
      'length and files',
      singleFile({ files: [] }),
      'metainfo: info has both length (single file) and files (multi file)',
    ],
    [
      'neither',
      singleFile({ length: undefined }),
      'metainfo: info needs either length (single file) or files (multi file)',
    ],
    ['no files', multiFile([]), 'metainfo: info.files is empty'],
    ['file not a dict', multiFile(['x']), 'metainfo: info.files[0] must be a dictionary'],
    ['empty path', multiFile([{ length: 1, path: [] }]), 'metainfo: info.files[0].path is empty'],
    [
      'dotdot segment',
      multiFile([{ length: 1, path: ['a', '..', 'b'] }]),
      'metainfo: info.files[0].path[1] is an unsafe path segment ".."',
    ],
    [
      'dot segment',
      multiFile([{ length: 1, path: ['.'] }]),
      'metainfo: info.files[0].path[0] is an unsafe path segment "."',
    ],
    [
      'empty segment',
      multiFile([{ length: 1, path: ['a', ''] }]),
      'metainfo: info.files[0].path[1] is an unsafe path segment ""',
    ],
    [
      'slash in segment',
      multiFile([{ length: 1, path: ['a/b'] }]),
      'metainfo: info.files[0].path[0] is an unsafe path segment "a/b"',
    ],
    [
      'absolute segment',
      multiFile([{ length: 1, path: ['/etc', 'passwd'] }]),
      'metainfo: info.files[0].path[0] is an unsafe path segment "/etc"',
    ],
    [
      'backslash',
      multiFile([{ length: 1, path: ['..\\x'] }]),
      'metainfo: info.files[0].path[0] is an unsafe path segment',
    ],
    [
      'duplicate path',
      multiFile([
        { length: 1, path: ['a'] },
        { length: 1, path: ['a'] },
      ]),
      'metainfo: info.files lists "a" twice',
    ],
    [
      'file and folder',
      multiFile([
        { length: 1, path: ['a'] },
        { length: 1, path: ['a', 'b'] },
      ]),
      'metainfo: info.files uses "a" as both a file and a folder',
    ],
    [
      'folder then file',
      multiFile([
        { length: 1, path: ['a', 'b'] },
        { length: 1, path: ['a'] },
      ]),
      'metainfo: info.files uses "a" as both a file and a folder',
    ],
    ['private 2', singleFile({ private: 2 }), 'metainfo: info.private must be 0 or 1 (got 2)'],
    [
      'announce-list not a list',
      singleFile({}, { 'announce-list': 'x' }),
      'metainfo: announce-list must be a list',
    ],
    [
      'announce-list tier',
      singleFile({}, { 'announce-list': [[1]] }),
      'metainfo: announce-list[0][0] must be a byte string',
    ],
    ['comment type', singleFile({}, { comment: 5 }), 'metainfo: comment must be a byte string'],
    [
      'creation date type',
      singleFile({}, { 'creation date': 'today' }),
      'metainfo: creation date must be an integer',
    ],
    [
      'url-list dict',
      singleFile({}, { 'url-list': {} }),
      'metainfo: url-list must be a string or a list of strings',
    ],
  ])('rejects %s', (_case, input, message) => {
    const error = rejection(() => parseMetainfo(input));
    expect(error.code).toBe('metainfo');
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('passes bencode errors through with their code', () => {
    expect(rejection(() => parseMetainfo(Buffer.from('d4:infoi03ee'))).code).toBe('bencode');
    expect(rejection(() => parseMetainfo(Buffer.alloc(0))).code).toBe('bencode');
  });

  it.each<[string, Buffer]>([
    ['v2-only', torrent({ name: 'x', 'meta version': 2, 'file tree': {} }, { 'piece layers': {} })],
    ['hybrid', singleFile({ 'meta version': 2, 'file tree': {} })],
    ['file tree without meta version', singleFile({ 'file tree': {} })],
  ])('refuses a %s torrent as unsupported', (_case, input) => {
    const error = rejection(() => parseMetainfo(input));
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('v2/hybrid torrents are not supported yet');
  });

  it('names an unknown meta version', () => {
    expect(rejection(() => parseMetainfo(singleFile({ 'meta version': 3 }))).message).toBe(
      'unsupported: info.meta version 3 is not supported',
    );
  });

  it('reads web seeds given as one string, and creation dates', () => {
    const metainfo = parseMetainfo(
      singleFile({}, { 'url-list': 'http://seed/x', 'creation date': 1_700_000_000 }),
    );
    expect(metainfo.webSeeds).toEqual(['http://seed/x']);
    expect(metainfo.creationDate?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });
});

describe('rewriteForTenant and personalise', () => {
  it('is stable: rewriting an already rewritten torrent keeps its hash', () => {
    const options = { announceUrl: 'http://t.test/a', source: 'tenant' };
    const once = rewriteForTenant(singleFile(), options);
    expect(rewriteForTenant(once.torrent, options).infoHash).toBe(once.infoHash);
  });

  it('gives different tenants different hashes for the same upload', () => {
    const a = rewriteForTenant(singleFile(), { announceUrl: 'http://t.test/a', source: 'a' });
    const b = rewriteForTenant(singleFile(), { announceUrl: 'http://t.test/a', source: 'b' });
    expect(a.infoHash).not.toBe(b.infoHash);
  });

  it('refuses invalid torrents, announce URLs and sources', () => {
    expect(
      rejection(() =>
        rewriteForTenant(singleFile({ pieces: Buffer.alloc(1) }), {
          announceUrl: 'http://t/a',
          source: 's',
        }),
      ).code,
    ).toBe('metainfo');
    expect(
      rejection(() => rewriteForTenant(singleFile(), { announceUrl: 'not a url', source: 's' }))
        .message,
    ).toBe('metainfo: announce URL "not a url" is not a valid URL');
    expect(rejection(() => personalise(singleFile(), 'ftp://t/a')).message).toBe(
      'metainfo: announce URL "ftp://t/a" must use http, https or udp',
    );
    expect(
      rejection(() => rewriteForTenant(singleFile(), { announceUrl: 'http://t/a', source: '' }))
        .message,
    ).toBe('metainfo: source must be a non-empty string');
    expect(rejection(() => personalise(encode({ announce: 'x' }), 'http://t/a')).message).toBe(
      'metainfo: info is missing',
    );
  });

  it('personalise keeps non-canonical info bytes untouched', () => {
    const info = Buffer.from(
      'd4:name1:x6:lengthi1e12:piece lengthi1e6:pieces20:aaaaaaaaaaaaaaaaaaaae',
    );
    const input = Buffer.concat([
      Buffer.from('d8:announce1:u13:announce-listll1:uee4:info'),
      info,
      Buffer.from('e'),
    ]);
    const personal = personalise(input, 'http://me.test/announce');
    expect(personal.includes(info)).toBe(true);
    expect(personal.includes('announce-list')).toBe(false);
    expect(parseMetainfo(personal, { strict: false }).announce).toBe('http://me.test/announce');
  });
});
