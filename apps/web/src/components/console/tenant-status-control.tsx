'use client';
// Suspend or resume a tenant from the console's list. Suspending asks for the reason
// members will read, in a modal <dialog> (focus moves into it, Escape or Cancel closes
// it and focus returns to the button), and refuses an empty reason with a message
// tied to the field.
import { buttonClass, inputClass, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function TenantStatusButton(props: { slug: string; status: 'active' | 'suspended' }) {
  const action = useAction();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const reasonInput = useRef<HTMLInputElement>(null);
  const [missingReason, setMissingReason] = useState(false);
  const ids = useId();
  const titleId = `${ids}-title`;
  const reasonId = `${ids}-reason`;
  const errorId = `${ids}-error`;

  async function setStatus(status: 'active' | 'suspended', reason?: string) {
    const done = await action.run(() => api.operator.setStatus.mutate({ slug: props.slug, status, reason }));
    if (done === undefined) return;
    dialog.current?.close();
    router.refresh();
  }

  function suspend(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setMissingReason(reason === '');
    if (reason === '') {
      reasonInput.current?.focus();
      return;
    }
    void setStatus('suspended', reason);
  }

  if (props.status === 'suspended') {
    return (
      <span>
        <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void setStatus('active')}>Resume</button>
        {action.error ? <span role="alert" className="ml-2 text-red-800">{action.error}</span> : null}
      </span>
    );
  }

  return (
    <span>
      <button ref={trigger} type="button" className={secondaryButtonClass} aria-haspopup="dialog" onClick={() => {
        setMissingReason(false);
        dialog.current?.showModal();
        reasonInput.current?.focus();
      }}>Suspend…</button>
      <dialog ref={dialog} aria-labelledby={titleId} onClose={() => trigger.current?.focus()} className="m-auto w-full max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
        <form noValidate onSubmit={suspend}>
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">Suspend {props.slug}</h2>
          <p className="mt-1 text-sm text-slate-700">The site shows members a notice with this reason, and the tracker refuses its announces.</p>
          <label htmlFor={reasonId} className="mt-4 block text-sm font-medium text-slate-800">Reason for suspending</label>
          <input
            id={reasonId}
            ref={reasonInput}
            name="reason"
            maxLength={500}
            aria-invalid={missingReason || undefined}
            aria-describedby={missingReason ? errorId : undefined}
            className={inputClass}
          />
          {missingReason ? <p id={errorId} role="alert" className="mt-1 text-sm text-red-800">Give a reason: members read it on the suspended site.</p> : null}
          {action.error ? <p role="alert" className="mt-2 text-sm text-red-800">{action.error}</p> : null}
          <div className="mt-4 flex gap-3">
            <button type="submit" className={buttonClass} disabled={action.pending}>Suspend</button>
            <button type="button" className={secondaryButtonClass} onClick={() => dialog.current?.close()}>Cancel</button>
          </div>
        </form>
      </dialog>
    </span>
  );
}
