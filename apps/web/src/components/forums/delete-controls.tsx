'use client';
// Staff "Delete" on a forum post or a whole topic: the button opens a small form asking
// for the reason (kept in the audit log), then a second step confirms. All from the
// keyboard: the reason box and then "Yes, delete" take focus, Escape closes the form and
// focus returns to the button.
import { buttonClass, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

type Target = { kind: 'post'; postId: string; position: number } | { kind: 'topic'; topicId: string; title: string; posts: number };

function describe(target: Target): string {
  return target.kind === 'post' ? `post ${target.position}` : `the topic "${target.title}" and its ${target.posts === 1 ? 'post' : `${target.posts.toLocaleString('en')} posts`}`;
}

export function DeleteButton(props: { target: Target; small?: boolean }) {
  const [step, setStep] = useState<'closed' | 'reason' | 'confirm'>('closed');
  const [reason, setReason] = useState('');
  const action = useAction();
  const router = useRouter();
  const id = useId();
  const opener = useRef<HTMLButtonElement>(null);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const what = describe(props.target);

  useEffect(() => {
    if (step === 'reason') reasonBox.current?.focus();
    if (step === 'confirm') confirmButton.current?.focus();
  }, [step]);

  function close() {
    setStep('closed');
    opener.current?.focus();
  }

  function askConfirmation(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (step === 'reason') setStep('confirm');
  }

  async function remove() {
    const target = props.target;
    const done =
      target.kind === 'post'
        ? await action.run(() => api.forums.deletePost.mutate({ postId: target.postId, reason }))
        : await action.run(() => api.forums.deleteTopic.mutate({ topicId: target.topicId, reason }));
    if (!done) {
      setStep('reason');
      return;
    }
    setStep('closed');
    if ('forumId' in done) router.push(`/forums/${done.forumId}`);
    else router.refresh();
  }

  return (
    <div className="text-sm">
      <button
        ref={opener}
        type="button"
        className={props.small ? 'text-xs text-red-800 underline hover:text-red-950 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-700' : secondaryButtonClass}
        aria-expanded={step !== 'closed'}
        aria-controls={`${id}-form`}
        aria-label={`Delete ${what}`}
        onClick={() => (step === 'closed' ? setStep('reason') : close())}
      >
        {props.target.kind === 'post' ? 'Delete' : 'Delete topic'}
      </button>
      {step !== 'closed' ? (
        <form
          id={`${id}-form`}
          aria-label={`Delete ${what}`}
          className="mt-2 max-w-lg rounded-md border border-red-200 bg-red-50 p-3"
          onSubmit={askConfirmation}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
        >
          <div aria-live="polite">{action.error ? <div className="mb-2"><Notice tone="error">{action.error}</Notice></div> : null}</div>
          {step === 'reason' ? (
            <>
              <label htmlFor={`${id}-reason`} className="block font-medium text-slate-800">Why is {what} deleted?</label>
              <textarea
                ref={reasonBox}
                id={`${id}-reason`}
                name="reason"
                required
                minLength={3}
                maxLength={500}
                rows={2}
                className={inputClass}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                placeholder="The rule it breaks (3-500 characters); kept in the audit log"
              />
              <div className="mt-2 flex gap-2">
                <button type="submit" className={buttonClass}>Continue</button>
                <button type="button" className={secondaryButtonClass} onClick={close}>Cancel</button>
              </div>
            </>
          ) : (
            <>
              <p className="text-slate-800" id={`${id}-confirm`}>
                Delete {what} for good? This cannot be undone. Reason: “{reason.trim()}”
              </p>
              <div className="mt-2 flex gap-2">
                <button ref={confirmButton} type="button" className={buttonClass} disabled={action.pending} aria-describedby={`${id}-confirm`} onClick={() => void remove()}>
                  Yes, delete
                </button>
                <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => setStep('reason')}>Back</button>
              </div>
            </>
          )}
        </form>
      ) : null}
    </div>
  );
}
