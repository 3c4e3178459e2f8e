'use client';
// The owner's controls on a playlist page: Move up / Move down / Remove per row (plain
// buttons, so keyboard and screen readers reach them; focus follows the moved row's
// button so pressing it again keeps moving the same torrent), the cover upload, delete.
import { buttonClass, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

const smallButton = 'rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-40';

/** The button to focus once the page shows the moved row in its new place. */
let focusAfterMove: string | null = null;

export function ItemControls(props: { playlistId: string; torrentId: string; name: string; position: number; first: boolean; last: boolean }) {
  const action = useAction();
  const router = useRouter();
  useEffect(() => {
    if (!focusAfterMove?.endsWith(props.torrentId)) return;
    const button = document.getElementById(focusAfterMove);
    // At an end the button in that direction is disabled: the other one takes focus.
    const target = button instanceof HTMLButtonElement && button.disabled ? document.getElementById(focusAfterMove.startsWith('move-up') ? `move-down-${props.torrentId}` : `move-up-${props.torrentId}`) : button;
    target?.focus();
    focusAfterMove = null;
  }, [props.position, props.torrentId]);
  async function move(direction: 'up' | 'down') {
    if (!(await action.run(() => api.playlists.move.mutate({ playlistId: props.playlistId, torrentId: props.torrentId, direction })))) return;
    // After the refresh the row sits elsewhere (its DOM node moved and lost focus): the
    // effect above gives focus back to the same button there.
    focusAfterMove = `move-${direction}-${props.torrentId}`;
    router.refresh();
  }
  async function remove() {
    if (await action.run(() => api.playlists.remove.mutate({ playlistId: props.playlistId, torrentId: props.torrentId }))) router.refresh();
  }
  return (
    <div className="flex flex-wrap gap-1">
      <button type="button" id={`move-up-${props.torrentId}`} className={smallButton} disabled={action.pending || props.first} aria-label={`Move up: ${props.name}`} onClick={() => void move('up')}>
        Move up
      </button>
      <button type="button" id={`move-down-${props.torrentId}`} className={smallButton} disabled={action.pending || props.last} aria-label={`Move down: ${props.name}`} onClick={() => void move('down')}>
        Move down
      </button>
      <button type="button" className={smallButton} disabled={action.pending} aria-label={`Remove: ${props.name}`} onClick={() => void remove()}>
        Remove
      </button>
      {action.error ? <span role="alert" className="text-xs text-red-800">{action.error}</span> : null}
    </div>
  );
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

export function CoverForm(props: { playlistId: string; hasCover: boolean }) {
  const action = useAction();
  const router = useRouter();
  const [done, setDone] = useState('');
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone('');
    const file = new FormData(event.currentTarget).get('cover');
    if (!(file instanceof File) || file.size === 0) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    // The server decides the type from the bytes; the size check here only saves an upload.
    if (bytes.length > 1024 * 1024) {
      await action.run(() => Promise.reject(new Error(`cover: must be at most 1 MiB (this file is ${(bytes.length / 1048576).toFixed(1)} MiB)`)));
      return;
    }
    if (await action.run(() => api.playlists.setCover.mutate({ id: props.playlistId, imageBase64: toBase64(bytes) }))) {
      setDone('Cover saved.');
      router.refresh();
    }
  }
  async function removeCover() {
    if (await action.run(() => api.playlists.removeCover.mutate({ id: props.playlistId }))) {
      setDone('Cover removed.');
      router.refresh();
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-3">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <Field label="Image" htmlFor="playlist-cover" hint="PNG, JPEG or WebP, at most 1 MiB.">
        <input id="playlist-cover" name="cover" type="file" accept="image/png,image/jpeg,image/webp" required className={inputClass} />
      </Field>
      <div className="flex gap-3">
        <button type="submit" className={buttonClass} disabled={action.pending}>Upload cover</button>
        {props.hasCover ? <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void removeCover()}>Remove cover</button> : null}
      </div>
      <p role="status" className="text-sm text-emerald-800">{done}</p>
    </form>
  );
}

export function DeletePlaylist(props: { playlistId: string; name: string }) {
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  async function remove() {
    if (await action.run(() => api.playlists.delete.mutate({ id: props.playlistId }))) window.location.assign('/playlists');
  }
  return (
    <div className="space-y-2 text-sm">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {confirming ? (
        <>
          <p>Delete “{props.name}” for good? The torrents stay on the site.</p>
          <div className="flex gap-3">
            <button type="button" className={buttonClass} disabled={action.pending} onClick={() => void remove()}>Yes, delete it</button>
            <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)} autoFocus>Keep it</button>
          </div>
        </>
      ) : (
        <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(true)}>Delete playlist…</button>
      )}
    </div>
  );
}
