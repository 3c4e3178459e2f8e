// The shape of a torrent in lists (browse, search): plain JSON-safe values, and the
// uploader hidden when the upload was anonymous.
export const torrentListSelect = {
  id: true,
  name: true,
  size: true,
  fileCount: true,
  seeders: true,
  leechers: true,
  timesCompleted: true,
  freeleechPercent: true,
  doubleUpload: true,
  anonymous: true,
  status: true,
  createdAt: true,
  category: { select: { name: true, slug: true } },
  uploader: { select: { username: true } },
  tags: { select: { tag: { select: { name: true } } } },
} as const;

export interface TorrentListItem {
  id: string;
  name: string;
  size: number;
  fileCount: number;
  seeders: number;
  leechers: number;
  snatches: number;
  freeleechPercent: number;
  doubleUpload: boolean;
  status: string;
  createdAt: string;
  category: string | null;
  uploader: string | null;
  tags: string[];
}

interface Row {
  id: string;
  name: string;
  size: bigint;
  fileCount: number;
  seeders: number;
  leechers: number;
  timesCompleted: number;
  freeleechPercent: number;
  doubleUpload: boolean;
  anonymous: boolean;
  status: string;
  createdAt: Date;
  category: { name: string } | null;
  uploader: { username: string } | null;
  tags: { tag: { name: string } }[];
}

export function toListItem(row: Row): TorrentListItem {
  return {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    fileCount: row.fileCount,
    seeders: row.seeders,
    leechers: row.leechers,
    snatches: row.timesCompleted,
    freeleechPercent: row.freeleechPercent,
    doubleUpload: row.doubleUpload,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    category: row.category?.name ?? null,
    uploader: row.anonymous ? null : (row.uploader?.username ?? null),
    tags: row.tags.map((link) => link.tag.name).sort(),
  };
}
