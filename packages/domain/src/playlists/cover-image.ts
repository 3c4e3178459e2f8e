// Playlist covers: the owner uploads an image, the site keeps it in the playlist's row
// (PostgreSQL bytea). A cover is at most 1 MiB and one per playlist, so the row is the
// simplest store that is already backed up, tenant-isolated by row-level security and
// deleted with the playlist; an object store would add a service and a second place to
// authorise reads for no gain at this size. The type is decided by the bytes (PNG, JPEG
// and WebP signatures), never by a file name or a browser-supplied type.
import { forTenant, withTenant } from '@swarmhost/db';
import { AppError } from '../errors';
import { PLAYLIST_NOT_FOUND, type Viewer } from './playlists';

export const COVER_MAX_BYTES = 1024 * 1024;
export const COVER_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type CoverType = (typeof COVER_TYPES)[number];

/** The image type `bytes` start with, or null when they are none of the accepted ones. */
export function sniffImageType(bytes: Uint8Array): CoverType | null {
  const starts = (signature: number[], offset = 0) => bytes.length >= offset + signature.length && signature.every((value, index) => bytes[offset + index] === value);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF <size> WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** Checks and stores the owner's cover; anyone else gets what they would for any change. */
export async function setPlaylistCover(options: { tenantId: string; viewer: Viewer; playlistId: string; bytes: Uint8Array }): Promise<{ type: CoverType; size: number }> {
  if (options.bytes.length === 0) throw new AppError('BAD_REQUEST', 'cover: the file is empty', { fields: { cover: 'empty' } });
  if (options.bytes.length > COVER_MAX_BYTES) {
    throw new AppError('BAD_REQUEST', `cover: must be at most 1 MiB (this file is ${(options.bytes.length / 1048576).toFixed(1)} MiB)`, { fields: { cover: 'too large' } });
  }
  const type = sniffImageType(options.bytes);
  if (!type) throw new AppError('BAD_REQUEST', 'cover: must be a PNG, JPEG or WebP image (the file\'s contents are none of these, whatever its name says)', { fields: { cover: 'not an image' } });
  await writeCover(options, { coverImage: new Uint8Array(options.bytes), coverType: type, coverUpdatedAt: new Date() });
  return { type, size: options.bytes.length };
}

export async function removePlaylistCover(options: { tenantId: string; viewer: Viewer; playlistId: string }): Promise<void> {
  await writeCover(options, { coverImage: null, coverType: null, coverUpdatedAt: null });
}

async function writeCover(
  options: { tenantId: string; viewer: Viewer; playlistId: string },
  data: { coverImage: Uint8Array<ArrayBuffer> | null; coverType: string | null; coverUpdatedAt: Date | null },
): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const row = await tx.playlist.findUnique({ where: { id: options.playlistId }, select: { ownerId: true, isPublic: true } });
    if (!row || (!row.isPublic && row.ownerId !== options.viewer.id)) throw new AppError('NOT_FOUND', PLAYLIST_NOT_FOUND);
    if (row.ownerId !== options.viewer.id) throw new AppError('FORBIDDEN', 'only the owner of this playlist can change its cover');
    await tx.playlist.update({ where: { id: options.playlistId }, data: { ...data, updatedAt: new Date() } });
  });
}

/** The cover's bytes and type for a viewer who may see the playlist; NOT_FOUND otherwise or without a cover. */
export async function readPlaylistCover(options: { tenantId: string; viewer: Viewer; playlistId: string }): Promise<{ bytes: Uint8Array; type: CoverType; updatedAt: Date }> {
  const row = await forTenant(options.tenantId).playlist.findFirst({
    where: { id: options.playlistId, OR: [{ isPublic: true }, { ownerId: options.viewer.id }] },
    select: { coverImage: true, coverType: true, coverUpdatedAt: true },
  });
  if (!row) throw new AppError('NOT_FOUND', PLAYLIST_NOT_FOUND);
  if (!row.coverImage || !row.coverType || !row.coverUpdatedAt) throw new AppError('NOT_FOUND', 'this playlist has no cover');
  return { bytes: row.coverImage, type: row.coverType as CoverType, updatedAt: row.coverUpdatedAt };
}
