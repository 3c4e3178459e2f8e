// The torrent list as an accessible table (server-rendered; seeders and leechers update
// live through the page's gateway socket).
import type { TorrentListItem } from '@swarmhost/domain';
import { formatBytes } from '@swarmhost/ui';
import Link from 'next/link';
import { LiveSwarmCell, LiveSwarmList } from '~/components/live/live-swarm-list';
import { AddToPlaylist } from '~/components/playlists/add-to-playlist';

/** `emptyText` replaces the browse page's "No torrents match" where filters are not the reason (a profile's own swarms). */
export function TorrentTable(props: { items: TorrentListItem[]; emptyText?: string }) {
  if (props.items.length === 0) return <p className="text-slate-700" data-testid="torrent-table-empty">{props.emptyText ?? 'No torrents match. Try other words or fewer filters.'}</p>;
  const initial = Object.fromEntries(props.items.map((item) => [item.id, { seeders: item.seeders, leechers: item.leechers }]));
  return (
    <LiveSwarmList initial={initial}>
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Torrents</caption>
        <thead className="border-b border-slate-300 text-slate-700">
          <tr>
            <th scope="col" className="py-2 pr-3">Name</th>
            <th scope="col" className="py-2 pr-3">Category</th>
            <th scope="col" className="py-2 pr-3 text-right">Size</th>
            <th scope="col" className="py-2 pr-3 text-right">Seeders</th>
            <th scope="col" className="py-2 pr-3 text-right">Leechers</th>
            <th scope="col" className="py-2 pr-3 text-right">Snatches</th>
            <th scope="col" className="py-2">Added</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <tr key={item.id} className="border-b border-slate-100">
              <td className="py-2 pr-3">
                <Link href={`/torrents/${item.id}`} className="font-medium text-indigo-800 hover:underline">
                  {item.name}
                </Link>
                {item.freeleechPercent > 0 ? <span className="ml-2 rounded bg-emerald-100 px-1 text-xs text-emerald-900">FL {item.freeleechPercent}%</span> : null}
                {item.doubleUpload ? <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">2× up</span> : null}
                {item.tags.length > 0 ? <div className="text-xs text-slate-600">{item.tags.join(' · ')}</div> : null}
                <div className="mt-1"><AddToPlaylist torrentId={item.id} torrentName={item.name} compact /></div>
              </td>
              <td className="py-2 pr-3">{item.category ?? '—'}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{formatBytes(item.size)}</td>
              <td className="py-2 pr-3 text-right tabular-nums"><LiveSwarmCell torrentId={item.id} field="seeders" value={item.seeders} /></td>
              <td className="py-2 pr-3 text-right tabular-nums"><LiveSwarmCell torrentId={item.id} field="leechers" value={item.leechers} /></td>
              <td className="py-2 pr-3 text-right tabular-nums">{item.snatches}</td>
              <td className="py-2 whitespace-nowrap">{item.createdAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </LiveSwarmList>
  );
}
