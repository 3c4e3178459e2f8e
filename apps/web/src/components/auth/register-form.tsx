'use client';
// Registration form; the invite field shows when the community is invite-only.
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function RegisterForm(props: { inviteOnly: boolean; inviteCode?: string }) {
  const action = useAction();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await action.run(() =>
      api.auth.register.mutate({
        username: String(form.get('username')),
        email: String(form.get('email')),
        password: String(form.get('password')),
        inviteCode: form.get('inviteCode') ? String(form.get('inviteCode')) : undefined,
      }),
    );
    if (result?.next === 'done') window.location.assign('/');
  }
  return (
    <form onSubmit={(event) => void submit(event)} className="max-w-md" aria-label="Register">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <Field label="Username" htmlFor="username" hint="3-32 letters, digits, dots, hyphens or underscores.">
        <input id="username" name="username" required minLength={3} maxLength={32} autoComplete="username" className={inputClass} />
      </Field>
      <Field label="E-mail" htmlFor="email" hint="We send a link to confirm it.">
        <input id="email" name="email" type="email" required autoComplete="email" className={inputClass} />
      </Field>
      <Field label="Password" htmlFor="password" hint="At least 8 characters.">
        <input id="password" name="password" type="password" required minLength={8} autoComplete="new-password" className={inputClass} />
      </Field>
      {props.inviteOnly ? (
        <Field label="Invite code" htmlFor="inviteCode">
          <input id="inviteCode" name="inviteCode" required defaultValue={props.inviteCode} className={inputClass} />
        </Field>
      ) : null}
      <button type="submit" className={buttonClass} disabled={action.pending}>
        Create account
      </button>
    </form>
  );
}
