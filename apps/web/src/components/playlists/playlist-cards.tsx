// Playlists as a list of links with cover, owner, size in torrents and visibility
// (the /playlists page and a member's profile).
import type { PlaylistSummary } from '@swarmhost/domain/playlists/playlists';
import Link from 'next/link';

export function PlaylistCards(props: { playlists: PlaylistSummary[]; showOwner?: boolean }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="playlist-cards">
      {props.playlists.map((playlist) => (
        <li key={playlist.id} className="flex gap-3 rounded border border-slate-200 p-3">
          {playlist.hasCover ? (
            <img src={`/playlists/${playlist.id}/cover?v=${playlist.coverVersion ?? 0}`} alt="" width={64} height={64} className="h-16 w-16 rounded object-cover" />
          ) : (
            <div aria-hidden className="flex h-16 w-16 items-center justify-center rounded bg-slate-100 text-2xl text-slate-500">♫</div>
          )}
          <div className="min-w-0">
            <Link href={`/playlists/${playlist.id}`} className="font-medium text-indigo-800 hover:underline">{playlist.name}</Link>
            <p className="text-xs text-slate-600">
              {playlist.torrentCount} {playlist.torrentCount === 1 ? 'torrent' : 'torrents'}
              {props.showOwner === false ? '' : ` · by ${playlist.owner ?? 'a former member'}`}
              {playlist.isPublic ? '' : ' · private'}
              {` · updated ${playlist.updatedAt.slice(0, 10)}`}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
