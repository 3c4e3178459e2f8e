'use client';
// Announce passkey and RSS key (rotate them), privacy of the profile, and invites.
import { buttonClass, Card, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function KeysCard(props: { passkey: string; rssKey: string; announceUrl: string }) {
  const action = useAction();
  const router = useRouter();
  return (
    <Card title="Tracker keys">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <dl className="text-sm">
        <dt className="font-medium">Your announce URL</dt>
        <dd className="mb-2 break-all font-mono text-xs" data-testid="announce-url">{props.announceUrl}</dd>
        <dt className="font-medium">RSS key</dt>
        <dd className="mb-2 break-all font-mono text-xs">{props.rssKey}</dd>
      </dl>
      <p className="mb-3 text-sm text-slate-700">Rotating the passkey stops the old one at once: download your torrents again afterwards.</p>
      <div className="flex flex-wrap gap-3">
        <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void action.run(() => api.account.rotatePasskey.mutate()).then(() => router.refresh())}>Rotate passkey</button>
        <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void action.run(() => api.account.rotateRssKey.mutate()).then(() => router.refresh())}>Rotate RSS key</button>
      </div>
    </Card>
  );
}

export function PrivacyCard(props: { privacy: { hideStats: boolean; hideHistory: boolean; hideUploads: boolean } }) {
  const action = useAction();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await action.run(() => api.account.updatePrivacy.mutate({ hideStats: form.get('hideStats') === 'on', hideHistory: form.get('hideHistory') === 'on', hideUploads: form.get('hideUploads') === 'on' }));
  }
  return (
    <Card title="Privacy">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <form onSubmit={(event) => void submit(event)} className="space-y-2 text-sm">
        <label className="flex items-center gap-2"><input type="checkbox" name="hideStats" defaultChecked={props.privacy.hideStats} /> Hide my transfer stats from other members</label>
        <label className="flex items-center gap-2"><input type="checkbox" name="hideHistory" defaultChecked={props.privacy.hideHistory} /> Hide my snatches</label>
        <label className="flex items-center gap-2"><input type="checkbox" name="hideUploads" defaultChecked={props.privacy.hideUploads} /> Hide my upload count</label>
        <button type="submit" className={buttonClass} disabled={action.pending}>Save privacy</button>
      </form>
    </Card>
  );
}

export function InvitesCard(props: { quota: number; invites: { code: string; usedBy: string | null; expiresAt: string }[] }) {
  const action = useAction();
  const router = useRouter();
  return (
    <Card title="Invites">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <p className="mb-3 text-sm text-slate-700">Invites left: {props.quota}</p>
      <ul className="mb-3 text-sm">
        {props.invites.map((invite) => (
          <li key={invite.code}><code>{invite.code}</code> — {invite.usedBy ? `used by ${invite.usedBy}` : `open until ${invite.expiresAt.slice(0, 10)}`}</li>
        ))}
      </ul>
      <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void action.run(() => api.account.createInvite.mutate({})).then(() => router.refresh())}>Create an invite</button>
    </Card>
  );
}
