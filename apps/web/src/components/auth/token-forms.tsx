'use client';
// Forms behind e-mailed links and the reset request: ask for a reset, set a new
// password from a reset link, confirm an e-mail address.
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function ForgotPasswordForm() {
  const action = useAction();
  const [sent, setSent] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (await action.run(() => api.auth.requestPasswordReset.mutate({ email: String(form.get('email')) }))) setSent(true);
  }
  if (sent) return <Notice tone="success">If an account uses that address, a reset link is on its way. It works for one hour.</Notice>;
  return (
    <form onSubmit={(event) => void submit(event)} className="max-w-md">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <Field label="E-mail" htmlFor="email">
        <input id="email" name="email" type="email" required className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>
        Send reset link
      </button>
    </form>
  );
}

export function ResetPasswordForm(props: { token: string }) {
  const action = useAction();
  const [done, setDone] = useState<{ passkeysRemoved: number } | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await action.run(() => api.auth.resetPassword.mutate({ token: props.token, newPassword: String(form.get('password')) }));
    if (result) setDone(result);
  }
  if (done) {
    return (
      <Notice tone="success">
        Your password is changed and every session was signed out.
        {done.passkeysRemoved > 0 ? ` Your ${done.passkeysRemoved} passkey(s) were removed; add them again in Settings.` : ''}{' '}
        <a className="underline" href="/login">Log in</a>.
      </Notice>
    );
  }
  return (
    <form onSubmit={(event) => void submit(event)} className="max-w-md">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <Field label="New password" htmlFor="password" hint="At least 8 characters. Every session is signed out and your passkeys are removed (add them again afterwards).">
        <input id="password" name="password" type="password" required minLength={8} autoComplete="new-password" className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={action.pending}>
        Set password
      </button>
    </form>
  );
}

export function VerifyEmailButton(props: { token: string }) {
  const action = useAction();
  const [done, setDone] = useState(false);
  if (done) return <Notice tone="success">Your e-mail address is confirmed.</Notice>;
  return (
    <div>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <button
        type="button"
        className={buttonClass}
        disabled={action.pending}
        onClick={() =>
          void action.run(async () => {
            await api.auth.verifyEmail.mutate({ token: props.token });
            setDone(true);
          })
        }
      >
        Confirm my e-mail address
      </button>
    </div>
  );
}
