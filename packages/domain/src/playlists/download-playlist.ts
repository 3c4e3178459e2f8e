// "Download all": one zip of the member's personalised .torrent files for a playlist's
// approved torrents, in the playlist's order ("01 name.torrent", …). Each file comes from
// downloadTorrent, so the refusals are exactly a single download's: a private playlist
// of someone else is NOT_FOUND (checked first, so nothing else is revealed), an
// unconfirmed e-mail address or downloads disabled by hit-and-run warnings FORBIDDEN
// with the same message. A torrent removed since it was added is left out.
import { forTenant } from '@swarmhost/db';
import { AppError, isAppError } from '../errors';
import { requireVerifiedEmail } from '../members/require-verified-email';
import { downloadTorrent } from '../torrents/download-torrent';
import { requireVisiblePlaylist } from './playlists';
import { buildZip, type ZipEntry } from './zip';

/** A zip bigger than this is refused (the member downloads the torrents one by one). */
export const PLAYLIST_ZIP_MAX_BYTES = 64 * 1024 * 1024;

export async function downloadPlaylist(options: {
  tenantId: string;
  playlistId: string;
  member: { id: string; role: string; passkey: string };
  trackerBaseUrl: string;
}): Promise<{ fileName: string; bytes: Buffer }> {
  const playlist = await requireVisiblePlaylist(options.tenantId, options.playlistId, options.member);
  await requireVerifiedEmail({ tenantId: options.tenantId, memberId: options.member.id, action: 'download torrents' });
  const items = await forTenant(options.tenantId).playlistItem.findMany({
    where: { playlistId: playlist.id, torrent: { status: 'approved' } },
    orderBy: { position: 'asc' },
    select: { torrentId: true },
  });
  if (items.length === 0) throw new AppError('BAD_REQUEST', 'this playlist has no torrents to download yet');
  const width = String(items.length).length < 2 ? 2 : String(items.length).length;
  const entries: ZipEntry[] = [];
  let total = 0;
  for (const [index, item] of items.entries()) {
    const file = await downloadTorrent({ tenantId: options.tenantId, torrentId: item.torrentId, member: options.member, trackerBaseUrl: options.trackerBaseUrl }).catch((error: unknown) => {
      // Removed or unapproved between the list and now: leave it out, like the page does.
      if (isAppError(error) && error.code === 'NOT_FOUND') return null;
      throw error;
    });
    if (!file) continue;
    total += file.bytes.length;
    if (total > PLAYLIST_ZIP_MAX_BYTES) {
      throw new AppError('BAD_REQUEST', `this playlist's .torrent files come to more than ${PLAYLIST_ZIP_MAX_BYTES / 1048576} MiB; download them one by one from the playlist page`);
    }
    entries.push({ name: `${String(index + 1).padStart(width, '0')} ${file.fileName}`, bytes: file.bytes });
  }
  if (entries.length === 0) throw new AppError('BAD_REQUEST', 'this playlist has no torrents to download yet');
  const safeName = playlist.name.replace(/[^\w.() -]+/g, '_').slice(0, 120) || 'playlist';
  return { fileName: `${safeName}.zip`, bytes: buildZip(entries) };
}
