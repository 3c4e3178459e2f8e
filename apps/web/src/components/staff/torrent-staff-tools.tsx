'use client';
// Staff controls on a torrent page: approve/reject, freeleech and double upload,
// delete with a reason. Every change is audited and reaches the tracker.
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function TorrentStaffTools(props: { torrent: { id: string; name: string; freeleechPercent: number; doubleUpload: boolean; status: string } }) {
  const action = useAction();
  const router = useRouter();
  const torrentId = props.torrent.id;
  async function promote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await action.run(() =>
      api.staff.editTorrent.mutate({
        torrentId,
        name: String(form.get('name')),
        freeleechPercent: Number(form.get('freeleechPercent')),
        doubleUpload: form.get('doubleUpload') === 'on',
        reason: String(form.get('reason') ?? ''),
      }),
    );
    router.refresh();
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
        <div className="mb-4 flex gap-3">
          <button type="button" className={buttonClass} onClick={() => void action.run(() => api.staff.approve.mutate({ torrentId })).then(() => router.refresh())}>Approve</button>
          <button type="button" className={secondaryButtonClass} onClick={() => void action.run(() => api.staff.reject.mutate({ torrentId, reason: window.prompt('Reason for rejecting?') ?? '' })).then(() => router.refresh())}>Reject…</button>
        </div>
      ) : null}
      <form onSubmit={(event) => void promote(event)} className="grid gap-3 md:grid-cols-2">
        <Field label="Name" htmlFor="staff-name"><input id="staff-name" name="name" defaultValue={props.torrent.name} className={inputClass} /></Field>
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
