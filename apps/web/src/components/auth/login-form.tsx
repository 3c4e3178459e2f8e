'use client';
// Password login with an optional second step (TOTP or recovery code), for members on
// a tenant site and operators on the console; a passkey button for both (members' passkeys
// belong to their community's host, console passkeys to the console's).
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { buttonClass, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function LoginForm(props: { scope: 'member' | 'operator' }) {
  const action = useAction();
  const [pendingToken, setPendingToken] = useState<string | null>(null);
  const auth = props.scope === 'operator' ? api.operator : api.auth;

  async function submitPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await action.run(() =>
      auth.login.mutate({ identifier: String(form.get('identifier')), password: String(form.get('password')) }),
    );
    if (result?.next === 'totp') setPendingToken(result.pendingToken);
    else if (result?.next === 'done') window.location.assign('/');
  }

  async function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await action.run(() => auth.secondFactor.mutate({ pendingToken: pendingToken ?? '', code: String(form.get('code')) }));
    if (result?.next === 'done') window.location.assign('/');
  }

  async function usePasskey() {
    const result = await action.run(async () => {
      const start = props.scope === 'operator' ? await api.operator.passkeyLoginStart.mutate() : await api.auth.passkeyStart.mutate();
      const response = await startAuthentication({
        // Same JSON on both sides; only the two libraries' declared PRF buffer types differ.
        optionsJSON: start.options as unknown as PublicKeyCredentialRequestOptionsJSON,
      });
      const finish = { ceremonyId: start.ceremonyId, response: { ...response } };
      return props.scope === 'operator' ? api.operator.passkeyLoginFinish.mutate(finish) : api.auth.passkeyFinish.mutate(finish);
    });
    if (result?.next === 'done') window.location.assign('/');
  }

  return (
    <div className="max-w-md">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {pendingToken ? (
        <form onSubmit={(event) => void submitCode(event)} className="mt-4" aria-label="Two-factor code">
          <Field label="Authentication code" htmlFor="code" hint="The 6-digit code from your authenticator app, or one of your recovery codes.">
            <input id="code" name="code" required autoComplete="one-time-code" inputMode="text" autoFocus className={inputClass} />
          </Field>
          <button type="submit" className={buttonClass} disabled={action.pending}>
            Verify
          </button>
        </form>
      ) : (
        <form onSubmit={(event) => void submitPassword(event)} className="mt-4" aria-label="Log in">
          <Field label="Username or e-mail" htmlFor="identifier">
            <input id="identifier" name="identifier" required autoComplete="username webauthn" className={inputClass} />
          </Field>
          <Field label="Password" htmlFor="password">
            <input id="password" name="password" type="password" required autoComplete="current-password" className={inputClass} />
          </Field>
          <div className="flex flex-wrap gap-3">
            <button type="submit" className={buttonClass} disabled={action.pending}>
              Log in
            </button>
            <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void usePasskey()}>
              Log in with a passkey
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
