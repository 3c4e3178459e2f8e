// Playlists (issue 12; Gazelle's "collages"): a member's ordered list of this tenant's
// torrents with a title, a Markdown description and an optional cover. A public playlist
// is seen by every member of the tenant; a private one only by its owner. For anyone
// else a private playlist does not exist: every read and write answers NOT_FOUND with the
// same message as a playlist that was never there, so nothing tells the two apart.
// Writes to a playlist's items lock its row first, so concurrent adds and moves keep
// positions 0..n-1 without gaps or duplicates.
import { forTenant, withTenant, type Prisma, type TenantTransaction } from '@swarmhost/db';
import { AppError } from '../errors';

export const PLAYLIST_NAME_MAX = 120;
export const PLAYLIST_DESCRIPTION_MAX = 10_000;
/** Items in one playlist, and playlists one member may own. */
export const PLAYLIST_ITEMS_MAX = 500;
export const PLAYLISTS_PER_MEMBER_MAX = 200;
export const PLAYLIST_SORTS = ['newest', 'most-torrents'] as const;
export type PlaylistSort = (typeof PLAYLIST_SORTS)[number];
export const PLAYLIST_PAGE_SIZE = 24;

export const PLAYLIST_NOT_FOUND = 'this playlist does not exist here; it may have been deleted or be private';

export interface Viewer {
  id: string;
}

export interface PlaylistSummary {
  id: string;
  name: string;
  isPublic: boolean;
  owner: string | null;
  torrentCount: number;
  hasCover: boolean;
  coverVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PlaylistItemView {
  torrentId: string;
  name: string;
  size: number;
  seeders: number;
  leechers: number;
  category: string | null;
  position: number;
  addedAt: string;
}

export interface PlaylistDetails extends PlaylistSummary {
  description: string;
  mine: boolean;
  totalSize: number;
  items: PlaylistItemView[];
}

function cleanName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (name.length === 0) throw new AppError('BAD_REQUEST', 'name: give the playlist a name', { fields: { name: 'required' } });
  if (name.length > PLAYLIST_NAME_MAX) throw new AppError('BAD_REQUEST', `name: must be at most ${PLAYLIST_NAME_MAX} characters (it has ${name.length})`, { fields: { name: 'too long' } });
  return name;
}

function cleanDescription(raw: string): string {
  const description = raw.replace(/\r\n/g, '\n').trim();
  if (description.length > PLAYLIST_DESCRIPTION_MAX) {
    throw new AppError('BAD_REQUEST', `description: must be at most ${PLAYLIST_DESCRIPTION_MAX} characters (it has ${description.length})`, { fields: { description: 'too long' } });
  }
  return description;
}

const summarySelect = {
  id: true,
  name: true,
  isPublic: true,
  ownerId: true,
  coverType: true,
  coverUpdatedAt: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { username: true } },
  _count: { select: { items: { where: { torrent: { status: 'approved' } } } } },
} satisfies Prisma.PlaylistSelect;

