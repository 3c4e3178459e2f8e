'use client';
// What a member can do on a request page, each with its own form and error message:
// add to the bounty, claim, fill, accept or reject a fill, and — for the requester or
// staff — edit, unfill and delete with a reason.
import { buttonClass, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';
import { RequestForm } from './request-form';

export interface RequestActionsProps {
  id: string;
  minBounty: number;
  may: { vote: boolean; claim: boolean; unclaim: boolean; fill: boolean; answer: boolean; edit: boolean; delete: boolean; unfill: boolean };
  editing: { title: string; description: string; categoryId: string | null };
  categories: { id: string; name: string }[];
}

/** One action's form: its fields, its button, its error and success message. */
function ActionForm(props: { label: string; button: string; tone?: 'danger'; done: string; onSubmit: (form: FormData) => Promise<unknown>; children?: ReactNode }) {
  const action = useAction();
  const router = useRouter();
  const [done, setDone] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    setDone(false);
    if ((await action.run(() => props.onSubmit(new FormData(element)).then(() => true))) === true) {
      element.reset();
      setDone(true);
      router.refresh();
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label={props.label} className="space-y-2">
      <div aria-live="polite" className="space-y-2">
        {action.error ? <Notice tone="error">{action.error}</Notice> : null}
        {done ? <Notice tone="success">{props.done}</Notice> : null}
      </div>
      {props.children}
      <button type="submit" className={props.tone === 'danger' ? secondaryButtonClass : buttonClass} disabled={action.pending}>
        {props.button}
      </button>
    </form>
  );
}

/**
 * The torrent that fills the request: its page's address pasted in, or found by name —
 * the search lists approved torrents and "Use" puts the chosen one in the field.
 */
function TorrentPicker() {
  const [value, setValue] = useState('');
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ id: string; name: string }[] | null>(null);
  const search = useAction();
  async function find() {
    const text = query.trim();
    if (text === '') return;
    const result = await search.run(() => api.torrents.search.query({ text, pageSize: 8 }));
    if (result) setFound(result.items.map((item) => ({ id: item.id, name: item.name })));
  }
  return (
    <div className="space-y-2">
      <Field label="Torrent" htmlFor="fill-torrent" hint="The address of the torrent's page on this site (…/torrents/…), or find it below.">
        <input id="fill-torrent" name="torrent" required className={inputClass} placeholder="https://…/torrents/…" value={value} onChange={(event) => setValue(event.target.value)} />
      </Field>
      <div className="flex items-end gap-2">
        <label className="flex-1 text-sm">
          Find a torrent by name
          <input
            type="search"
            className={inputClass}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              // Enter searches here instead of submitting the fill.
              if (event.key === 'Enter') {
                event.preventDefault();
                void find();
              }
            }}
          />
        </label>
        <button type="button" className={secondaryButtonClass} onClick={() => void find()} disabled={search.pending}>Search</button>
      </div>
      {search.error ? <Notice tone="error">{search.error}</Notice> : null}
      {found !== null ? (
        found.length === 0 ? (
          <p className="text-sm text-slate-700">No torrent matches.</p>
        ) : (
          <ul className="text-sm" aria-label="Torrents found">
            {found.map((torrent) => (
              <li key={torrent.id} className="flex items-center justify-between gap-2 border-b border-slate-100 py-1">
                <span className="truncate">{torrent.name}</span>
                <button type="button" className="text-indigo-800 underline" aria-label={`Use ${torrent.name}`} onClick={() => setValue(torrent.id)}>
                  Use
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

function ReasonField(props: { id: string; label: string }) {
  return (
    <Field label={props.label} htmlFor={props.id}>
      <input id={props.id} name="reason" required minLength={3} maxLength={500} className={inputClass} />
    </Field>
  );
}

export function RequestActions(props: RequestActionsProps) {
  const { id, may } = props;
  const [editing, setEditing] = useState(false);
  const reason = (form: FormData) => String(form.get('reason') ?? '');
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {may.vote ? (
        <ActionForm label="Add to the bounty" button="Add to bounty" done="Added. The points are held until the request is filled." onSubmit={(form) => api.requests.vote.mutate({ id, amount: Number(form.get('amount')) })}>
          <Field label="Points to add" htmlFor="vote-amount" hint={`At least ${props.minBounty}.`}>
            <input id="vote-amount" name="amount" type="number" required min={props.minBounty} step={1} inputMode="numeric" className={inputClass} />
          </Field>
        </ActionForm>
      ) : null}
      {may.fill ? (
        <ActionForm label="Fill the request" button="Fill request" done="Filled. The requester has been told and will accept or reject it." onSubmit={(form) => api.requests.fill.mutate({ id, torrent: String(form.get('torrent') ?? '') })}>
          <TorrentPicker />
        </ActionForm>
      ) : null}
      {may.claim ? (
        <ActionForm label="Claim the request" button="Claim it" done="Claimed: others cannot fill it while your claim runs." onSubmit={() => api.requests.claim.mutate({ id })}>
          <p className="text-sm text-slate-700">Working on it? Claim it so nobody else fills it first.</p>
        </ActionForm>
      ) : null}
      {may.unclaim ? (
        <ActionForm label="Give up the claim" button="Give up claim" tone="danger" done="The claim is given up." onSubmit={() => api.requests.unclaim.mutate({ id })} />
      ) : null}
      {may.answer ? (
        <>
          <ActionForm label="Accept the fill" button="Accept fill" done="Accepted: the bounty went to the filler." onSubmit={() => api.requests.accept.mutate({ id })}>
            <p className="text-sm text-slate-700">Check the torrent first. Accepting pays the whole bounty to the filler.</p>
          </ActionForm>
          <ActionForm label="Reject the fill" button="Reject fill" tone="danger" done="Rejected: the request is open again." onSubmit={(form) => api.requests.reject.mutate({ id, reason: reason(form) })}>
            <ReasonField id="reject-reason" label="Why it does not match" />
          </ActionForm>
        </>
      ) : null}
      {may.unfill ? (
        <ActionForm label="Unfill the request" button="Unfill" tone="danger" done="Unfilled: the request is open again." onSubmit={(form) => api.requests.unfill.mutate({ id, reason: reason(form) })}>
          <ReasonField id="unfill-reason" label="Reason (staff)" />
        </ActionForm>
      ) : null}
      {may.delete ? (
        <ActionForm label="Delete the request" button="Delete request" tone="danger" done="Deleted: every bounty went back to its voter." onSubmit={(form) => api.requests.delete.mutate({ id, reason: reason(form) })}>
          <ReasonField id="delete-reason" label="Reason for deleting" />
        </ActionForm>
      ) : null}
      {may.edit ? (
        <div className="md:col-span-2">
          <button type="button" className={secondaryButtonClass} aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {editing ? 'Close the editor' : 'Edit the request'}
          </button>
          {editing ? (
            <div className="mt-4">
              <RequestForm categories={props.categories} editing={{ id, ...props.editing }} onDone={() => setEditing(false)} />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function RequestCommentForm(props: { id: string }) {
  return (
    <ActionForm label="Comment on the request" button="Post comment" done="Posted." onSubmit={(form) => api.requests.comment.mutate({ id: props.id, body: String(form.get('body') ?? '') })}>
      <Field label="Add a comment" htmlFor="request-comment" hint="Markdown works; HTML is shown as text.">
        <textarea id="request-comment" name="body" required maxLength={5000} rows={3} className={inputClass} />
      </Field>
    </ActionForm>
  );
}
