'use client';
// Staff post news to the home page, or take a post down.
import { buttonClass, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function NewsForm() {
  const action = useAction();
  const router = useRouter();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const posted = await action.run(() => api.home.postNews.mutate({ title: String(form.get('title') ?? ''), body: String(form.get('body') ?? '') }));
    if (posted) {
      element.reset();
      router.refresh();
    }
  }
  return (
    <details>
      <summary className="cursor-pointer text-sm font-medium text-indigo-800">Post news (staff)</summary>
      <form onSubmit={(event) => void submit(event)} className="mt-3 space-y-3" aria-label="Post news">
        <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
        <Field label="News title" htmlFor="news-title">
          <input id="news-title" name="title" required maxLength={200} className={inputClass} />
        </Field>
        <Field label="News text" htmlFor="news-body" hint="Markdown works; HTML is shown as text.">
          <textarea id="news-body" name="body" required rows={4} maxLength={20000} className={inputClass} />
        </Field>
        <button type="submit" className={buttonClass} disabled={action.pending}>Post news</button>
      </form>
    </details>
  );
}

export function RemoveNewsButton(props: { id: string; title: string }) {
  const action = useAction();
  const router = useRouter();
  return (
    <div className="mt-2">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <button
        type="button"
        className={`${secondaryButtonClass} text-xs`}
        aria-label={`Remove the news “${props.title}”`}
        disabled={action.pending}
        onClick={() => void action.run(() => api.home.deleteNews.mutate({ id: props.id })).then(() => router.refresh())}
      >
        Remove
      </button>
    </div>
  );
}
