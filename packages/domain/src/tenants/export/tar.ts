// A minimal POSIX ustar writer (IEEE Std 1003.1-2001, "pax interchange format" headers
// without extensions): enough for an export's JSON parts and .torrent files, whose sizes
// are known before they are written. Piped through gzip it makes a .tar.gz any system
// opens; unlike a zip without ZIP64 it has no limit on entries or total size.

const BLOCK = 512;

function writeString(header: Buffer, text: string, offset: number, length: number): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > length) throw new Error(`tar: "${text}" does not fit in ${length} bytes`);
  bytes.copy(header, offset);
}

/** Numeric fields are zero-padded octal followed by a NUL. */
function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`tar: ${value} does not fit in a ${length}-byte field`);
  writeString(header, digits.padStart(length - 1, '0'), offset, length - 1);
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes) at a slash. */
function splitName(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  const cut = path.lastIndexOf('/', 155);
  if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) throw new Error(`tar: the path "${path}" is too long for ustar`);
  return { prefix: path.slice(0, cut), name: path.slice(cut + 1) };
}

/** The 512-byte header of a regular file of `size` bytes. */
export function tarHeader(path: string, size: number, modified: Date): Buffer {
  const header = Buffer.alloc(BLOCK);
  const { prefix, name } = splitName(path);
  writeString(header, name, 0, 100);
  writeOctal(header, 0o644, 100, 8);
  writeOctal(header, 0, 108, 8); // uid
  writeOctal(header, 0, 116, 8); // gid
  writeOctal(header, size, 124, 12);
  writeOctal(header, Math.floor(modified.getTime() / 1000), 136, 12);
  header.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  header.write('0', 156); // regular file
  writeString(header, 'ustar', 257, 6);
  writeString(header, '00', 263, 2);
  writeString(header, prefix, 345, 155);
  let checksum = 0;
  for (const byte of header) checksum += byte;
  writeString(header, `${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return header;
}

/** Zero bytes that fill the last block of a file of `size` bytes. */
export function tarPadding(size: number): Buffer {
  const remainder = size % BLOCK;
  return Buffer.alloc(remainder === 0 ? 0 : BLOCK - remainder);
}

/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(BLOCK * 2);

/** Header, bytes and padding of one file: what a writer pushes for it. */
export function tarEntry(path: string, bytes: Uint8Array, modified: Date): Buffer[] {
  return [tarHeader(path, bytes.length, modified), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), tarPadding(bytes.length)];
}
