'use client';
// What a participant does in a conversation: reply, add a member, leave; and the live
// refresh that shows a new message while the conversation is open.
import { MESSAGES_UNREAD_EVENT, type UnreadConversations } from '@swarmhost/events';
import { buttonClass, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';
import { useLiveEvent } from '../live/realtime-provider';

export function ReplyForm(props: { conversationId: string; bodyMax: number }) {
  const action = useAction();
  const router = useRouter();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const body = String(new FormData(element).get('body') ?? '');
    if ((await action.run(() => api.messages.reply.mutate({ conversationId: props.conversationId, body }))) !== undefined) {
      element.reset();
      router.refresh();
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Reply" className="space-y-2">
      <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
      <Field label="Your reply" htmlFor="pm-reply" hint="Markdown works; HTML is shown as text. Ctrl+Enter sends.">
        <textarea
          id="pm-reply"
          name="body"
          required
          maxLength={props.bodyMax}
          rows={4}
          className={inputClass}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
          }}
        />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>
        {action.pending ? 'Sending…' : 'Send reply'}
      </button>
    </form>
  );
}

export function AddParticipantForm(props: { conversationId: string }) {
  const action = useAction();
  const router = useRouter();
  const [added, setAdded] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const username = String(new FormData(element).get('username') ?? '');
    const result = await action.run(() => api.messages.addParticipant.mutate({ conversationId: props.conversationId, username }));
    if (result) {
      setAdded(result.username);
      element.reset();
      router.refresh();
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Add a member" className="space-y-2">
      <div aria-live="polite">
        {action.error ? <Notice tone="error">{action.error}</Notice> : null}
        {added ? <Notice tone="success">{added} can now read and write here.</Notice> : null}
      </div>
      <Field label="Add a member" htmlFor="pm-add" hint="They will see the whole conversation.">
        <input id="pm-add" name="username" required autoComplete="off" className={inputClass} />
      </Field>
      <button type="submit" className={secondaryButtonClass} disabled={action.pending}>
        Add
      </button>
    </form>
  );
}

export function LeaveButton(props: { conversationId: string }) {
  const action = useAction();
  const router = useRouter();
  async function leave() {
    if (!window.confirm('Leave this conversation? It leaves your inbox and you cannot read it again unless someone adds you back.')) return;
    if ((await action.run(() => api.messages.leave.mutate({ conversationId: props.conversationId }))) !== undefined) router.push('/messages');
  }
  return (
    <div className="space-y-2">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <button type="button" className={secondaryButtonClass} onClick={() => void leave()} disabled={action.pending}>
        Leave conversation
      </button>
    </div>
  );
}

/** A new count while the conversation is open may mean a message arrived here: re-read the page (which marks it read). */
export function LiveConversationRefresh() {
  const router = useRouter();
  useLiveEvent<UnreadConversations>(MESSAGES_UNREAD_EVENT, (update) => {
    if (update.unread > 0) router.refresh();
  });
  return null;
}

/** "Report" under a message: a short reason, then reports.file with the message as target. */
export function ReportMessage(props: { messageId: string }) {
  const action = useAction();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    if ((await action.run(() => api.reports.file.mutate({ targetType: 'message', targetId: props.messageId, reason }))) !== undefined) {
      setDone(true);
      setOpen(false);
    }
  }
  if (done) return <p className="text-xs text-emerald-800" role="status">Reported; staff can now read this conversation.</p>;
  if (!open) {
    return (
      <button type="button" className="text-xs text-slate-600 underline hover:text-slate-900" onClick={() => setOpen(true)}>
        Report
      </button>
    );
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Report this message" className="mt-2 space-y-2">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <Field label="Why are you reporting it?" htmlFor={`report-${props.messageId}`} hint="Staff will be able to read this whole conversation.">
        <input id={`report-${props.messageId}`} name="reason" required minLength={3} maxLength={1000} className={inputClass} autoFocus />
      </Field>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={action.pending}>Send report</button>
        <button type="button" className={secondaryButtonClass} onClick={() => setOpen(false)}>Cancel</button>
      </div>
    </form>
  );
}
