'use client';
// A reply in a ticket's thread (Markdown), from the member or staff.
import { buttonClass, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function TicketReplyForm(props: { ticketId: string; asStaff: boolean }) {
  const action = useAction();
  const router = useRouter();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body') ?? '');
    if (await action.run(() => api.tickets.reply.mutate({ ticketId: props.ticketId, body }))) {
      form.reset();
      router.refresh();
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Reply" className="max-w-2xl">
      {action.error ? <div className="mb-3"><Notice tone="error">{action.error}</Notice></div> : null}
      <label htmlFor="ticket-reply" className="block text-sm font-medium text-slate-800">Your reply</label>
      <textarea id="ticket-reply" name="body" required maxLength={10000} rows={4} className={inputClass} />
      <p className="mt-1 text-xs text-slate-600">{props.asStaff ? 'Markdown works. The member is notified; the ticket then waits on them.' : 'Markdown works.'}</p>
      <button type="submit" className={`${buttonClass} mt-2`} disabled={action.pending}>Send reply</button>
    </form>
  );
}
