'use client';
// The staff's answers to applications: each with its message, an optional note to the
// applicant, Accept and Reject.
import { buttonClass, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

interface Application {
  id: string;
  username: string;
  email: string;
  message: string;
  createdAt: string;
}

export function ApplicationQueue(props: { applications: Application[] }) {
  const router = useRouter();
  const action = useAction();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [answered, setAnswered] = useState<string | null>(null);
  async function answer(application: Application, decision: 'accept' | 'reject') {
    const done = await action.run(() => api.site.reviewApplication.mutate({ applicationId: application.id, decision, note: notes[application.id] || undefined }));
    if (done) {
      setAnswered(`${application.username}: ${done.status}; they were mailed.`);
      router.refresh();
    }
  }
  return (
    <div>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {answered ? <Notice tone="success">{answered}</Notice> : null}
      {props.applications.length === 0 ? (
        <p className="text-sm text-slate-700" data-testid="applications-empty">No one is waiting for an answer.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {props.applications.map((application) => (
            <li key={application.id} className="py-4" aria-label={`Application from ${application.username}`}>
              <p className="font-semibold">{application.username} <span className="font-normal text-slate-600">{application.email} · {new Date(application.createdAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC</span></p>
              <p className="my-2 whitespace-pre-wrap text-sm">{application.message}</p>
              <Field label="Note to the applicant (optional)" htmlFor={`note-${application.id}`}>
                <input id={`note-${application.id}`} maxLength={1000} className={inputClass} value={notes[application.id] ?? ''} onChange={(event) => setNotes({ ...notes, [application.id]: event.target.value })} />
              </Field>
              <div className="flex gap-2">
                <button type="button" className={buttonClass} disabled={action.pending} onClick={() => void answer(application, 'accept')}>Accept {application.username}</button>
                <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void answer(application, 'reject')}>Reject {application.username}</button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