type SummaryRow = Prisma.PlaylistGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow): PlaylistSummary {
  return {
    id: row.id,
    name: row.name,
    isPublic: row.isPublic,
    owner: row.owner.username,
    torrentCount: row._count.items,
    hasCover: row.coverType !== null,
    coverVersion: row.coverUpdatedAt ? row.coverUpdatedAt.getTime() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Rows `viewer` may see: public ones and their own. */
function visibleTo(viewer: Viewer): Prisma.PlaylistWhereInput {
  return { OR: [{ isPublic: true }, { ownerId: viewer.id }] };
}

/** The playlist's row when `viewer` may see it; NOT_FOUND otherwise (private = absent). */
export async function requireVisiblePlaylist(tenantId: string, playlistId: string, viewer: Viewer) {
  const row = await forTenant(tenantId).playlist.findFirst({ where: { id: playlistId, ...visibleTo(viewer) }, select: { id: true, ownerId: true, isPublic: true, name: true } });
  if (!row) throw new AppError('NOT_FOUND', PLAYLIST_NOT_FOUND);
  return row;
}

/**
 * Locks the playlist row for an item change by its owner. Someone else's public playlist
 * is FORBIDDEN (they can see it); someone else's private one is NOT_FOUND.
 */
async function lockOwnPlaylist(tx: TenantTransaction, playlistId: string, viewer: Viewer) {
  const rows = await tx.$queryRawUnsafe<{ owner_id: string; is_public: boolean }[]>(`SELECT owner_id, is_public FROM playlists WHERE id = $1::uuid FOR UPDATE`, playlistId);
  const row = rows[0];
  if (!row || (!row.is_public && row.owner_id !== viewer.id)) throw new AppError('NOT_FOUND', PLAYLIST_NOT_FOUND);
  if (row.owner_id !== viewer.id) throw new AppError('FORBIDDEN', 'only the owner of this playlist can change it');
}

export async function createPlaylist(options: { tenantId: string; viewer: Viewer; name: string; description?: string; isPublic: boolean }): Promise<{ id: string }> {
  const name = cleanName(options.name);
  const description = cleanDescription(options.description ?? '');
  return withTenant(options.tenantId, async (tx) => {
    // Serialise one member's creations so the per-member cap holds under concurrency.
    await tx.$queryRawUnsafe(`SELECT id FROM members WHERE id = $1::uuid FOR UPDATE`, options.viewer.id);
    const owned = await tx.playlist.count({ where: { ownerId: options.viewer.id } });
    if (owned >= PLAYLISTS_PER_MEMBER_MAX) throw new AppError('CONFLICT', `you already have ${owned} playlists, the most one member may have; delete one first`);
    return tx.playlist.create({ data: { tenantId: options.tenantId, ownerId: options.viewer.id, name, description, isPublic: options.isPublic }, select: { id: true } });
  });
}

export async function updatePlaylist(options: { tenantId: string; viewer: Viewer; playlistId: string; name?: string; description?: string; isPublic?: boolean }): Promise<void> {
  const data: Prisma.PlaylistUpdateInput = {};
  if (options.name !== undefined) data.name = cleanName(options.name);
  if (options.description !== undefined) data.description = cleanDescription(options.description);
  if (options.isPublic !== undefined) data.isPublic = options.isPublic;
  await withTenant(options.tenantId, async (tx) => {
    await lockOwnPlaylist(tx, options.playlistId, options.viewer);
    await tx.playlist.update({ where: { id: options.playlistId }, data: { ...data, updatedAt: new Date() } });
  });
}

export async function deletePlaylist(options: { tenantId: string; viewer: Viewer; playlistId: string }): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    await lockOwnPlaylist(tx, options.playlistId, options.viewer);
    await tx.playlist.delete({ where: { id: options.playlistId } });
  });
}

/** Adds an approved torrent of this tenant at the end; adding it twice is a clear CONFLICT. */
export async function addToPlaylist(options: { tenantId: string; viewer: Viewer; playlistId: string; torrentId: string }): Promise<{ position: number }> {
  return withTenant(options.tenantId, async (tx) => {
    await lockOwnPlaylist(tx, options.playlistId, options.viewer);
    const torrent = await tx.torrent.findFirst({ where: { id: options.torrentId, status: 'approved' }, select: { name: true } });
    if (!torrent) throw new AppError('NOT_FOUND', 'this torrent does not exist here; it may have been deleted');
    const existing = await tx.playlistItem.findFirst({ where: { playlistId: options.playlistId, torrentId: options.torrentId }, select: { id: true } });
    if (existing) throw new AppError('CONFLICT', `"${torrent.name}" is already in this playlist`);
    const count = await tx.playlistItem.count({ where: { playlistId: options.playlistId } });
    if (count >= PLAYLIST_ITEMS_MAX) throw new AppError('CONFLICT', `this playlist already holds ${PLAYLIST_ITEMS_MAX} torrents, the most one playlist may hold`);
    await tx.playlistItem.create({ data: { tenantId: options.tenantId, playlistId: options.playlistId, torrentId: options.torrentId, position: count } });
    await tx.playlist.update({ where: { id: options.playlistId }, data: { updatedAt: new Date() } });
    return { position: count };
  });
}

/** Removes a torrent and closes the gap it leaves in the positions. */
export async function removeFromPlaylist(options: { tenantId: string; viewer: Viewer; playlistId: string; torrentId: string }): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    await lockOwnPlaylist(tx, options.playlistId, options.viewer);
    const item = await tx.playlistItem.findFirst({ where: { playlistId: options.playlistId, torrentId: options.torrentId }, select: { id: true, position: true } });
    if (!item) throw new AppError('NOT_FOUND', 'this torrent is not in this playlist');
    await tx.playlistItem.delete({ where: { id: item.id } });
    await tx.playlistItem.updateMany({ where: { playlistId: options.playlistId, position: { gt: item.position } }, data: { position: { decrement: 1 } } });
    await tx.playlist.update({ where: { id: options.playlistId }, data: { updatedAt: new Date() } });
  });
}

