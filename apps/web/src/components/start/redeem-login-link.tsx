'use client';
// Spends the one-time login link. The token travels in the URL's fragment, which the
// browser never sends to a server or in a Referer; it is removed from the address bar
// before it is redeemed, so a reload or a shared screenshot cannot replay it.
import { Notice } from '@swarmhost/ui';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '~/lib/trpc-client';

export function RedeemLoginLink() {
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
    window.history.replaceState(null, '', window.location.pathname);
    if (token === '') {
      setError('this login link is incomplete; log in with your password instead');
      return;
    }
    api.signup.redeemLoginLink
      .mutate({ token })
      .then(() => window.location.assign('/'))
      .catch((caught: unknown) => setError(errorMessage(caught)));
  }, []);
  if (!error) return <p className="text-sm text-slate-700" aria-live="polite">One moment…</p>;
  return (
    <div>
      <Notice tone="error">{error}</Notice>
      <a className="mt-3 inline-block text-indigo-700 underline" href="/login">
        Go to the login page
      </a>
    </div>
  );
}
