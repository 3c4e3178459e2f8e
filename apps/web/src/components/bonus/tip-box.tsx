'use client';
// The torrent page's tip box: points to the uploader, with the torrent's tip total.
import { buttonClass, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function TipBox(props: { torrentId: string; uploader: string | null; tipTotal: string; ownUpload: boolean }) {
  const action = useAction();
  const router = useRouter();
  const [sent, setSent] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(null);
    const form = event.currentTarget;
    const amount = Number(new FormData(form).get('amount'));
    const result = await action.run(() => api.bonus.tip.mutate({ torrentId: props.torrentId, amount }));
    if (result) {
      setSent(`You tipped ${amount} points. Your balance is now ${result.balance} points.`);
      form.reset();
      router.refresh();
    }
  }

  return (
    <div className="text-sm">
      <p>
        Tips so far: <span className="font-medium tabular-nums" data-testid="tip-total">{props.tipTotal}</span> points
      </p>
      {props.ownUpload ? <p className="mt-2 text-slate-600">This is your upload: others can tip you here.</p> : null}
      {!props.ownUpload && props.uploader ? (
        <form onSubmit={(event) => void submit(event)} className="mt-2" aria-label="Tip the uploader">
          <div aria-live="polite" className="mb-3 space-y-2 empty:mb-0">
            {action.error ? <Notice tone="error">{action.error}</Notice> : null}
            {sent ? <Notice tone="success">{sent}</Notice> : null}
          </div>
          <label htmlFor="tip-amount" className="block font-medium text-slate-800">Tip {props.uploader}</label>
          <div className="mt-1 flex items-center gap-2">
            <div className="w-32">
              <input id="tip-amount" name="amount" type="number" required min={1} step={1} inputMode="numeric" placeholder="Points" className={`${inputClass} mt-0`} />
            </div>
            <button type="submit" className={buttonClass} disabled={action.pending}>Tip</button>
          </div>
        </form>
      ) : null}
      {!props.uploader ? <p className="mt-2 text-slate-600">The uploader is no longer a member.</p> : null}
    </div>
  );
}
