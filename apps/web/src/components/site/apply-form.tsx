'use client';
// The application form: the account asked for (created with this password if staff
// accept) and a few words for the staff.
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function ApplyForm() {
  const action = useAction();
  const [sentTo, setSentTo] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email'));
    const done = await action.run(() =>
      api.site.apply.mutate({ username: String(form.get('username')), email, password: String(form.get('password')), message: String(form.get('message')) }),
    );
    if (done) setSentTo(email);
  }
  if (sentTo) {
    return <Notice tone="success">Application sent. The staff will answer at {sentTo}; once accepted, log in with the password you chose.</Notice>;
  }
  return (
    <form onSubmit={(event) => void submit(event)} className="max-w-md" aria-label="Apply">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <Field label="Username" htmlFor="username" hint="3-32 letters, digits, dots, hyphens or underscores.">
        <input id="username" name="username" required minLength={3} maxLength={32} autoComplete="username" className={inputClass} />
      </Field>
      <Field label="E-mail" htmlFor="email" hint="The staff’s answer comes here.">
        <input id="email" name="email" type="email" required autoComplete="email" className={inputClass} />
      </Field>
      <Field label="Password" htmlFor="password" hint="At least 8 characters; yours once you are accepted.">
        <input id="password" name="password" type="password" required minLength={8} autoComplete="new-password" className={inputClass} />
      </Field>
      <Field label="About you" htmlFor="message" hint="What you share, where else you seed, why this community. At most 2,000 characters.">
        <textarea id="message" name="message" required maxLength={2000} rows={5} className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>Send application</button>
    </form>
  );
}
