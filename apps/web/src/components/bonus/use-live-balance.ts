'use client';
// The member's balance as the server rendered it, replaced live by every booking pushed
// to their room (BALANCE_EVENT); a new server render (a reload, router.refresh) wins.
import { BALANCE_EVENT } from '@swarmhost/events';
import { useState } from 'react';
import { useLiveEvent } from '~/components/live/realtime-provider';
import { balanceAfter, type ShownBalance } from './bonus-balance';

export function useLiveBalance(rendered: string | null): string | null {
  const [from, setFrom] = useState(rendered);
  const [shown, setShown] = useState<ShownBalance | null>(rendered === null ? null : { balance: rendered, asOf: 0 });
  if (from !== rendered) {
    setFrom(rendered);
    setShown(rendered === null ? null : { balance: rendered, asOf: Date.now() });
  }
  useLiveEvent<unknown>(BALANCE_EVENT, (update) => setShown((current) => (current === null ? current : balanceAfter(current, update))));
  return shown?.balance ?? null;
}
