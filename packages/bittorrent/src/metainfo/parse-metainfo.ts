// Parses and validates an uploaded .torrent (BEP 3 v1 metainfo, with BEP 12 announce
// lists, BEP 19 web seeds and BEP 27 private flag); refuses BEP 52 v2 and hybrid files.

import { createHash } from 'node:crypto';
import { decodeDictWithSpans } from '../bencode/index.js';
import { BitTorrentError } from '../errors.js';
import type { BencodeDict, BencodeValue } from '../bencode/index.js';
import {
  isDict,
  metainfoError,
  optionalInteger,
  optionalUtf8,
  requireBytes,
  requireDict,
  requireInteger,
  requireList,
  requireSafePathSegment,
  requireUtf8,
} from './fields.js';
import type { Metainfo, MetainfoFile, ParseMetainfoOptions } from './types.js';

const PIECE_HASH_BYTES = 20;

/** Parses a .torrent file. Throws BitTorrentError with code 'bencode', 'metainfo' or 'unsupported'. */
export function parseMetainfo(input: Uint8Array, options: ParseMetainfoOptions = {}): Metainfo {
  const { dict, spans } = decodeTorrentDict(input, options);
  const info = requireDict(dict['info'], 'info');
  refuseVersion2(dict, info);
  const infoSpan = spans.get('info');
  if (infoSpan === undefined) throw metainfoError('info is missing');
  const infoHashBuffer = sha1(input.subarray(infoSpan.start, infoSpan.end));

  const name = requireSafePathSegment(info['name'], 'info.name');
  const pieceLength = requireInteger(info['piece length'], 'info.piece length', 1);
  const pieces = requireBytes(info['pieces'], 'info.pieces');
  if (pieces.length % PIECE_HASH_BYTES !== 0) {
    throw metainfoError(`info.pieces is ${pieces.length} bytes, which is not a multiple of 20`);
  }
  const { files, isMultiFile } = readFiles(info, name);
  const totalSize = files.reduce((sum, file) => sum + file.length, 0);
  if (!Number.isSafeInteger(totalSize)) throw metainfoError('total size of all files is too large');
  if (totalSize === 0) throw metainfoError('the torrent holds no data (total size is 0 bytes)');
  const pieceCount = pieces.length / PIECE_HASH_BYTES;
  const expectedPieceCount = Math.ceil(totalSize / pieceLength);
  if (pieceCount !== expectedPieceCount) {
    throw metainfoError(
      `info.pieces holds ${pieceCount} piece hashes but ${totalSize} bytes in pieces of ${pieceLength} need ${expectedPieceCount}`,
    );
  }

  const privateFlag = optionalInteger(info['private'], 'info.private', 0);
  if (privateFlag !== undefined && privateFlag > 1)
    throw metainfoError(`info.private must be 0 or 1 (got ${privateFlag})`);
  const creationSeconds = optionalInteger(dict['creation date'], 'creation date', 0);

  return {
    name,
    isMultiFile,
    totalSize,
    pieceLength,
    pieceCount,
    files,
    private: privateFlag === 1,
    source: optionalUtf8(info['source'], 'info.source'),
    infoHash: infoHashBuffer.toString('hex'),
    infoHashBuffer,
    announce: optionalUtf8(dict['announce'], 'announce'),
    announceList: readAnnounceList(dict['announce-list']),
    webSeeds: readWebSeeds(dict['url-list']),
    comment: optionalUtf8(dict['comment'], 'comment'),
    createdBy: optionalUtf8(dict['created by'], 'created by'),
    creationDate: creationSeconds === undefined ? undefined : toDate(creationSeconds),
  };
}

/** Decodes the top level, which must be a dictionary, keeping the byte spans of its values. */
export function decodeTorrentDict(input: Uint8Array, options: ParseMetainfoOptions) {
  if (input[0] !== 0x64 /* 'd' */ && input.length > 0) {
    throw metainfoError(
      'a .torrent file must be a bencoded dictionary (it does not start with "d")',
    );
  }
  return decodeDictWithSpans(input, { strict: options.strict ?? true });
}

export function sha1(bytes: Uint8Array): Buffer {
  return createHash('sha1').update(bytes).digest();
}

