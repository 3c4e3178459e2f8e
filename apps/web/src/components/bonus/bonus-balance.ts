// How the page's balance follows the ledger live: every booking (accrual, tip, gift,
// purchase, staff adjustment) pushes the member's booked balance with the time it was
// read; a page keeps the newest reading, so a late message never shows an older figure.
// A server render (a reload, router.refresh) is a reading too, timed when the server
// began to read it: one that was read before a live update the page already shows (a
// refresh that raced a booking) does not put the older figure back.
import { isBalanceUpdate } from '@swarmhost/events';

export interface ShownBalance {
  balance: string;
  /** ms since the epoch of the reading shown (for a server render: when it began to read). */
  asOf: number;
}

/** What a page shows when a new server render arrives: the render, unless the page already shows a newer reading. */
export function balanceOnRender(shown: ShownBalance | null, rendered: string | null, renderedAt: number): ShownBalance | null {
  if (rendered === null) return null;
  if (shown !== null && shown.asOf > renderedAt) return shown;
  return { balance: rendered, asOf: renderedAt };
}

export function balanceAfter(shown: ShownBalance, update: unknown): ShownBalance {
  if (!isBalanceUpdate(update) || update.asOf < shown.asOf) return shown;
  return { balance: update.balance, asOf: update.asOf };
}
