'use client';
// The deletion form (type the slug again) or, once asked for, the countdown to the
// removal with a button that cancels it.
import { buttonClass, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

type DeletionState = Awaited<ReturnType<typeof api.tenantLifecycle.deletion.query>>['deletion'];

function remaining(dueAt: string, now: number): string {
  const ms = Math.max(0, new Date(dueAt).getTime() - now);
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor((ms % 86_400_000) / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  return `${days} day${days === 1 ? '' : 's'}, ${hours} hour${hours === 1 ? '' : 's'} and ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function DeletePanel(props: { slug: string; name: string; graceDays: number; deletion: DeletionState; canAct: boolean }) {
  const action = useAction();
  const router = useRouter();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  async function request(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const confirmSlug = String(new FormData(event.currentTarget).get('confirm-slug') ?? '');
    if (await action.run(() => api.tenantLifecycle.requestDeletion.mutate({ slug: props.slug, confirmSlug }))) router.refresh();
  }
  async function cancel() {
    if (await action.run(() => api.tenantLifecycle.cancelDeletion.mutate({ slug: props.slug }))) router.refresh();
  }

  if (props.deletion) {
    const due = new Date(props.deletion.dueAt);
    return (
      <div className="space-y-4" data-testid="deletion-scheduled">
        {action.error ? <Notice tone="error">{action.error}</Notice> : null}
        {props.deletion.purgeStartedAt ? (
          <Notice tone="error">{props.name} is suspended and being removed; this cannot be stopped any more.</Notice>
        ) : (
          <>
            <Notice tone="error">
              {props.name} will be deleted on {due.toUTCString()}: in <strong data-testid="deletion-countdown">{remaining(props.deletion.dueAt, now)}</strong>.
              Until then it works as usual for its members.
            </Notice>
            <p className="text-sm text-slate-700">
              Asked for {new Date(props.deletion.requestedAt).toUTCString()}
              {props.deletion.requestedBy ? ` by ${props.deletion.requestedBy}` : ''}.
            </p>
            <WhatDeletionRemoves name={props.name} />
            {props.canAct ? (
              <button type="button" className={buttonClass} disabled={action.pending} onClick={() => void cancel()}>
                Cancel the deletion
              </button>
            ) : (
              <Notice>Only the community&apos;s owner can cancel the deletion.</Notice>
            )}
          </>
        )}
      </div>
    );
  }

  if (!props.canAct) return <Notice>Only the community&apos;s owner can delete it.</Notice>;
  return (
    <form onSubmit={(event) => void request(event)} className="space-y-4" aria-label={`Delete ${props.name}`}>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <p className="text-sm text-slate-700">
        Deletion happens {props.graceDays} days after you ask; until then the community keeps working and you can cancel here. Export its
        data first if you want to keep anything.
      </p>
      <WhatDeletionRemoves name={props.name} />
      <Field label={`Type the community's address, ${props.slug}, to confirm`} htmlFor="confirm-slug">
        <input id="confirm-slug" name="confirm-slug" required autoComplete="off" spellCheck={false} maxLength={80} className={inputClass} />
      </Field>
      <button type="submit" className={`${secondaryButtonClass} border-red-300 text-red-800`} disabled={action.pending}>
        Delete {props.name} in {props.graceDays} days
      </button>
    </form>
  );
}

/** Exactly what the worker's deletion pass does (packages/domain/src/tenants/deletion), and what it cannot reach. */
function WhatDeletionRemoves(props: { name: string }) {
  return (
    <div className="text-sm text-slate-700" data-testid="deletion-what-happens">
      <p className="font-medium text-slate-800">On the day:</p>
      <ol className="ml-5 list-decimal space-y-1">
        <li>{props.name} is suspended: its site and its tracker refuse everyone within a second.</li>
        <li>
          About a minute later every database row that belongs to it is deleted — members, torrents and their .torrent files, comments,
          requests, playlists, chat, settings, exports, peers and the tracker&apos;s ledger — together with its Redis keys and queued
          background jobs, its search index entries and its host names.
        </li>
        <li>The tracker processes are told it is gone and drop its swarms from memory.</li>
      </ol>
      <p className="mt-2">
        Not reached: copies outside the platform — .torrent files and exports members or you already downloaded, and peer lists BitTorrent
        clients already hold (they stop at the next announce, which is refused). The platform keeps its own audit entries of the deletion: the
        community&apos;s name and address, who asked, when, and how much was removed.
      </p>
    </div>
  );
}