/** BEP 52: v2 has `meta version` 2 and a `file tree`; a hybrid also keeps v1 `pieces`. */
function refuseVersion2(dict: BencodeDict, info: BencodeDict): void {
  const metaVersion = info['meta version'];
  const hasV2Fields = info['file tree'] !== undefined || dict['piece layers'] !== undefined;
  if (metaVersion === undefined && !hasV2Fields) return;
  if (metaVersion !== undefined && metaVersion !== 2) {
    if (typeof metaVersion !== 'number')
      throw metainfoError('info.meta version must be an integer');
    throw new BitTorrentError(
      'unsupported',
      `unsupported: info.meta version ${metaVersion} is not supported`,
    );
  }
  const kind = info['pieces'] !== undefined ? 'a hybrid (v1 + v2)' : 'a v2-only';
  throw new BitTorrentError(
    'unsupported',
    `unsupported: v2/hybrid torrents are not supported yet (this is ${kind} torrent); create a v1 torrent instead`,
  );
}

function readFiles(
  info: BencodeDict,
  name: string,
): { files: MetainfoFile[]; isMultiFile: boolean } {
  const hasLength = info['length'] !== undefined;
  const hasFiles = info['files'] !== undefined;
  if (hasLength && hasFiles)
    throw metainfoError('info has both length (single file) and files (multi file)');
  if (hasLength) {
    return {
      files: [{ path: name, length: requireInteger(info['length'], 'info.length', 0) }],
      isMultiFile: false,
    };
  }
  if (!hasFiles)
    throw metainfoError('info needs either length (single file) or files (multi file)');
  const entries = requireList(info['files'], 'info.files');
  if (entries.length === 0) throw metainfoError('info.files is empty');
  const files = entries.map((entry, index) => readFileEntry(entry, `info.files[${index}]`));
  refuseCollidingPaths(files);
  return { files, isMultiFile: true };
}

function readFileEntry(entry: BencodeValue, field: string): MetainfoFile {
  const file = requireDict(entry, field);
  const length = requireInteger(file['length'], `${field}.length`, 0);
  const segments = requireList(file['path'], `${field}.path`);
  if (segments.length === 0) throw metainfoError(`${field}.path is empty`);
  const path = segments
    .map((segment, index) => requireSafePathSegment(segment, `${field}.path[${index}]`))
    .join('/');
  return { path, length };
}

/** Two files at one path, or a file that is also a folder, would make clients overwrite data. */
function refuseCollidingPaths(files: readonly MetainfoFile[]): void {
  const filePaths = new Set<string>();
  const folderPaths = new Set<string>();
  for (const { path } of files) {
    if (filePaths.has(path)) throw metainfoError(`info.files lists ${JSON.stringify(path)} twice`);
    if (folderPaths.has(path))
      throw metainfoError(`info.files uses ${JSON.stringify(path)} as both a file and a folder`);
    filePaths.add(path);
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const folder = path.slice(0, slash);
      if (filePaths.has(folder)) {
        throw metainfoError(
          `info.files uses ${JSON.stringify(folder)} as both a file and a folder`,
        );
      }
      folderPaths.add(folder);
    }
  }
}

function readAnnounceList(value: BencodeValue | undefined): string[][] {
  if (value === undefined) return [];
  const tiers = requireList(value, 'announce-list');
  const result: string[][] = [];
  tiers.forEach((tier, tierIndex) => {
    const urls = requireList(tier, `announce-list[${tierIndex}]`).map((url, urlIndex) =>
      requireUtf8(url, `announce-list[${tierIndex}][${urlIndex}]`),
    );
    if (urls.length > 0) result.push(urls);
  });
  return result;
}

/** BEP 19 allows a single URL or a list. */
function readWebSeeds(value: BencodeValue | undefined): string[] {
  if (value === undefined) return [];
  if (Buffer.isBuffer(value)) return value.length === 0 ? [] : [requireUtf8(value, 'url-list')];
  if (isDict(value)) throw metainfoError('url-list must be a string or a list of strings');
  return requireList(value, 'url-list').map((url, index) => requireUtf8(url, `url-list[${index}]`));
}

function toDate(seconds: number): Date | undefined {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
