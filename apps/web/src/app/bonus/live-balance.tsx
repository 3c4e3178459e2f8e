'use client';
// The /bonus page's balance figure, kept current live like the header's.
import { useLiveBalance } from '~/components/bonus/use-live-balance';

export function LiveBalance(props: { balance: string }) {
  const balance = useLiveBalance(props.balance);
  return (
    <span data-testid="bonus-balance" className="tabular-nums" aria-live="polite">
      {balance}
    </span>
  );
}
