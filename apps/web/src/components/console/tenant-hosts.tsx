'use client';
// Console: a tenant's custom domains. Each must point (DNS) at the platform; the site
// then serves the community there as well as on <slug>.<base domain>.
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function TenantHostsCard(props: { slug: string; hosts: { host: string; createdAt: string }[] }) {
  const action = useAction();
  const router = useRouter();
  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const host = String(new FormData(formElement).get('host') ?? '');
    if (await action.run(async () => { await api.operator.addHost.mutate({ slug: props.slug, host }); return true; })) {
      formElement.reset();
      router.refresh();
    }
  }
  async function remove(host: string) {
    if (await action.run(async () => { await api.operator.removeHost.mutate({ slug: props.slug, host }); return true; })) router.refresh();
  }
  return (
    <Card title="Custom domains">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {props.hosts.length === 0 ? (
        <p className="mb-4 text-sm text-slate-700">None yet: the community lives on its sub-domain only.</p>
      ) : (
        <ul className="mb-4 divide-y divide-slate-100 text-sm" data-testid="tenant-hosts">
          {props.hosts.map((row) => (
            <li key={row.host} className="flex items-center justify-between gap-3 py-2">
              <span className="font-mono">{row.host}</span>
              <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void remove(row.host)} aria-label={`Remove ${row.host}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void add(event)} className="flex flex-wrap items-end gap-3" aria-label="Add a custom domain">
        <div className="min-w-64 flex-1">
          <Field label="Host name" htmlFor="custom-host" hint="For example tracker.example.org, without http:// or a port. Point its DNS at the platform first.">
            <input id="custom-host" name="host" required maxLength={253} className={inputClass} />
          </Field>
        </div>
        <div className="mb-4"><button type="submit" className={buttonClass} disabled={action.pending}>Add domain</button></div>
      </form>
    </Card>
  );
}
