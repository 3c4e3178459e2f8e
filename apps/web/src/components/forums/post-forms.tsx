'use client';
// The forum's write forms: start a topic, reply (a "Quote" button on any post fills the
// reply box with a quote block of that post), and edit a post. Each shows the server's
// message when it refuses (locked topic, posting too fast, no right to post).
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

const QUOTE_EVENT = 'forum:quote';

/** Markdown quote of a post: "> **name** wrote:" then each line quoted. */
export function quoteBlock(author: string | null, body: string): string {
  const lines = body.split('\n').map((line) => (line === '' ? '>' : `> ${line}`));
  return `> **${author ?? 'A former member'}** wrote:\n${lines.join('\n')}\n\n`;
}

export function QuoteButton(props: { author: string | null; body: string; position: number }) {
  return (
    <button
      type="button"
      className="text-indigo-800 underline"
      aria-label={`Quote post ${props.position}`}
      onClick={() => window.dispatchEvent(new CustomEvent<string>(QUOTE_EVENT, { detail: quoteBlock(props.author, props.body) }))}
    >
      Quote
    </button>
  );
}

const bodyHint = 'Markdown works (**bold**, > quote, links); HTML is shown as text.';

export function ReplyForm(props: { topicId: string; lastPage: number }) {
  const action = useAction();
  const router = useRouter();
  const [body, setBody] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const onQuote = (event: Event) => {
      const quote = (event as CustomEvent<string>).detail;
      setBody((current) => (current.trim() === '' ? quote : `${current.trimEnd()}\n\n${quote}`));
      box.current?.focus();
      box.current?.scrollIntoView({ block: 'center' });
    };
    window.addEventListener(QUOTE_EVENT, onQuote);
    return () => window.removeEventListener(QUOTE_EVENT, onQuote);
  }, []);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await action.run(() => api.forums.reply.mutate({ topicId: props.topicId, body }));
    if (result) {
      setBody('');
      router.push(`/forums/topics/${props.topicId}?page=${Math.ceil(result.position / 25)}#post-${result.position}`);
      router.refresh();
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Reply" className="space-y-2">
      <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
      <Field label="Your reply" htmlFor="forum-reply" hint={bodyHint}>
        <textarea ref={box} id="forum-reply" name="body" required rows={6} maxLength={30_000} className={inputClass} value={body} onChange={(event) => setBody(event.target.value)} />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>Post reply</button>
    </form>
  );
}

export function NewTopicForm(props: { forumId: string }) {
  const action = useAction();
  const router = useRouter();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await action.run(() =>
      api.forums.startTopic.mutate({ forumId: props.forumId, title: String(form.get('title') ?? ''), body: String(form.get('body') ?? '') }),
    );
    if (result) router.push(`/forums/topics/${result.topicId}`);
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="New topic" className="space-y-3">
      <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
      <Field label="Title" htmlFor="topic-title">
        <input id="topic-title" name="title" required maxLength={200} className={inputClass} autoFocus />
      </Field>
      <Field label="Message" htmlFor="topic-body" hint={bodyHint}>
        <textarea id="topic-body" name="body" required rows={8} maxLength={30_000} className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>Start topic</button>
    </form>
  );
}

export function EditPostForm(props: { postId: string; body: string; back: string }) {
  const action = useAction();
  const router = useRouter();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const done = await action.run(() => api.forums.edit.mutate({ postId: props.postId, body: String(form.get('body') ?? '') }).then(() => true));
    if (done) {
      router.push(props.back);
      router.refresh();
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Edit post" className="space-y-3">
      <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
      <Field label="Message" htmlFor="post-body" hint={`${bodyHint} The earlier text stays in the post's history.`}>
        <textarea id="post-body" name="body" required rows={10} maxLength={30_000} className={inputClass} defaultValue={props.body} autoFocus />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>Save changes</button>
    </form>
  );
}
