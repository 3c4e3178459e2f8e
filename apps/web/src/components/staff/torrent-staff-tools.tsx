'use client';
// Staff controls on a torrent page: approve, or reject with a reason typed into the
// form; edit name, description, category, IMDb/TMDB ids, freeleech and double upload; delete with a
// reason. Every change is audited and reaches the tracker.
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export interface StaffTorrent {
  id: string;
  name: string;
  description: string;
  categoryId: string | null;
  freeleechPercent: number;
  doubleUpload: boolean;
  imdbId: string | null;
  tmdbId: number | null;
  status: string;
}

export function TorrentStaffTools(props: { torrent: StaffTorrent; categories: { id: string; name: string }[] }) {
  const action = useAction();
  const router = useRouter();
  const torrentId = props.torrent.id;
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const categoryId = String(form.get('categoryId') ?? '');
    const ok = await action.run(async () => {
      await api.staff.editTorrent.mutate({
        torrentId,
        name: String(form.get('name')),
        description: String(form.get('description') ?? ''),
        categoryId: categoryId === '' ? null : categoryId,
        freeleechPercent: Number(form.get('freeleechPercent')),
        doubleUpload: form.get('doubleUpload') === 'on',
        imdbId: String(form.get('imdbId') ?? '').trim() || null,
        tmdbId: String(form.get('tmdbId') ?? '').trim() || null,
        reason: String(form.get('reason') ?? ''),
      });
      return true;
    });
    if (ok) router.refresh();
  }
  async function remove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('deleteReason'));
    if (await action.run(async () => { await api.staff.deleteTorrent.mutate({ torrentId, reason }); return true; })) window.location.assign('/torrents');
  }
  return (
    <Card title="Staff tools">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {props.torrent.status === 'pending' ? (
        <div className="mb-6 border-b border-slate-200 pb-4">
          <ModerationButtons torrentId={torrentId} onDone={() => router.refresh()} idPrefix="page" />
        </div>
      ) : null}
      <form onSubmit={(event) => void save(event)} className="grid gap-3 md:grid-cols-2">
        <Field label="Name" htmlFor="staff-name"><input id="staff-name" name="name" defaultValue={props.torrent.name} className={inputClass} /></Field>
        <Field label="Category" htmlFor="staff-category">
          <select id="staff-category" name="categoryId" defaultValue={props.torrent.categoryId ?? ''} className={inputClass}>
            <option value="">Uncategorised</option>
            {props.categories.map((category) => <option key={category.id} value={category.id}>{category.name}</option>)}
          </select>
        </Field>
        <div className="md:col-span-2">
          <Field label="Description (Markdown)" htmlFor="staff-description">
            <textarea id="staff-description" name="description" rows={8} defaultValue={props.torrent.description} className={inputClass} />
          </Field>
        </div>
        <Field label="IMDb id" htmlFor="staff-imdb" hint="tt and 7-10 digits; empty clears it.">
          <input id="staff-imdb" name="imdbId" defaultValue={props.torrent.imdbId ?? ''} placeholder="tt0111161" className={inputClass} />
        </Field>
        <Field label="TMDB id" htmlFor="staff-tmdb" hint="A positive number; empty clears it.">
          <input id="staff-tmdb" name="tmdbId" inputMode="numeric" defaultValue={props.torrent.tmdbId ?? ''} placeholder="278" className={inputClass} />
        </Field>
        <Field label="Freeleech" htmlFor="staff-fl">
          <select id="staff-fl" name="freeleechPercent" defaultValue={String(props.torrent.freeleechPercent)} className={inputClass}>
            {[0, 25, 50, 75, 100].map((percent) => <option key={percent} value={percent}>{percent}%</option>)}
          </select>
        </Field>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="doubleUpload" defaultChecked={props.torrent.doubleUpload} /> Double upload</label>
        <Field label="Reason (for the audit log)" htmlFor="staff-reason"><input id="staff-reason" name="reason" className={inputClass} /></Field>
        <div><button type="submit" className={buttonClass} disabled={action.pending}>Save changes</button></div>
      </form>
      <form onSubmit={(event) => void remove(event)} className="mt-6 border-t border-slate-200 pt-4">
        <Field label="Delete with reason" htmlFor="deleteReason" hint="Clients announcing this torrent get “torrent deleted: <reason>”.">
          <input id="deleteReason" name="deleteReason" required minLength={3} className={inputClass} />
        </Field>
        <button type="submit" className={secondaryButtonClass} disabled={action.pending}>Delete torrent</button>
      </form>
    </Card>
  );
}

/** Approve, or reject with a reason the uploader will see; used on the torrent page and in the queue. */
export function ModerationButtons(props: { torrentId: string; idPrefix: string; onDone: () => void }) {
  const action = useAction();
  const reasonId = `${props.idPrefix}-reject-reason-${props.torrentId}`;
  async function reject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('rejectReason') ?? '');
    if (await action.run(async () => { await api.staff.reject.mutate({ torrentId: props.torrentId, reason }); return true; })) props.onDone();
  }
  async function approve() {
    if (await action.run(async () => { await api.staff.approve.mutate({ torrentId: props.torrentId }); return true; })) props.onDone();
  }
  return (
    <div className="space-y-2">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <form onSubmit={(event) => void reject(event)} className="flex flex-wrap items-end gap-3">
        <button type="button" className={buttonClass} disabled={action.pending} onClick={() => void approve()}>Approve</button>
        <div className="min-w-64 flex-1">
          <label htmlFor={reasonId} className="block text-sm font-medium text-slate-800">Reason for rejecting</label>
          <input id={reasonId} name="rejectReason" required minLength={3} maxLength={500} className={inputClass} />
        </div>
        <button type="submit" className={secondaryButtonClass} disabled={action.pending}>Reject</button>
      </form>
    </div>
  );
}
