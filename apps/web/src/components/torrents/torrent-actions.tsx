'use client';
// The interactive bits of a torrent page: bookmark, thanks, comment.
import { buttonClass, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function TorrentActions(props: { torrentId: string; bookmarked: boolean; thanked: boolean; canReact: boolean }) {
  const action = useAction();
  const router = useRouter();
  const refresh = () => router.refresh();
  if (!props.canReact) return null;
  return (
    <div className="flex flex-wrap gap-3">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <button
        type="button"
        className={secondaryButtonClass}
        disabled={action.pending}
        onClick={() => void action.run(() => api.torrents.bookmark.mutate({ torrentId: props.torrentId, bookmarked: !props.bookmarked })).then(refresh)}
      >
        {props.bookmarked ? 'Remove bookmark' : 'Bookmark'}
      </button>
      <button
        type="button"
        className={secondaryButtonClass}
        disabled={action.pending || props.thanked}
        onClick={() => void action.run(() => api.torrents.thank.mutate({ torrentId: props.torrentId })).then(refresh)}
      >
        {props.thanked ? 'Thanked' : 'Say thanks'}
      </button>
    </div>
  );
}

export function CommentForm(props: { torrentId: string }) {
  const action = useAction();
  const router = useRouter();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const body = String(new FormData(formElement).get('body'));
    if (await action.run(() => api.torrents.comment.mutate({ torrentId: props.torrentId, body }))) {
      formElement.reset();
      router.refresh();
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)} className="mt-4">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <Field label="Add a comment" htmlFor="comment-body" hint="Markdown works; HTML is shown as text.">
        <textarea id="comment-body" name="body" required maxLength={5000} rows={3} className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>Post comment</button>
    </form>
  );
}
