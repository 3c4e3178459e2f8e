// How the page's balance follows the ledger live: every booking (accrual, tip, gift,
// purchase, staff adjustment) pushes the member's booked balance with the time it was
// read; a page keeps the newest reading, so a late message never shows an older figure.
import { isBalanceUpdate } from '@swarmhost/events';

export interface ShownBalance {
  balance: string;
  /** ms since the epoch of the reading shown (0: the server render). */
  asOf: number;
}

export function balanceAfter(shown: ShownBalance, update: unknown): ShownBalance {
  if (!isBalanceUpdate(update) || update.asOf < shown.asOf) return shown;
  return { balance: update.balance, asOf: update.asOf };
}
