// One playlist: cover, description (safe Markdown), its torrents in order with live
// seeders/leechers, total size and "Download all" (a zip of the member's own .torrent
// files). The owner edits, reorders with Move up / Move down buttons, removes, sets the
// cover and deletes. Someone else's private playlist is a 404 like one that never was.
import { formatBytes, buttonClass, Card, PageTitle } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { LiveSwarmCell, LiveSwarmList } from '~/components/live/live-swarm-list';
import { CoverForm, DeletePlaylist, ItemControls } from '~/components/playlists/playlist-owner-tools';
import { PlaylistForm } from '~/components/playlists/playlist-form';
import { tenantPage } from '~/server/page-context';

export default async function PlaylistPage(props: { params: Promise<{ id: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { id } = await props.params;
  const playlist = await api.playlists.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const initial = Object.fromEntries(playlist.items.map((item) => [item.torrentId, { seeders: item.seeders, leechers: item.leechers }]));
  const count = playlist.items.length;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start gap-4">
        {playlist.hasCover ? (
          <img src={`/playlists/${playlist.id}/cover?v=${playlist.coverVersion ?? 0}`} alt={`Cover of ${playlist.name}`} width={128} height={128} className="h-32 w-32 rounded object-cover" data-testid="playlist-cover" />
        ) : null}
        <PageTitle
          subtitle={`${playlist.isPublic ? 'Public' : 'Private'} playlist by ${playlist.owner ?? 'a former member'} · ${count} ${count === 1 ? 'torrent' : 'torrents'} · ${formatBytes(playlist.totalSize)} in all · updated ${playlist.updatedAt.slice(0, 10)}`}
        >
          {playlist.name}
        </PageTitle>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        {count > 0 && member.emailVerified ? (
          <a href={`/playlists/${playlist.id}/download`} className={buttonClass} download data-testid="download-all">
            Download all (.zip)
          </a>
        ) : null}
        {count > 0 && !member.emailVerified ? <p className="text-sm text-slate-700">Confirm your e-mail address to download these torrents.</p> : null}
        <Link href={`/profile/${playlist.owner ?? ''}`} className="text-sm text-indigo-800 underline">More playlists by {playlist.owner}</Link>
      </div>
      {playlist.description ? (
        <Card title="About this playlist">
          {/* renderMarkdown escapes raw HTML and unsafe links (see @swarmhost/ui/markdown). */}
          <div className="prose-description" dangerouslySetInnerHTML={{ __html: renderMarkdown(playlist.description) }} />
        </Card>
      ) : null}
      <Card title={`Torrents (${count})`}>
        {count === 0 ? (
          <p className="text-slate-700" data-testid="playlist-empty">
            {playlist.mine ? 'Nothing here yet. Use “Add to playlist” on a torrent’s page or in the torrent list.' : 'This playlist has no torrents yet.'}
          </p>
        ) : (
          <LiveSwarmList initial={initial}>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Torrents in {playlist.name}, in order</caption>
                <thead className="border-b border-slate-300 text-slate-700">
                  <tr>
                    <th scope="col" className="py-2 pr-3">#</th>
                    <th scope="col" className="py-2 pr-3">Name</th>
                    <th scope="col" className="py-2 pr-3">Category</th>
                    <th scope="col" className="py-2 pr-3 text-right">Size</th>
                    <th scope="col" className="py-2 pr-3 text-right">Seeders</th>
                    <th scope="col" className="py-2 pr-3 text-right">Leechers</th>
                    {playlist.mine ? <th scope="col" className="py-2">Order</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {playlist.items.map((item, index) => (
                    <tr key={item.torrentId} className="border-b border-slate-100" data-testid="playlist-row">
                      <td className="py-2 pr-3 tabular-nums">{index + 1}</td>
                      <td className="py-2 pr-3">
                        <Link href={`/torrents/${item.torrentId}`} className="font-medium text-indigo-800 hover:underline">{item.name}</Link>
                      </td>
                      <td className="py-2 pr-3">{item.category ?? '—'}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{formatBytes(item.size)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums"><LiveSwarmCell torrentId={item.torrentId} field="seeders" value={item.seeders} /></td>
                      <td className="py-2 pr-3 text-right tabular-nums"><LiveSwarmCell torrentId={item.torrentId} field="leechers" value={item.leechers} /></td>
                      {playlist.mine ? (
                        <td className="py-2">
                          <ItemControls playlistId={playlist.id} torrentId={item.torrentId} name={item.name} position={index} first={index === 0} last={index === count - 1} />
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </LiveSwarmList>
        )}
      </Card>
      {playlist.mine ? (
        <div className="grid gap-6 md:grid-cols-2">
          <Card title="Edit playlist">
            <PlaylistForm playlist={{ id: playlist.id, name: playlist.name, description: playlist.description, isPublic: playlist.isPublic }} />
          </Card>
          <div className="space-y-6">
            <Card title="Cover image">
              <CoverForm playlistId={playlist.id} hasCover={playlist.hasCover} />
            </Card>
            <Card title="Delete playlist">
              <DeletePlaylist playlistId={playlist.id} name={playlist.name} />
            </Card>
          </div>
        </div>
      ) : null}
    </div>
  );
}
