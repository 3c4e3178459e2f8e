'use client';
// Start a conversation: recipients by username (comma or space separated), a subject
// and the first message. The server lists unknown names and says how long to wait when
// the member sends too much.
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function NewConversationForm(props: { to: string; maxRecipients: number; subjectMax: number; bodyMax: number }) {
  const action = useAction();
  const router = useRouter();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const recipients = String(form.get('recipients') ?? '').split(/[\s,;]+/).filter((name) => name !== '');
    const started = await action.run(() =>
      api.messages.start.mutate({ recipients, subject: String(form.get('subject') ?? ''), body: String(form.get('body') ?? '') }),
    );
    if (started) router.push(`/messages/${started.conversationId}`);
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="New conversation" className="space-y-2">
      <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
      <Field label="To" htmlFor="pm-recipients" hint={`Usernames, separated by commas or spaces; up to ${props.maxRecipients}.`}>
        <input id="pm-recipients" name="recipients" required defaultValue={props.to} autoComplete="off" className={inputClass} autoFocus={props.to === ''} />
      </Field>
      <Field label="Subject" htmlFor="pm-subject">
        <input id="pm-subject" name="subject" required maxLength={props.subjectMax} className={inputClass} autoFocus={props.to !== ''} />
      </Field>
      <Field label="Message" htmlFor="pm-body" hint="Markdown works; HTML is shown as text. Only the people in the conversation can read it.">
        <textarea id="pm-body" name="body" required maxLength={props.bodyMax} rows={8} className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>
        {action.pending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
