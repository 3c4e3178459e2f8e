'use client';
// "Confirm it's you" for security settings. The server refuses a change to how the member
// signs in (FORBIDDEN, details.reason 'reauthenticate') when the session has not proved a
// factor in the last few minutes; `useStepUp()` then opens this modal <dialog> (focus in
// the field, Escape or Cancel closes it), proves the password, a code or a passkey, and
// retries the change once.
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { buttonClass, inputClass, secondaryButtonClass } from '@swarmhost/ui';
import { createContext, useContext, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, errorDetails } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

type Confirm = () => Promise<boolean>;

const StepUpContext = createContext<Confirm>(() => Promise.resolve(false));

/** Runs `work`; when the server asks for re-authentication, prompts for it and runs `work` again. */
export function useStepUp(): <T>(work: () => Promise<T>) => Promise<T> {
  const confirm = useContext(StepUpContext);
  return async (work) => {
    try {
      return await work();
    } catch (error) {
      if (errorDetails(error)?.reason !== 'reauthenticate' || !(await confirm())) throw error;
      return work();
    }
  };
}

export function StepUpProvider(props: { totpEnabled: boolean; hasPasskeys: boolean; children: ReactNode }) {
  const action = useAction();
  const dialog = useRef<HTMLDialogElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);
  const returnFocus = useRef<Element | null>(null);
  const [factor, setFactor] = useState<'password' | 'code'>('password');
  const ids = useId();

  const confirm: Confirm = () =>
    new Promise<boolean>((resolve) => {
      settle.current?.(false);
      settle.current = resolve;
      returnFocus.current = document.activeElement;
      setFactor('password');
      dialog.current?.showModal();
      field.current?.focus();
    });

  function finish(confirmed: boolean) {
    const resolve = settle.current;
    settle.current = null;
    dialog.current?.close();
    resolve?.(confirmed);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const value = String(new FormData(form).get('factor') ?? '');
    const done = await action.run(() => api.account.reauthenticate.mutate(factor === 'password' ? { password: value } : { code: value }));
    if (done) {
      form.reset();
      finish(true);
    } else {
      field.current?.focus();
    }
  }

  async function usePasskey() {
    const done = await action.run(async () => {
      const start = await api.account.reauthPasskeyStart.mutate();
      // Same JSON on both sides; only the two libraries' declared PRF buffer types differ.
      const response = await startAuthentication({ optionsJSON: start.options as unknown as PublicKeyCredentialRequestOptionsJSON });
      return api.account.reauthPasskeyFinish.mutate({ ceremonyId: start.ceremonyId, response: { ...response } });
    });
    if (done) finish(true);
  }

  const label = factor === 'password' ? 'Your password' : 'Code from your authenticator app (or a recovery code)';
  return (
    <StepUpContext.Provider value={confirm}>
      {props.children}
      <dialog
        ref={dialog}
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-why`}
        onClose={() => {
          settle.current?.(false);
          settle.current = null;
          if (returnFocus.current instanceof HTMLElement) returnFocus.current.focus();
        }}
        className="m-auto w-full max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <form onSubmit={(event) => void submit(event)}>
          <h2 id={`${ids}-title`} className="text-lg font-semibold text-slate-900">Confirm it’s you</h2>
          <p id={`${ids}-why`} className="mt-1 text-sm text-slate-700">
            Changing how you sign in needs your password or a current code first. It stays confirmed on this browser for 5 minutes.
          </p>
          <label htmlFor={`${ids}-factor`} className="mt-4 block text-sm font-medium text-slate-800">{label}</label>
          <input
            id={`${ids}-factor`}
            ref={field}
            name="factor"
            key={factor}
            type={factor === 'password' ? 'password' : 'text'}
            inputMode={factor === 'password' ? undefined : 'numeric'}
            autoComplete={factor === 'password' ? 'current-password' : 'one-time-code'}
            required
            maxLength={factor === 'password' ? 256 : 20}
            aria-invalid={action.error ? true : undefined}
            aria-describedby={action.error ? `${ids}-error` : undefined}
            className={inputClass}
          />
          {action.error ? <p id={`${ids}-error`} role="alert" className="mt-2 text-sm text-red-800">{action.error}</p> : null}
          <div className="mt-4 flex flex-wrap gap-3">
            <button type="submit" className={buttonClass} disabled={action.pending}>Confirm</button>
            <button type="button" className={secondaryButtonClass} onClick={() => finish(false)}>Cancel</button>
          </div>
          {props.totpEnabled || props.hasPasskeys ? (
            <div className="mt-4 flex flex-wrap gap-3 border-t border-slate-100 pt-3 text-sm">
              {props.totpEnabled ? (
                <button type="button" className="text-indigo-700 underline" onClick={() => {
                  setFactor(factor === 'password' ? 'code' : 'password');
                  requestAnimationFrame(() => field.current?.focus());
                }}>
                  {factor === 'password' ? 'Use an authentication code instead' : 'Use your password instead'}
                </button>
              ) : null}
              {props.hasPasskeys ? (
                <button type="button" className="text-indigo-700 underline" disabled={action.pending} onClick={() => void usePasskey()}>Use a passkey</button>
              ) : null}
            </div>
          ) : null}
        </form>
      </dialog>
    </StepUpContext.Provider>
  );
}
