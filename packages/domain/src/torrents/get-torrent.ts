// Everything the torrent page shows: metadata, files, description, swarm figures
// (counters from PostgreSQL, the live peer summary from the tracker's swarm store),
// recent snatches (members who hide their history are left out), comments, bookmarks
// and thanks. Unapproved torrents are visible only to their uploader and staff.
import { forTenant } from '@swarmhost/db';
import type { LivePeerSource, PeerSummary, PeerTenant } from './live-peers';
import { AppError } from '../errors';
import { readPrivacy } from '../members/privacy';

/** The torrent page's live counts, read the cheapest way the tracker's store allows. */
export function peerSummary(peers: LivePeerSource, tenant: PeerTenant, torrent: { id: string; infoHash: string }): Promise<PeerSummary> {
  return peers.summary(tenant, torrent);
}

export async function getTorrent(options: {
  /** The tracker's swarm store as the site reads it (live-peers.ts). */
  peers: LivePeerSource;
  tenantId: string;
  /** The tenant's settings when the caller has them (spares the peer source a read). */
  tenantSettings?: unknown;
  torrentId: string;
  viewer: { id: string; role: string };
}) {
  const db = forTenant(options.tenantId);
  const torrent = await db.torrent.findUnique({
    where: { id: options.torrentId },
    include: {
      category: { select: { id: true, name: true, slug: true } },
      uploader: { select: { id: true, username: true } },
      tags: { select: { tag: { select: { name: true } } } },
      _count: { select: { bookmarks: true, thanks: true, snatches: true } },
    },
  });
  const isStaff = options.viewer.role !== 'member';
  const isUploader = torrent?.uploaderId === options.viewer.id;
  if (!torrent || (torrent.status !== 'approved' && !isStaff && !isUploader) || (torrent.status === 'deleted' && !isStaff)) {
    throw new AppError('NOT_FOUND', 'this torrent does not exist here; it may have been deleted');
  }
  const [comments, snatches, bookmarked, thanked, peers] = await Promise.all([
    db.comment.findMany({
      where: { torrentId: torrent.id, deletedAt: null },
      orderBy: { createdAt: 'asc' },
      take: 200,
      select: { id: true, body: true, createdAt: true, author: { select: { username: true } } },
    }),
    db.snatch.findMany({
      where: { torrentId: torrent.id },
      orderBy: { completedAt: 'desc' },
      take: 20,
      select: { completedAt: true, member: { select: { username: true, privacy: true } } },
    }),
    db.bookmark.findUnique({
      where: { tenantId_memberId_torrentId: { tenantId: options.tenantId, memberId: options.viewer.id, torrentId: torrent.id } },
    }),
    db.thanks.findUnique({
      where: { tenantId_memberId_torrentId: { tenantId: options.tenantId, memberId: options.viewer.id, torrentId: torrent.id } },
    }),
    peerSummary(options.peers, { id: options.tenantId, settings: options.tenantSettings }, torrent),
  ]);
  return {
    id: torrent.id,
    name: torrent.name,
    infoHash: torrent.infoHash,
    description: torrent.description,
    size: Number(torrent.size),
    pieceLength: torrent.pieceLength,
    files: (torrent.files as { path: string[] | string; length: number }[]).map((file) => ({
      path: Array.isArray(file.path) ? file.path.join('/') : file.path,
      length: Number(file.length),
    })),
    status: torrent.status,
    statusReason: torrent.statusReason,
    freeleechPercent: torrent.freeleechPercent,
    doubleUpload: torrent.doubleUpload,
    imdbId: torrent.imdbId,
    tmdbId: torrent.tmdbId,
    seeders: torrent.seeders,
    leechers: torrent.leechers,
    snatchCount: torrent.timesCompleted,
    createdAt: torrent.createdAt.toISOString(),
    category: torrent.category,
    uploader: torrent.anonymous && !isStaff ? null : (torrent.uploader?.username ?? null),
    isUploader,
    tags: torrent.tags.map((link) => link.tag.name).sort(),
    bookmarks: torrent._count.bookmarks,
    thanks: torrent._count.thanks,
    bookmarked: bookmarked !== null,
    thanked: thanked !== null,
    peers,
    comments: comments.map((comment) => ({
      id: comment.id,
      body: comment.body,
      createdAt: comment.createdAt.toISOString(),
      author: comment.author?.username ?? null,
    })),
    recentSnatches: snatches
      .filter((snatch) => !readPrivacy(snatch.member.privacy).hideHistory)
      .map((snatch) => ({ username: snatch.member.username, completedAt: snatch.completedAt.toISOString() })),
  };
}

export type TorrentDetails = Awaited<ReturnType<typeof getTorrent>>;
