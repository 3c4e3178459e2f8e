'use client';
// "Add to playlist" for one torrent (torrent page and browse rows): a native <details>
// disclosure, so Enter/Space opens it and Tab walks it. The member's playlists load when
// it opens (one request per opened row, none per rendered row); each one has a button
// that adds the torrent or takes it out again.
import { Notice, secondaryButtonClass } from '@swarmhost/ui';
import Link from 'next/link';
import { useState } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

interface Choice {
  id: string;
  name: string;
  isPublic: boolean;
  contains: boolean;
}

export function AddToPlaylist(props: { torrentId: string; torrentName: string; compact?: boolean }) {
  const action = useAction();
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [said, setSaid] = useState('');
  async function load() {
    const loaded = await action.run(() => api.playlists.forTorrent.query({ torrentId: props.torrentId }));
    if (loaded) setChoices(loaded);
  }
  async function toggle(choice: Choice) {
    const done = await action.run(async () => {
      if (choice.contains) await api.playlists.remove.mutate({ playlistId: choice.id, torrentId: props.torrentId });
      else await api.playlists.add.mutate({ playlistId: choice.id, torrentId: props.torrentId });
      return true;
    });
    if (!done) return;
    setChoices((previous) => previous?.map((entry) => (entry.id === choice.id ? { ...entry, contains: !entry.contains } : entry)) ?? null);
    setSaid(choice.contains ? `Removed from ${choice.name}.` : `Added to ${choice.name}.`);
  }
  return (
    <details
      className={props.compact ? 'relative inline-block text-xs' : 'relative inline-block text-sm'}
      data-testid="add-to-playlist"
      onToggle={(event) => {
        if (event.currentTarget.open && choices === null) void load();
      }}
    >
      <summary className={props.compact ? 'cursor-pointer text-indigo-800 underline' : `${secondaryButtonClass} cursor-pointer list-none`}>
        Add to playlist<span className="sr-only">: {props.torrentName}</span>
      </summary>
      <div className="absolute z-10 mt-1 w-64 space-y-2 rounded border border-slate-300 bg-white p-3 text-sm shadow">
        {action.error ? <Notice tone="error">{action.error}</Notice> : null}
        {choices === null ? <p className="text-slate-700">Loading your playlists…</p> : null}
        {choices !== null && choices.length === 0 ? (
          <p className="text-slate-700">
            You have no playlists yet. <Link href="/playlists#new-playlist" className="text-indigo-800 underline">Make one</Link>.
          </p>
        ) : null}
        {choices !== null && choices.length > 0 ? (
          <ul className="max-h-56 space-y-1 overflow-y-auto">
            {choices.map((choice) => (
              <li key={choice.id}>
                <button type="button" className="w-full rounded px-2 py-1 text-left hover:bg-slate-100 focus:bg-slate-100" disabled={action.pending} onClick={() => void toggle(choice)} aria-pressed={choice.contains}>
                  {choice.contains ? '✓ ' : '+ '}
                  {choice.name}
                  {choice.isPublic ? '' : ' (private)'}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <p role="status" className="text-xs text-emerald-800">{said}</p>
      </div>
    </details>
  );
}
