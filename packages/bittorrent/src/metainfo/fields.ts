// Typed readers for decoded .torrent fields; each failure names the field's path
// (`info.files[2].path[0]`) so an uploader can see exactly what their tool got wrong.

import { BitTorrentError } from '../errors.js';
import type { BencodeDict, BencodeValue } from '../bencode/index.js';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function metainfoError(message: string): BitTorrentError {
  return new BitTorrentError('metainfo', `metainfo: ${message}`);
}

export function isDict(value: BencodeValue | undefined): value is BencodeDict {
  return typeof value === 'object' && !Buffer.isBuffer(value) && !Array.isArray(value);
}

export function requireDict(value: BencodeValue | undefined, field: string): BencodeDict {
  if (value === undefined) throw metainfoError(`${field} is missing`);
  if (!isDict(value)) throw metainfoError(`${field} must be a dictionary`);
  return value;
}

export function requireList(value: BencodeValue | undefined, field: string): BencodeValue[] {
  if (value === undefined) throw metainfoError(`${field} is missing`);
  if (!Array.isArray(value)) throw metainfoError(`${field} must be a list`);
  return value;
}

export function requireBytes(value: BencodeValue | undefined, field: string): Buffer {
  if (value === undefined) throw metainfoError(`${field} is missing`);
  if (!Buffer.isBuffer(value)) throw metainfoError(`${field} must be a byte string`);
  return value;
}

export function requireUtf8(value: BencodeValue | undefined, field: string): string {
  const bytes = requireBytes(value, field);
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw metainfoError(`${field} is not valid UTF-8`);
  }
}

export function optionalUtf8(value: BencodeValue | undefined, field: string): string | undefined {
  return value === undefined ? undefined : requireUtf8(value, field);
}

/** A safe integer within [minimum, Number.MAX_SAFE_INTEGER]; bigints are too large by definition. */
export function requireInteger(
  value: BencodeValue | undefined,
  field: string,
  minimum: number,
): number {
  if (value === undefined) throw metainfoError(`${field} is missing`);
  if (typeof value === 'bigint') throw metainfoError(`${field} is too large (${value})`);
  if (typeof value !== 'number') throw metainfoError(`${field} must be an integer`);
  if (value < minimum) throw metainfoError(`${field} must be at least ${minimum} (got ${value})`);
  return value;
}

export function optionalInteger(
  value: BencodeValue | undefined,
  field: string,
  minimum: number,
): number | undefined {
  return value === undefined ? undefined : requireInteger(value, field, minimum);
}

/**
 * A file or directory name that cannot escape the download folder or confuse a
 * client: not empty, not '.' or '..', and free of '/', '\' and NUL (so it can be
 * neither absolute nor a hidden multi-level path).
 */
export function requireSafePathSegment(value: BencodeValue | undefined, field: string): string {
  const segment = requireUtf8(value, field);
  if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
    throw metainfoError(
      `${field} is an unsafe path segment ${JSON.stringify(segment)} ` +
        `(segments must not be empty, '.' or '..', nor contain '/', '\\' or NUL)`,
    );
  }
  return segment;
}
