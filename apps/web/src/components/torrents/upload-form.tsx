'use client';
// Upload: the .torrent is read in the browser and sent base64 with the form fields;
// a duplicate gets a link to the torrent that already exists.
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import Link from 'next/link';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

const MAX_BYTES = 10 * 1024 * 1024;

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}

export function UploadForm(props: { categories: { id: string; name: string }[]; moderated: boolean }) {
  const action = useAction();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const result = await action.run(async () => {
      if (!(file instanceof File) || file.size === 0) throw new Error('choose a .torrent file first');
      if (file.size > MAX_BYTES) throw new Error('the .torrent file must be at most 10 MiB');
      return api.torrents.upload.mutate({
        fileBase64: await fileToBase64(file),
        name: String(form.get('name') ?? '') || undefined,
        categoryId: String(form.get('categoryId') ?? '') || undefined,
        tags: String(form.get('tags') ?? '').split(',').map((tag) => tag.trim()).filter(Boolean),
        description: String(form.get('description') ?? ''),
        anonymous: form.get('anonymous') === 'on',
        imdbId: String(form.get('imdbId') ?? '').trim() || undefined,
        tmdbId: String(form.get('tmdbId') ?? '').trim() || undefined,
      });
    });
    if (result) window.location.assign(`/torrents/${result.id}`);
  }
  const existing = typeof action.details?.torrentId === 'string' ? action.details.torrentId : null;
  return (
    <form onSubmit={(event) => void submit(event)} className="max-w-2xl" aria-label="Upload a torrent">
      {action.error ? (
        <Notice tone="error">
          {action.error}
          {existing ? (
            <>
              {' '}
              <Link className="underline" href={`/torrents/${existing}`}>Open the existing torrent</Link>
            </>
          ) : null}
        </Notice>
      ) : null}
      {props.moderated ? <Notice>Uploads here wait for a staff member to approve them.</Notice> : null}
      <Field label=".torrent file" htmlFor="file" hint="Up to 10 MiB. It is re-written private for this community; download your copy afterwards.">
        <input id="file" name="file" type="file" accept=".torrent,application/x-bittorrent" required className={inputClass} />
      </Field>
      <Field label="Name" htmlFor="name" hint="Leave empty to use the name inside the .torrent.">
        <input id="name" name="name" maxLength={250} className={inputClass} />
      </Field>
      <Field label="Category" htmlFor="categoryId">
        <select id="categoryId" name="categoryId" className={inputClass} defaultValue="">
          <option value="">None</option>
          {props.categories.map((category) => <option key={category.id} value={category.id}>{category.name}</option>)}
        </select>
      </Field>
      <Field label="Tags" htmlFor="tags" hint="Comma-separated, e.g. 1080p, flac.">
        <input id="tags" name="tags" className={inputClass} />
      </Field>
      <div className="grid gap-x-4 sm:grid-cols-2">
        <Field label="IMDb id (optional)" htmlFor="imdbId" hint="tt and 7-10 digits, e.g. tt0111161, or the IMDb title address.">
          <input id="imdbId" name="imdbId" maxLength={100} placeholder="tt0111161" className={inputClass} />
        </Field>
        <Field label="TMDB id (optional)" htmlFor="tmdbId" hint="The number in the TMDB address, e.g. 278.">
          <input id="tmdbId" name="tmdbId" inputMode="numeric" maxLength={10} placeholder="278" className={inputClass} />
        </Field>
      </div>
      <Field label="Description" htmlFor="description" hint="Markdown; HTML is shown as text.">
        <textarea id="description" name="description" rows={8} maxLength={20000} className={inputClass} />
      </Field>
      <label className="mb-4 flex items-center gap-2 text-sm"><input type="checkbox" name="anonymous" /> Upload anonymously</label>
      <button type="submit" className={buttonClass} disabled={action.pending}>{action.pending ? 'Uploading…' : 'Upload'}</button>
    </form>
  );
}
