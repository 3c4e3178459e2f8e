'use client';
// Gift points to another member by username, with an optional note; the receiver is notified.
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function GiftForm() {
  const action = useAction();
  const router = useRouter();
  const [sent, setSent] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(null);
    const form = event.currentTarget;
    const data = new FormData(form);
    const amount = Number(data.get('amount'));
    const input = { toUsername: String(data.get('toUsername') ?? ''), amount, note: String(data.get('note') ?? '') };
    const result = await action.run(() => api.bonus.gift.mutate(input));
    if (result) {
      setSent(`Sent ${amount} points to ${result.toUsername}. Your balance is now ${result.balance} points.`);
      form.reset();
      router.refresh();
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Gift points">
      <div aria-live="polite" className="mb-3 space-y-2 empty:mb-0">
        {action.error ? <Notice tone="error">{action.error}</Notice> : null}
        {sent ? <Notice tone="success">{sent}</Notice> : null}
      </div>
      <Field label="Member" htmlFor="gift-username">
        <input id="gift-username" name="toUsername" required maxLength={64} autoComplete="off" className={inputClass} />
      </Field>
      <Field label="Points" htmlFor="gift-amount">
        <input id="gift-amount" name="amount" type="number" required min={1} step={1} inputMode="numeric" className={inputClass} />
      </Field>
      <Field label="Note (optional)" htmlFor="gift-note" hint="Up to 200 characters; the member sees it.">
        <input id="gift-note" name="note" maxLength={200} className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>Send gift</button>
    </form>
  );
}
