'use client';
// "Pardon…" on a warning row: opens a small form asking for the reason (the member sees
// it); Enter submits, Escape closes. The page refreshes after a pardon.
import { buttonClass, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function PardonForm(props: { warningId: string; username: string; torrentName: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const action = useAction();
  const router = useRouter();
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    setReason('');
    // Back to the button that opened the form, so keyboard users keep their place.
    setTimeout(() => opener.current?.focus(), 0);
  };
  if (!open) {
    return (
      <button ref={opener} type="button" className={secondaryButtonClass} onClick={() => setOpen(true)} aria-label={`Pardon ${props.username}'s warning on ${props.torrentName}`}>
        Pardon…
      </button>
    );
  }
  const id = `pardon-reason-${props.warningId}`;
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(() => api.hitAndRun.pardon.mutate({ warningId: props.warningId, reason })).then((done) => {
          if (done) {
            setOpen(false);
            router.refresh();
          }
        });
      }}
    >
      <label htmlFor={id} className="text-sm">Reason (the member sees it)</label>
      <input ref={input} id={id} className={inputClass} value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} required minLength={3} />
      <button type="submit" className={buttonClass} disabled={action.pending}>{action.pending ? 'Pardoning…' : 'Pardon'}</button>
      <button type="button" className={secondaryButtonClass} onClick={close}>Cancel</button>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
    </form>
  );
}
