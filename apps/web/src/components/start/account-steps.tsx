'use client';
// The first steps of "Start a community": the owner account form, the "check your
// mail" card with a resend button, and the e-mail link's confirm button. The account is
// made with a password (TOTP follows) or with a passkey, which is both factors at once.
import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function OwnerAccountForm() {
  const action = useAction();
  const [mismatch, setMismatch] = useState<string | null>(null);
  const [withPasskey, setWithPasskey] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const identity = { username: String(form.get('owner-username')), email: String(form.get('owner-email')) };
    if (withPasskey) {
      const made = await action.run(async () => {
        const start = await api.signup.createAccountPasskeyStart.mutate(identity);
        // Same JSON on both sides; only the two libraries' declared buffer types differ.
        const response = await startRegistration({ optionsJSON: start.options as unknown as PublicKeyCredentialCreationOptionsJSON });
        return api.signup.createAccountPasskeyFinish.mutate({ ceremonyId: start.ceremonyId, response: { ...response } });
      });
      if (made) window.location.assign('/start');
      return;
    }
    const password = String(form.get('owner-password'));
    const differ = password !== String(form.get('owner-password-again'));
    setMismatch(differ ? 'the two passwords differ; type the same password twice' : null);
    if (differ) return;
    const done = await action.run(() => api.signup.createAccount.mutate({ username: String(form.get('owner-username')), email: String(form.get('owner-email')), password }));
    // A full load: the next step is decided on the server from the new session.
    if (done) window.location.assign('/start');
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Your owner account" className="max-w-md">
      {(mismatch ?? action.error) ? <Notice tone="error">{mismatch ?? action.error}</Notice> : null}
      <Field label="Username" htmlFor="owner-username" hint="3-32 letters, digits, dots, dashes or underscores; also your admin name in the community.">
        <input id="owner-username" name="owner-username" required minLength={3} maxLength={32} autoComplete="username" autoFocus className={inputClass} />
      </Field>
      <Field label="E-mail" htmlFor="owner-email" hint="We send a link to confirm it.">
        <input id="owner-email" name="owner-email" type="email" required maxLength={254} autoComplete="email" className={inputClass} />
      </Field>
      <fieldset className="mb-4">
        <legend className="mb-1 text-sm font-medium text-slate-800">How you will log in</legend>
        <label className="mr-4 text-sm">
          <input type="radio" name="owner-method" value="password" checked={!withPasskey} onChange={() => setWithPasskey(false)} /> Password + authenticator app
        </label>
        <label className="text-sm">
          <input type="radio" name="owner-method" value="passkey" checked={withPasskey} onChange={() => setWithPasskey(true)} /> A passkey (this device or a security key)
        </label>
      </fieldset>
      {withPasskey ? (
        <p className="mb-4 text-sm text-slate-700">Your browser asks you to create a passkey for this console. It replaces both the password and the authenticator app.</p>
      ) : (
        <>
          <Field label="Password" htmlFor="owner-password" hint="At least 8 characters.">
            <input id="owner-password" name="owner-password" type="password" required minLength={8} maxLength={256} autoComplete="new-password" className={inputClass} />
          </Field>
          <Field label="Password again" htmlFor="owner-password-again">
            <input id="owner-password-again" name="owner-password-again" type="password" required autoComplete="new-password" className={inputClass} />
          </Field>
        </>
      )}
      <button type="submit" className={buttonClass} disabled={action.pending}>
        {action.pending ? 'Creating your account…' : withPasskey ? 'Create account with a passkey' : 'Create account'}
      </button>
    </form>
  );
}

export function CheckMailCard(props: { email: string }) {
  const action = useAction();
  const [sent, setSent] = useState(false);
  return (
    <Card title="2. Confirm your e-mail address">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {sent ? <Notice tone="success">A new link is on its way to {props.email}.</Notice> : null}
      <p className="mb-3 text-sm text-slate-700">
        We sent a link to <strong>{props.email}</strong>. Open it to continue; this page moves on once the address is confirmed.
      </p>
      <div className="flex gap-3">
        <button type="button" className={buttonClass} onClick={() => window.location.reload()}>
          I have opened the link
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          disabled={action.pending}
          onClick={() => void action.run(async () => (await api.signup.resendVerification.mutate(), true)).then((result) => setSent(result === true))}
        >
          Send the link again
        </button>
      </div>
    </Card>
  );
}

export function VerifyOwnerEmailButton(props: { token: string }) {
  const action = useAction();
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <div>
        <Notice tone="success">Your address is confirmed.</Notice>
        <a className={`${buttonClass} mt-4 inline-block`} href="/start">
          Continue to start your community
        </a>
      </div>
    );
  }
  return (
    <div>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <button
        type="button"
        className={buttonClass}
        autoFocus
        disabled={action.pending}
        onClick={() => void action.run(async () => (await api.signup.verifyEmail.mutate({ token: props.token }), true)).then((result) => setDone(result === true))}
      >
        Confirm my address
      </button>
    </div>
  );
}
