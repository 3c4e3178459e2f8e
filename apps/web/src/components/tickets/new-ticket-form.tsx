'use client';
// Opening a ticket: category, priority, subject and the first message (Markdown).
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';
import { CATEGORY_LABELS, PRIORITY_LABELS, type TicketCategoryName, type TicketPriorityName } from './ticket-labels';

export function NewTicketForm() {
  const action = useAction();
  const router = useRouter();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const opened = await action.run(() =>
      api.tickets.open.mutate({
        subject: String(data.get('subject') ?? ''),
        category: String(data.get('category')) as TicketCategoryName,
        priority: String(data.get('priority')) as TicketPriorityName,
        body: String(data.get('body') ?? ''),
      }),
    );
    if (opened) router.push(`/tickets/${opened.id}`);
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Open a ticket" className="max-w-2xl">
      {action.error ? <div className="mb-3"><Notice tone="error">{action.error}</Notice></div> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Category" htmlFor="ticket-category">
          <select id="ticket-category" name="category" defaultValue="account" className={inputClass}>
            {Object.entries(CATEGORY_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
        <Field label="Priority" htmlFor="ticket-priority">
          <select id="ticket-priority" name="priority" defaultValue="normal" className={inputClass}>
            {Object.entries(PRIORITY_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
      </div>
      <Field label="Subject" htmlFor="ticket-subject">
        <input id="ticket-subject" name="subject" required minLength={3} maxLength={150} className={inputClass} />
      </Field>
      <Field label="What do you need?" htmlFor="ticket-body" hint="Markdown works. Staff and you see this ticket; nobody else.">
        <textarea id="ticket-body" name="body" required maxLength={10000} rows={6} className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>Open ticket</button>
    </form>
  );
}
