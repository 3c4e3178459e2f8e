'use client';
// The member's passkeys: add one (WebAuthn registration in the browser), rename, delete.
import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';
import { useStepUp } from './step-up';

interface PasskeyRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function PasskeysCard(props: { passkeys: PasskeyRow[] }) {
  const action = useAction();
  const stepUp = useStepUp();
  const router = useRouter();
  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get('passkey-name') ?? '');
    const created = await action.run(async () => {
      const start = await stepUp(() => api.account.passkeyRegisterStart.mutate());
      const response = await startRegistration({
        // Same JSON on both sides; only the two libraries' declared PRF buffer types differ.
        optionsJSON: start.options as unknown as PublicKeyCredentialCreationOptionsJSON,
      });
      return api.account.passkeyRegisterFinish.mutate({ ceremonyId: start.ceremonyId, name, response: { ...response } });
    });
    if (created) {
      formElement.reset();
      router.refresh();
    }
  }
  return (
    <Card title="Passkeys" id="passkeys">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <ul className="mb-4 divide-y divide-slate-100" data-testid="passkey-list">
        {props.passkeys.length === 0 ? <li className="py-2 text-sm text-slate-700">No passkeys yet.</li> : null}
        {props.passkeys.map((passkey) => (
          <li key={passkey.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
            <span className="font-medium">{passkey.name}</span>
            <span className="text-slate-600">added {passkey.createdAt.slice(0, 10)}{passkey.lastUsedAt ? `, last used ${passkey.lastUsedAt.slice(0, 10)}` : ''}</span>
            <button type="button" className={secondaryButtonClass} onClick={() => {
              const name = window.prompt('New name for this passkey', passkey.name);
              if (name) void action.run(() => api.account.renamePasskey.mutate({ passkeyId: passkey.id, name })).then(() => router.refresh());
            }}>Rename</button>
            <button type="button" className={secondaryButtonClass} onClick={() => void action.run(() => stepUp(() => api.account.deletePasskey.mutate({ passkeyId: passkey.id }))).then(() => router.refresh())}>Delete</button>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void add(event)} className="flex flex-wrap items-end gap-3">
        <Field label="Name for a new passkey" htmlFor="passkey-name"><input id="passkey-name" name="passkey-name" maxLength={60} placeholder="e.g. Laptop" className={inputClass} /></Field>
        <button type="submit" className={`${buttonClass} mb-4`} disabled={action.pending}>Add a passkey</button>
      </form>
    </Card>
  );
}
