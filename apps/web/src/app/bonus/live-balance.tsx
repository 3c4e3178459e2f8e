'use client';
// The /bonus page's balance figure, kept current live like the header's; a booking heard
// live also re-renders the page (history, store affordability, earning rate) in place.
import { BALANCE_EVENT } from '@swarmhost/events';
import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import { useLiveBalance } from '~/components/bonus/use-live-balance';
import { useLiveEvent } from '~/components/live/realtime-provider';

/** Bookings in a burst (a purchase and an adjustment) bring one refresh. */
const REFRESH_DELAY_MS = 500;

export function LiveBalance(props: { balance: string; balanceAt: number }) {
  const balance = useLiveBalance(props.balance, props.balanceAt);
  const router = useRouter();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveEvent<unknown>(BALANCE_EVENT, () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      router.refresh();
    }, REFRESH_DELAY_MS);
  });
  return (
    <span data-testid="bonus-balance" className="tabular-nums" aria-live="polite">
      {balance}
    </span>
  );
}
