'use client';
// The plans table with one form per plan and one for a new plan. Sizes are entered in
// MiB (the .torrent file) and GiB (the content), stored in bytes.
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

interface Plan {
  id: string;
  name: string;
  maxMembers: number;
  maxTorrents: number;
  announcesPerSecond: number;
  searchesPerSecond: number;
  maxTorrentFileBytes: number;
  maxContentBytes: number | null;
  priceLabel: string;
  active: boolean;
  isDefault: boolean;
  tenantCount: number;
}

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

function fieldsFrom(form: FormData) {
  const number = (name: string) => Number(String(form.get(name) ?? '').trim() || Number.NaN);
  const content = String(form.get('maxContentGib') ?? '').trim();
  return {
    name: String(form.get('name') ?? ''),
    maxMembers: number('maxMembers'),
    maxTorrents: number('maxTorrents'),
    announcesPerSecond: number('announcesPerSecond'),
    searchesPerSecond: number('searchesPerSecond'),
    maxTorrentFileBytes: Math.round(number('maxTorrentFileMib') * MIB),
    maxContentBytes: content === '' ? null : Math.round(Number(content) * GIB),
    priceLabel: String(form.get('priceLabel') ?? ''),
    active: form.get('active') === 'on',
  };
}

function PlanForm(props: { plan?: Plan; onSaved: (message: string) => void }) {
  const action = useAction();
  const { plan } = props;
  const id = plan?.id ?? 'new';
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const fields = fieldsFrom(new FormData(formElement));
    const saved = await action.run(() => (plan ? api.plans.update.mutate({ planId: plan.id, fields }) : api.plans.create.mutate(fields)));
    if (saved) {
      if (!plan) formElement.reset();
      props.onSaved(`${saved.name} saved.`);
    }
  }
  async function makeDefault() {
    if (!plan) return;
    if (await action.run(async () => { await api.plans.setDefault.mutate({ planId: plan.id }); return true; })) props.onSaved(`${plan.name} is now the default plan.`);
  }
  const input = (name: string, label: string, value: string | number | undefined, hint?: string, type = 'number') => (
    <Field label={label} htmlFor={`${name}-${id}`} hint={hint}>
      <input id={`${name}-${id}`} name={name} type={type} step="any" required={name !== 'maxContentGib' && name !== 'priceLabel'} defaultValue={value} className={inputClass} />
    </Field>
  );
  return (
    <form onSubmit={(event) => void submit(event)} aria-label={plan ? `Plan ${plan.name}` : 'New plan'} className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-4">
      {action.error ? <div className="sm:col-span-2 lg:col-span-4"><Notice tone="error">{action.error}</Notice></div> : null}
      {input('name', 'Name', plan?.name, undefined, 'text')}
      {input('priceLabel', 'Price label', plan?.priceLabel, 'Shown as is, e.g. “Free” or “€9 / month”.', 'text')}
      {input('maxMembers', 'Max members', plan?.maxMembers)}
      {input('maxTorrents', 'Max torrents', plan?.maxTorrents, 'Approved and pending.')}
      {input('announcesPerSecond', 'Announces per second', plan?.announcesPerSecond, 'The tracker’s budget for the whole community.')}
      {input('searchesPerSecond', 'Searches per second', plan?.searchesPerSecond ?? 20, 'The site’s search budget for the whole community (each member gets a quarter of it, at least 1). A burst waits its turn, under a second; past the budget searches are refused with “try again”.')}
      {input('maxTorrentFileMib', 'Max .torrent file (MiB)', plan ? plan.maxTorrentFileBytes / MIB : 10, 'The file we store per upload.')}
      {input('maxContentGib', 'Max content (GiB)', plan?.maxContentBytes == null ? '' : plan.maxContentBytes / GIB, 'What one torrent may describe; empty for no limit.')}
      <div className="flex items-center gap-2 pt-6">
        <input id={`active-${id}`} name="active" type="checkbox" defaultChecked={plan?.active ?? true} />
        <label htmlFor={`active-${id}`} className="text-sm">Active (offered to new communities)</label>
      </div>
      <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-4">
        <button type="submit" className={buttonClass} disabled={action.pending}>{plan ? `Save ${plan.name}` : 'Create plan'}</button>
        {plan && !plan.isDefault ? <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void makeDefault()}>Make default</button> : null}
      </div>
    </form>
  );
}

export function PlansEditor(props: { plans: Plan[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const saved = (text: string) => {
    setMessage(text);
    router.refresh();
  };
  return (
    <>
      {message ? <Notice tone="success">{message}</Notice> : null}
      {props.plans.map((plan) => (
        <Card key={plan.id} title={`${plan.name}${plan.isDefault ? ' (default)' : ''}${plan.active ? '' : ' (retired)'} · ${plan.tenantCount} ${plan.tenantCount === 1 ? 'community' : 'communities'}`}>
          <PlanForm plan={plan} onSaved={saved} />
        </Card>
      ))}
      <Card title="New plan">
        <PlanForm onSaved={saved} />
      </Card>
    </>
  );
}