/** Swaps a torrent with its neighbour above ("up") or below ("down"); at an end it stays put. */
export async function movePlaylistItem(options: { tenantId: string; viewer: Viewer; playlistId: string; torrentId: string; direction: 'up' | 'down' }): Promise<{ position: number }> {
  return withTenant(options.tenantId, async (tx) => {
    await lockOwnPlaylist(tx, options.playlistId, options.viewer);
    const item = await tx.playlistItem.findFirst({ where: { playlistId: options.playlistId, torrentId: options.torrentId }, select: { id: true, position: true } });
    if (!item) throw new AppError('NOT_FOUND', 'this torrent is not in this playlist');
    const neighbour = await tx.playlistItem.findFirst({
      where: { playlistId: options.playlistId, position: options.direction === 'up' ? { lt: item.position } : { gt: item.position } },
      orderBy: { position: options.direction === 'up' ? 'desc' : 'asc' },
      select: { id: true, position: true },
    });
    if (!neighbour) return { position: item.position };
    await tx.playlistItem.update({ where: { id: neighbour.id }, data: { position: item.position } });
    await tx.playlistItem.update({ where: { id: item.id }, data: { position: neighbour.position } });
    await tx.playlist.update({ where: { id: options.playlistId }, data: { updatedAt: new Date() } });
    return { position: neighbour.position };
  });
}

/** One playlist with its approved torrents in order, or NOT_FOUND for anyone who may not see it. */
export async function getPlaylist(options: { tenantId: string; viewer: Viewer; playlistId: string }): Promise<PlaylistDetails> {
  const row = await forTenant(options.tenantId).playlist.findFirst({
    where: { id: options.playlistId, ...visibleTo(options.viewer) },
    select: {
      ...summarySelect,
      description: true,
      items: {
        where: { torrent: { status: 'approved' } },
        orderBy: { position: 'asc' },
        select: {
          position: true,
          addedAt: true,
          torrent: { select: { id: true, name: true, size: true, seeders: true, leechers: true, category: { select: { name: true } } } },
        },
      },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', PLAYLIST_NOT_FOUND);
  const items = row.items.map((item) => ({
    torrentId: item.torrent.id,
    name: item.torrent.name,
    size: Number(item.torrent.size),
    seeders: item.torrent.seeders,
    leechers: item.torrent.leechers,
    category: item.torrent.category?.name ?? null,
    position: item.position,
    addedAt: item.addedAt.toISOString(),
  }));
  return {
    ...toSummary(row),
    description: row.description,
    mine: row.ownerId === options.viewer.id,
    totalSize: items.reduce((sum, item) => sum + item.size, 0),
    items,
  };
}

/** Public playlists of the tenant, searched by name or description, newest or biggest first. */
export async function listPublicPlaylists(options: { tenantId: string; query?: string; sort?: PlaylistSort; page?: number }): Promise<{ items: PlaylistSummary[]; page: number; pageSize: number; total: number }> {
  const page = Math.max(1, options.page ?? 1);
  const words = (options.query ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8);
  const where: Prisma.PlaylistWhereInput = {
    isPublic: true,
    AND: words.map((word) => ({ OR: [{ name: { contains: word, mode: 'insensitive' as const } }, { description: { contains: word, mode: 'insensitive' as const } }] })),
  };
  const orderBy: Prisma.PlaylistOrderByWithRelationInput[] =
    options.sort === 'most-torrents' ? [{ items: { _count: 'desc' } }, { createdAt: 'desc' }, { id: 'desc' }] : [{ createdAt: 'desc' }, { id: 'desc' }];
  const db = forTenant(options.tenantId);
  const [rows, total] = await Promise.all([
    db.playlist.findMany({ where, orderBy, skip: (page - 1) * PLAYLIST_PAGE_SIZE, take: PLAYLIST_PAGE_SIZE, select: summarySelect }),
    db.playlist.count({ where }),
  ]);
  return { items: rows.map(toSummary), page, pageSize: PLAYLIST_PAGE_SIZE, total };
}

/** A member's playlists as `viewer` sees them: all of them for the member, public ones for others. */
export async function listMemberPlaylists(options: { tenantId: string; viewer: Viewer; username: string }): Promise<PlaylistSummary[]> {
  const db = forTenant(options.tenantId);
  const member = await db.member.findFirst({ where: { username: options.username }, select: { id: true } });
  if (!member) throw new AppError('NOT_FOUND', `no member called "${options.username}" here`);
  const rows = await db.playlist.findMany({
    where: { ownerId: member.id, ...(member.id === options.viewer.id ? {} : { isPublic: true }) },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: PLAYLISTS_PER_MEMBER_MAX,
    select: summarySelect,
  });
  return rows.map(toSummary);
}

/** The viewer's own playlists, each saying whether `torrentId` is in it (for "Add to playlist"). */
export async function playlistsForTorrent(options: { tenantId: string; viewer: Viewer; torrentId: string }): Promise<{ id: string; name: string; isPublic: boolean; contains: boolean }[]> {
  const rows = await forTenant(options.tenantId).playlist.findMany({
    where: { ownerId: options.viewer.id },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: PLAYLISTS_PER_MEMBER_MAX,
    select: { id: true, name: true, isPublic: true, items: { where: { torrentId: options.torrentId }, select: { id: true } } },
  });
  return rows.map((row) => ({ id: row.id, name: row.name, isPublic: row.isPublic, contains: row.items.length > 0 }));
}
