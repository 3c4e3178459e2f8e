'use client';
// "Use a freeleech token" on the torrent page: spends one of the member's tokens so their
// download of this torrent stops counting (the tracker honours it within a second).
import { buttonClass, Notice } from '@swarmhost/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function FreeleechToken(props: { torrentId: string; tokens: number; usedAt: string | null; snatched: boolean }) {
  const action = useAction();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);

  async function spend() {
    const result = await action.run(() => api.torrents.useFreeleechToken.mutate({ torrentId: props.torrentId }));
    setConfirming(false);
    if (result) router.refresh();
  }

  if (props.usedAt) {
    return (
      <p className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="token-freeleech">
        Your download here is freeleech: you used a freeleech token on {props.usedAt.slice(0, 16).replace('T', ' ')} UTC.
      </p>
    );
  }
  if (props.snatched) return null;
  return (
    <div className="text-sm" aria-live="polite">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {props.tokens === 0 ? (
        <p className="text-slate-700">
          You have no freeleech tokens. <Link href="/bonus" className="underline">Buy one in the bonus store</Link> to download this torrent without it counting.
        </p>
      ) : confirming ? (
        <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm the freeleech token">
          <span>Spend 1 of your {props.tokens} freeleech tokens on this torrent? It cannot be undone.</span>
          <button type="button" className={buttonClass} onClick={() => void spend()} disabled={action.pending} autoFocus>
            Yes, use a token
          </button>
          <button type="button" className="text-sm underline" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className={buttonClass} onClick={() => setConfirming(true)}>
          Use a freeleech token ({props.tokens} left)
        </button>
      )}
    </div>
  );
}
