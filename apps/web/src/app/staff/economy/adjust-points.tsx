'use client';
// Staff credit or debit a member's points by hand: the member, a whole amount (negative
// takes points away) and a reason the member sees. Audited; never below zero.
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';
import { errorId } from './field-error';
import { MemberPicker, type PickedMember } from './member-picker';

export function AdjustPoints() {
  const action = useAction();
  const router = useRouter();
  const [member, setMember] = useState<PickedMember | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    if (!member) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const amount = Number(data.get('amount'));
    const reason = String(data.get('reason') ?? '');
    const result = await action.run(() => api.bonus.adjust.mutate({ memberId: member.id, amount, reason }));
    if (result) {
      setDone(`${amount > 0 ? 'Added' : 'Took'} ${Math.abs(amount)} points ${amount > 0 ? 'to' : 'from'} ${member.username}. Their balance is now ${result.balance}.`);
      setMember({ ...member, balance: result.balance });
      form.reset();
      router.refresh();
    }
  }

  const amountError = action.error && /^amount/.test(action.error) ? action.error : null;
  const reasonError = action.error && /^reason/.test(action.error) ? action.error : null;
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Adjust a member’s points" data-testid="adjust-points">
      <MemberPicker label="Member" testId="adjust-member" picked={member} onPick={setMember} />
      {member && !member.canAdjust ? (
        <p className="mb-3 text-sm text-red-800">You cannot adjust {member.username}: their role ({member.role}) is the same as or above yours, or it is you.</p>
      ) : null}
      <Field label="Points (negative to take away)" htmlFor="adjust-amount" hint="Whole points; a debit cannot take the balance below zero.">
        <input id="adjust-amount" name="amount" type="number" required step={1} inputMode="numeric" className={inputClass} aria-invalid={amountError ? true : undefined} aria-describedby={amountError ? errorId('adjust.amount') : undefined} />
        {amountError ? <p id={errorId('adjust.amount')} className="mt-1 text-xs font-medium text-red-800">{amountError}</p> : null}
      </Field>
      <Field label="Reason (the member sees it)" htmlFor="adjust-reason">
        <input id="adjust-reason" name="reason" required minLength={3} maxLength={200} className={inputClass} aria-invalid={reasonError ? true : undefined} aria-describedby={reasonError ? errorId('adjust.reason') : undefined} />
        {reasonError ? <p id={errorId('adjust.reason')} className="mt-1 text-xs font-medium text-red-800">{reasonError}</p> : null}
      </Field>
      <div aria-live="polite" className="mb-3 space-y-2 empty:mb-0">
        {action.error && !amountError && !reasonError ? <Notice tone="error">{action.error}</Notice> : null}
        {done ? <Notice tone="success">{done}</Notice> : null}
      </div>
      <button type="submit" className={buttonClass} disabled={action.pending || !member || !member.canAdjust}>Adjust points</button>
    </form>
  );
}
