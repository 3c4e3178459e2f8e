'use client';
// Staff set up the forums: categories, forums in order, and per member group whether it
// may read, reply and start topics (ticking reply or start implies read).
import { buttonClass, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { count } from '~/lib/count';
import { useAction } from '~/lib/use-action';

interface Group { id: string; name: string; isDefault: boolean }
interface Rights { groupId: string; read: boolean; reply: boolean; start: boolean }
interface ForumRow { id: string; name: string; description: string; topicCount: number; postCount: number; rights: Rights[] }
interface Category { id: string; name: string; forums: ForumRow[] }

function rightsFrom(form: FormData, groups: Group[]): Rights[] {
  return groups.map((group) => {
    const reply = form.get(`reply-${group.id}`) === 'on';
    const start = form.get(`start-${group.id}`) === 'on';
    return { groupId: group.id, read: form.get(`read-${group.id}`) === 'on' || reply || start, reply, start };
  });
}

function RightsTable(props: { prefix: string; groups: Group[]; rights: Rights[] }) {
  const of = (groupId: string) => props.rights.find((right) => right.groupId === groupId);
  return (
    <table className="text-sm">
      <thead><tr className="text-slate-600"><th scope="col" className="pr-4 text-left">Group</th><th scope="col" className="px-2">Read</th><th scope="col" className="px-2">Reply</th><th scope="col" className="px-2">Start topics</th></tr></thead>
      <tbody>
        {props.groups.map((group) => (
          <tr key={group.id}>
            <th scope="row" className="pr-4 text-left font-normal">{group.name}{group.isDefault ? ' (default)' : ''}</th>
            {(['read', 'reply', 'start'] as const).map((right) => (
              <td key={right} className="px-2 text-center">
                <input type="checkbox" name={`${right}-${group.id}`} defaultChecked={of(group.id)?.[right] ?? false} aria-label={`${group.name} may ${right === 'start' ? 'start topics' : right}`} id={`${props.prefix}-${right}-${group.id}`} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ForumForm(props: { groups: Group[]; categories: Category[]; categoryId: string; forum?: ForumRow; onDone?: () => void }) {
  const action = useAction();
  const router = useRouter();
  const prefix = props.forum ? `forum-${props.forum.id}` : `new-forum-${props.categoryId}`;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const saved = await action.run(() =>
      api.forums.saveForum.mutate({
        id: props.forum?.id,
        categoryId: String(form.get('categoryId') ?? props.categoryId),
        name: String(form.get('name') ?? ''),
        description: String(form.get('description') ?? ''),
        rights: rightsFrom(form, props.groups),
      }),
    );
    if (saved) {
      if (!props.forum) element.reset();
      props.onDone?.();
      router.refresh();
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-2" aria-label={props.forum ? `Edit forum ${props.forum.name}` : 'New forum'}>
      <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
      <Field label="Forum name" htmlFor={`${prefix}-name`}>
        <input id={`${prefix}-name`} name="name" required maxLength={100} defaultValue={props.forum?.name} className={inputClass} />
      </Field>
      <Field label="Description" htmlFor={`${prefix}-description`}>
        <input id={`${prefix}-description`} name="description" maxLength={500} defaultValue={props.forum?.description} className={inputClass} />
      </Field>
      {props.forum ? (
        <Field label="Category" htmlFor={`${prefix}-category`}>
          <select id={`${prefix}-category`} name="categoryId" defaultValue={props.categoryId} className={inputClass}>
            {props.categories.map((category) => <option key={category.id} value={category.id}>{category.name}</option>)}
          </select>
        </Field>
      ) : null}
      <RightsTable prefix={prefix} groups={props.groups} rights={props.forum?.rights ?? props.groups.filter((group) => group.isDefault).map((group) => ({ groupId: group.id, read: true, reply: true, start: true }))} />
      <button type="submit" className={buttonClass} disabled={action.pending}>{props.forum ? 'Save forum' : 'Create forum'}</button>
    </form>
  );
}

function MoveButtons(props: { kind: 'category' | 'forum'; id: string; name: string }) {
  const action = useAction();
  const router = useRouter();
  const move = (direction: 'up' | 'down') => void action.run(() => api.forums.moveItem.mutate({ kind: props.kind, id: props.id, direction })).then(() => router.refresh());
  return (
    <span className="inline-flex gap-1">
      <button type="button" className="rounded border border-slate-300 px-2 text-xs" aria-label={`Move ${props.name} up`} onClick={() => move('up')} disabled={action.pending}>↑</button>
      <button type="button" className="rounded border border-slate-300 px-2 text-xs" aria-label={`Move ${props.name} down`} onClick={() => move('down')} disabled={action.pending}>↓</button>
      {action.error ? <span role="alert" className="text-xs text-red-800">{action.error}</span> : null}
    </span>
  );
}

function CategoryForm(props: { category?: Category }) {
  const action = useAction();
  const router = useRouter();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const name = String(new FormData(element).get('name') ?? '');
    if (await action.run(() => api.forums.saveCategory.mutate({ id: props.category?.id, name }))) {
      if (!props.category) element.reset();
      router.refresh();
    }
  }
  const id = props.category ? `category-${props.category.id}-name` : 'new-category-name';
  return (
    <form onSubmit={(event) => void submit(event)} className="flex flex-wrap items-end gap-2" aria-label={props.category ? `Rename ${props.category.name}` : 'Create a category'}>
      <Field label={props.category ? 'Category name' : 'New category'} htmlFor={id}>
        <input id={id} name="name" required maxLength={100} defaultValue={props.category?.name} className={inputClass} />
      </Field>
      <button type="submit" className={secondaryButtonClass} disabled={action.pending}>{props.category ? 'Rename' : 'Create category'}</button>
      {action.error ? <div className="w-full"><Notice tone="error">{action.error}</Notice></div> : null}
    </form>
  );
}

export function ForumSetup(props: { groups: Group[]; categories: Category[] }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      <CategoryForm />
      {props.categories.length === 0 ? <p className="text-sm text-slate-700">No categories yet: create one, then add forums to it.</p> : null}
      {props.categories.map((category) => (
        <section key={category.id} aria-labelledby={`category-${category.id}`} className="space-y-3 rounded-lg border border-slate-200 p-4">
          <h2 id={`category-${category.id}`} className="flex items-center gap-3 text-lg font-semibold">{category.name} <MoveButtons kind="category" id={category.id} name={category.name} /></h2>
          <CategoryForm category={category} />
          {category.forums.length === 0 ? <p className="text-sm text-slate-700">No forums in this category yet.</p> : (
            <ul className="space-y-2">
              {category.forums.map((forum) => (
                <li key={forum.id} className="rounded border border-slate-100 p-2">
                  <div className="flex flex-wrap items-center gap-3 text-sm">
                    <span className="font-medium">{forum.name}</span>
                    <span className="text-slate-600">{count(forum.topicCount, 'topic')}, {count(forum.postCount, 'post')} · readable by {forum.rights.filter((right) => right.read).map((right) => props.groups.find((group) => group.id === right.groupId)?.name ?? '?').join(', ') || 'staff only'}</span>
                    <MoveButtons kind="forum" id={forum.id} name={forum.name} />
                    <button type="button" className="text-indigo-800 underline" aria-expanded={editing === forum.id} onClick={() => setEditing(editing === forum.id ? null : forum.id)}>
                      {editing === forum.id ? 'Close' : `Edit ${forum.name}`}
                    </button>
                  </div>
                  {editing === forum.id ? <div className="mt-2"><ForumForm groups={props.groups} categories={props.categories} categoryId={category.id} forum={forum} onDone={() => setEditing(null)} /></div> : null}
                </li>
              ))}
            </ul>
          )}
          <details>
            <summary className="cursor-pointer text-sm text-indigo-800 underline">Add a forum to {category.name}</summary>
            <div className="mt-2"><ForumForm groups={props.groups} categories={props.categories} categoryId={category.id} /></div>
          </details>
        </section>
      ))}
    </div>
  );
}
