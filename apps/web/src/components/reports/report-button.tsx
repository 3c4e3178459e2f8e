'use client';
// "Report" on a torrent, a comment or a member's profile: a small form with the reason,
// opened and sent from the keyboard (Escape closes it, focus returns to the button).
import { buttonClass, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

type TargetType = 'torrent' | 'comment' | 'post' | 'message' | 'member';

export function ReportButton(props: { targetType: TargetType; targetId: string; label: string; small?: boolean }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const action = useAction();
  const id = useId();
  const opener = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) reasonRef.current?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    opener.current?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    const filed = await action.run(() => api.reports.file.mutate({ targetType: props.targetType, targetId: props.targetId, reason }));
    if (filed) {
      setDone(true);
      setOpen(false);
    }
  }

  if (done) {
    return (
      <p role="status" className="text-sm text-emerald-800" data-testid={`reported-${props.targetId}`}>
        Reported. Staff will look at it; you are notified when they close the report.
      </p>
    );
  }
  return (
    <div className="text-sm">
      <button
        ref={opener}
        type="button"
        className={props.small ? 'text-xs text-slate-600 underline hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600' : secondaryButtonClass}
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => (open ? close() : setOpen(true))}
        data-testid={`report-${props.targetId}`}
      >
        Report{props.small ? '' : ` ${props.targetType}`}
      </button>
      {open ? (
        <form
          id={`${id}-form`}
          aria-label={`Report ${props.label}`}
          className="mt-2 max-w-lg rounded-md border border-slate-200 bg-slate-50 p-3"
          onSubmit={(event) => void submit(event)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
        >
          {action.error ? <div className="mb-2"><Notice tone="error">{action.error}</Notice></div> : null}
          <label htmlFor={`${id}-reason`} className="block font-medium text-slate-800">Why should staff look at {props.label}?</label>
          <textarea ref={reasonRef} id={`${id}-reason`} name="reason" required minLength={3} maxLength={1000} rows={3} className={inputClass} placeholder="What rule does it break? (3-1,000 characters)" />
          <div className="mt-2 flex gap-2">
            <button type="submit" className={buttonClass} disabled={action.pending}>Send report</button>
            <button type="button" className={secondaryButtonClass} onClick={close}>Cancel</button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
