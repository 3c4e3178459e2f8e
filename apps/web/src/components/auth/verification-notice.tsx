'use client';
// Shown to members whose e-mail address is not confirmed: what it blocks (downloads
// and uploads) and a button that mails a fresh verification link.
import { Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useState } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function VerificationNotice(props: { email: string }) {
  const action = useAction();
  const [sent, setSent] = useState(false);
  async function resend() {
    const ok = await action.run(async () => {
      await api.auth.resendVerification.mutate();
      return true;
    });
    if (ok) setSent(true);
  }
  return (
    <div data-testid="verification-notice">
      <Notice tone="info">
        <p>
          Confirm your e-mail address ({props.email}) to download and upload torrents: open the link in the mail we sent you. Until then you can browse.
        </p>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <button type="button" className={secondaryButtonClass} disabled={action.pending || sent} onClick={() => void resend()}>
            Resend verification mail
          </button>
          {sent ? <span role="status">A new link is on its way to {props.email}.</span> : null}
          {action.error ? <span role="alert" className="text-red-800">{action.error}</span> : null}
        </div>
      </Notice>
    </div>
  );
}
