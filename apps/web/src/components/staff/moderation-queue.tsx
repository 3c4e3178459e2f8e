'use client';
// The staff page's moderation queue: each waiting upload with approve / reject-with-
// reason right there, so staff need not open every torrent.
import { formatBytes } from '@swarmhost/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ModerationButtons } from './torrent-staff-tools';

export function ModerationQueue(props: { queue: { id: string; name: string; size: number; uploader: { username: string } | null }[] }) {
  const router = useRouter();
  if (props.queue.length === 0) return <p className="text-sm text-slate-700">Nothing waits for approval.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="moderation-queue">
      {props.queue.map((torrent) => (
        <li key={torrent.id} className="py-3" data-testid={`queued-${torrent.id}`}>
          <p className="mb-2">
            <Link className="text-indigo-700 underline" href={`/torrents/${torrent.id}`}>{torrent.name}</Link> · {formatBytes(torrent.size)} · by {torrent.uploader?.username ?? '—'}
          </p>
          <ModerationButtons torrentId={torrent.id} idPrefix="queue" onDone={() => router.refresh()} />
        </li>
      ))}
    </ul>
  );
}
