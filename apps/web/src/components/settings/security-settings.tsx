'use client';
// Password and e-mail change, TOTP enrolment (QR code, recovery codes), replacement and removal, and
// signing out of every session. Set-up asks to confirm it's you first when the server
// wants a fresh proof (step-up.tsx); the password change and turning TOTP off carry theirs.
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';
import { useStepUp } from './step-up';

export function ChangePasswordCard() {
  const action = useAction();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const ok = await action.run(async () => {
      await api.account.changePassword.mutate({ currentPassword: String(form.get('currentPassword')), newPassword: String(form.get('newPassword')) });
      return true;
    });
    if (ok) window.location.assign('/login');
  }
  return (
    <Card title="Password">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <form onSubmit={(event) => void submit(event)} className="max-w-md">
        <Field label="Current password" htmlFor="currentPassword"><input id="currentPassword" name="currentPassword" type="password" required autoComplete="current-password" className={inputClass} /></Field>
        <Field label="New password" htmlFor="newPassword" hint="At least 8 characters. Every session is signed out afterwards."><input id="newPassword" name="newPassword" type="password" required minLength={8} autoComplete="new-password" className={inputClass} /></Field>
        <button type="submit" className={buttonClass} disabled={action.pending}>Change password</button>
      </form>
    </Card>
  );
}

/** The account's e-mail address; a new one must be confirmed again and the old one is told. */
export function EmailCard(props: { email: string; verified: boolean }) {
  const action = useAction();
  const stepUp = useStepUp();
  const [sentTo, setSentTo] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = String(new FormData(form).get('new-email'));
    const result = await action.run(() => stepUp(() => api.account.changeEmail.mutate({ email })));
    if (result) {
      form.reset();
      setSentTo(result.email);
    }
  }
  return (
    <Card title="E-mail address" id="email">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {sentTo ? <Notice tone="success">Your address is now {sentTo}. Open the link we sent there to confirm it; the old address was told of the change.</Notice> : null}
      <p className="mb-3 text-sm text-slate-700">
        Now: <strong>{sentTo ?? props.email}</strong>
        {sentTo || !props.verified ? ' (not confirmed yet)' : ''}
      </p>
      <form onSubmit={(event) => void submit(event)} className="max-w-md">
        <Field label="New e-mail address" htmlFor="new-email" hint="We send a confirmation link to the new address and tell the old one."><input id="new-email" name="new-email" type="email" required maxLength={254} autoComplete="email" className={inputClass} /></Field>
        <button type="submit" className={buttonClass} disabled={action.pending}>Change e-mail</button>
      </form>
    </Card>
  );
}

export function TotpCard(props: { enabled: boolean }) {
  const action = useAction();
  const stepUp = useStepUp();
  const [enrolment, setEnrolment] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('totp-code'));
    const result = await action.run(() => api.account.totpConfirm.mutate({ code }));
    if (result) {
      setRecoveryCodes(result.recoveryCodes);
      setEnrolment(null);
    }
  }
  /** New secret and recovery codes (first set-up, or moving to another app); needs a recent proof of a factor. */
  async function start() {
    const result = await action.run(() => stepUp(() => api.account.totpStart.mutate()));
    if (result) setEnrolment(result);
  }
  async function newRecoveryCodes() {
    const result = await action.run(() => stepUp(() => api.account.regenerateRecoveryCodes.mutate()));
    if (result) setRecoveryCodes(result.recoveryCodes);
  }
  async function disable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('disable-code'));
    if (await action.run(async () => { await api.account.totpDisable.mutate({ code }); return true; })) window.location.reload();
  }
  return (
    <Card title="Two-factor authentication (TOTP)" id="totp">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {recoveryCodes ? (
        <div>
          <Notice tone="success">Two-factor authentication is on. Keep these recovery codes somewhere safe; each works once, and older codes no longer work.</Notice>
          <ul className="mt-3 grid grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes">{recoveryCodes.map((code) => <li key={code}>{code}</li>)}</ul>
        </div>
      ) : enrolment ? (
        <form onSubmit={(event) => void confirm(event)} className="max-w-md">
          <p className="text-sm text-slate-700">Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
          {/* Server-rendered SVG from our own QR encoder: no scripts, no external requests. */}
          <div className="my-3 w-48" aria-label="QR code for your authenticator app" role="img" dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
          <p className="text-xs text-slate-600">Cannot scan? Enter this key: <code data-testid="totp-secret">{enrolment.secret}</code></p>
          <Field label="Code from the app" htmlFor="totp-code"><input id="totp-code" name="totp-code" required inputMode="numeric" autoComplete="one-time-code" className={inputClass} /></Field>
          <button type="submit" className={buttonClass} disabled={action.pending}>Turn on</button>
        </form>
      ) : props.enabled ? (
        <form onSubmit={(event) => void disable(event)} className="max-w-md">
          <p className="mb-3 text-sm text-slate-700">Two-factor authentication is on.</p>
          <Field label="Current code or a recovery code" htmlFor="disable-code"><input id="disable-code" name="disable-code" required className={inputClass} /></Field>
          <div className="flex flex-wrap gap-3">
            <button type="submit" className={secondaryButtonClass} disabled={action.pending}>Turn off</button>
            <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void start()}>Move to a new authenticator app</button>
            <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void newRecoveryCodes()}>New recovery codes</button>
          </div>
        </form>
      ) : (
        <button type="button" className={buttonClass} disabled={action.pending} onClick={() => void start()}>
          Set up two-factor authentication
        </button>
      )}
    </Card>
  );
}

export function LogoutEverywhereCard() {
  const action = useAction();
  return (
    <Card title="Sessions">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <p className="mb-3 text-sm text-slate-700">Sign out on every browser and device, including this one.</p>
      <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void action.run(() => api.auth.logoutEverywhere.mutate()).then(() => window.location.assign('/login'))}>
        Log out everywhere
      </button>
    </Card>
  );
}
