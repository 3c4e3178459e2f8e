'use client';
// Creates a request (with its first bounty) or edits one (title, category, description).
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

interface Editing {
  id: string;
  title: string;
  description: string;
  categoryId: string | null;
}

export function RequestForm(props: { categories: { id: string; name: string }[]; minBounty?: number; editing?: Editing; onDone?: () => void }) {
  const action = useAction();
  const router = useRouter();
  const editing = props.editing;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields = {
      title: String(form.get('title') ?? ''),
      description: String(form.get('description') ?? ''),
      categoryId: String(form.get('categoryId') ?? '') || null,
    };
    if (editing) {
      if (await action.run(() => api.requests.edit.mutate({ id: editing.id, ...fields }).then(() => true))) {
        props.onDone?.();
        router.refresh();
      }
      return;
    }
    const created = await action.run(() => api.requests.create.mutate({ ...fields, bounty: Number(form.get('bounty')) }));
    if (created) router.push(`/requests/${created.id}`);
  }

  const prefix = editing ? 'edit-request' : 'new-request';
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4" aria-label={editing ? 'Edit the request' : 'New request'}>
      <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
      <Field label="Title" htmlFor={`${prefix}-title`} hint="What you are looking for, as precisely as you can (edition, format, quality).">
        <input id={`${prefix}-title`} name="title" required maxLength={200} defaultValue={editing?.title} className={inputClass} />
      </Field>
      <Field label="Category" htmlFor={`${prefix}-category`}>
        <select id={`${prefix}-category`} name="categoryId" defaultValue={editing?.categoryId ?? ''} className={inputClass}>
          <option value="">None</option>
          {props.categories.map((category) => <option key={category.id} value={category.id}>{category.name}</option>)}
        </select>
      </Field>
      <Field label="Description" htmlFor={`${prefix}-description`} hint="Markdown works; HTML is shown as text.">
        <textarea id={`${prefix}-description`} name="description" rows={6} maxLength={20000} defaultValue={editing?.description} className={inputClass} />
      </Field>
      {editing ? null : (
        <Field label="Bounty (points)" htmlFor={`${prefix}-bounty`} hint={`At least ${props.minBounty ?? 1}; they leave your balance now and go to whoever fills it.`}>
          <input id={`${prefix}-bounty`} name="bounty" type="number" required min={props.minBounty ?? 1} step={1} defaultValue={props.minBounty} inputMode="numeric" className={inputClass} />
        </Field>
      )}
      <button type="submit" className={buttonClass} disabled={action.pending}>{editing ? 'Save changes' : 'Create request'}</button>
    </form>
  );
}
