'use client';
// Create or edit a playlist: name, Markdown description, public or private. Server
// messages appear above the form ("name: give the playlist a name").
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function PlaylistForm(props: { playlist?: { id: string; name: string; description: string; isPublic: boolean } }) {
  const action = useAction();
  const router = useRouter();
  const editing = props.playlist;
  const prefix = editing ? 'edit-playlist' : 'new-playlist';
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields = { name: String(form.get('name') ?? ''), description: String(form.get('description') ?? ''), isPublic: form.get('visibility') !== 'private' };
    if (editing) {
      if (await action.run(() => api.playlists.update.mutate({ id: editing.id, ...fields }))) router.refresh();
    } else {
      const created = await action.run(() => api.playlists.create.mutate(fields));
      if (created) router.push(`/playlists/${created.id}`);
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-3" aria-label={editing ? 'Edit playlist' : 'New playlist'}>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <Field label="Name" htmlFor={`${prefix}-name`}>
        <input id={`${prefix}-name`} name="name" required maxLength={120} defaultValue={editing?.name} className={inputClass} />
      </Field>
      <Field label="Description" htmlFor={`${prefix}-description`} hint="Markdown works; HTML is shown as text.">
        <textarea id={`${prefix}-description`} name="description" rows={4} maxLength={10000} defaultValue={editing?.description} className={inputClass} />
      </Field>
      <fieldset className="text-sm">
        <legend className="font-medium">Who can see it</legend>
        <label className="mr-4"><input type="radio" name="visibility" value="public" defaultChecked={editing ? editing.isPublic : true} /> Everyone here (public)</label>
        <label><input type="radio" name="visibility" value="private" defaultChecked={editing ? !editing.isPublic : false} /> Only me (private)</label>
      </fieldset>
      <button type="submit" className={buttonClass} disabled={action.pending}>{editing ? 'Save changes' : 'Create playlist'}</button>
    </form>
  );
}
