// Small, structurally valid demo torrents: deterministic piece hashes, so the same
// info hash comes out on every run and every machine (the seed stays idempotent).
import { createHash } from 'node:crypto';
import { bencode, type BencodeValue } from './bencode';

export interface DemoTorrentSpec {
  name: string;
  description: string;
  category: string;
  tags: string[];
  /** One entry: a single-file torrent named `name`; more: a folder `name`. */
  files: { path: string[]; length: number }[];
  pieceLength: number;
  freeleechPercent?: 0 | 25 | 50 | 75 | 100;
}

export interface BuiltTorrent {
  infoHash: string;
  /** A fresh copy in its own ArrayBuffer, the shape Prisma's Bytes fields take. */
  torrentFile: Uint8Array<ArrayBuffer>;
  size: bigint;
  files: { path: string[]; length: number }[];
}

function sha1(data: Buffer | string): Buffer {
  return createHash('sha1').update(data).digest();
}

export function buildTorrent(spec: DemoTorrentSpec, announceUrl: string): BuiltTorrent {
  const size = spec.files.reduce((total, file) => total + file.length, 0);
  const pieceCount = Math.ceil(size / spec.pieceLength);
  const pieces = Buffer.concat(
    Array.from({ length: pieceCount }, (_, index) => sha1(`${spec.name}#${index}`)),
  );
  const single = spec.files.length === 1 ? spec.files[0] : undefined;
  const info: Record<string, BencodeValue> = {
    name: spec.name,
    'piece length': spec.pieceLength,
    pieces,
    private: 1,
  };
  if (single) info.length = single.length;
  else info.files = spec.files.map((file) => ({ length: file.length, path: file.path }));

  const infoBytes = bencode(info);
  const torrentFile = bencode({
    announce: announceUrl,
    'created by': 'swarmhost seed',
    'creation date': 1_700_000_000,
    info,
  });
  return {
    infoHash: sha1(infoBytes).toString('hex'),
    torrentFile: new Uint8Array(torrentFile),
    size: BigInt(size),
    files: single ? [{ path: [spec.name], length: single.length }] : spec.files,
  };
}

const MiB = 1024 * 1024;

export const demoTorrents: DemoTorrentSpec[] = [
  {
    name: 'Big.Buck.Bunny.2008.1080p.x264',
    description: 'Blender Foundation open movie (CC BY 3.0).',
    category: 'movies',
    tags: ['1080p', 'open-content'],
    files: [{ path: ['Big.Buck.Bunny.2008.1080p.x264.mkv'], length: 692 * MiB }],
    pieceLength: 4 * MiB,
  },
  {
    name: 'Sintel OST (2010) [FLAC]',
    description: 'Soundtrack of the Blender open movie Sintel.',
    category: 'music',
    tags: ['flac', 'open-content'],
    files: [
      { path: ['01 - Sintel.flac'], length: 31 * MiB },
      { path: ['02 - Snow Fight.flac'], length: 18 * MiB },
      { path: ['cover.jpg'], length: 412_331 },
    ],
    pieceLength: 1 * MiB,
    freeleechPercent: 100,
  },
  {
    name: 'debian-12.8.0-amd64-netinst.iso',
    description: 'Debian GNU/Linux 12 network installer.',
    category: 'software',
    tags: ['linux', 'open-source'],
    files: [{ path: ['debian-12.8.0-amd64-netinst.iso'], length: 631 * MiB }],
    pieceLength: 256 * 1024,
  },
  {
    name: 'Project Gutenberg - Pride and Prejudice [EPUB]',
    description: 'Jane Austen, 1813. Public domain.',
    category: 'books',
    tags: ['public-domain'],
    files: [{ path: ['pride-and-prejudice.epub'], length: 748_221 }],
    pieceLength: 16 * 1024,
    freeleechPercent: 50,
  },
];
