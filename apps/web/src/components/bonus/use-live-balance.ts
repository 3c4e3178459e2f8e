'use client';
// The member's balance as the server rendered it, replaced live by every booking pushed
// to their room (BALANCE_EVENT); a new server render (a reload, router.refresh) wins
// unless the page already shows a reading newer than the render's (bonus-balance.ts).
import { BALANCE_EVENT } from '@swarmhost/events';
import { useState } from 'react';
import { useLiveEvent } from '~/components/live/realtime-provider';
import { balanceAfter, balanceOnRender, type ShownBalance } from './bonus-balance';

/** `renderedAt`: when the server began to read `rendered` (ms since the epoch). */
export function useLiveBalance(rendered: string | null, renderedAt: number): string | null {
  const [from, setFrom] = useState({ rendered, renderedAt });
  const [shown, setShown] = useState<ShownBalance | null>(() => balanceOnRender(null, rendered, renderedAt));
  if (from.rendered !== rendered || from.renderedAt !== renderedAt) {
    setFrom({ rendered, renderedAt });
    setShown(balanceOnRender(shown, rendered, renderedAt));
  }
  useLiveEvent<unknown>(BALANCE_EVENT, (update) => setShown((current) => (current === null ? current : balanceAfter(current, update))));
  return shown?.balance ?? null;
}
