// After a booking commits, its members' open pages get their new balances live. Best
// effort: the points are booked either way, and the next page render shows them.
import { pushBalance, type LiveEmitter } from '@swarmhost/events';

export function pushBalances(emitter: LiveEmitter | undefined, tenantId: string, changes: readonly { memberId: string; balance: string }[]): void {
  if (!emitter) return;
  const asOf = Date.now();
  for (const change of changes) {
    try {
      // A refused Redis write only loses the live update.
      Promise.resolve(pushBalance(emitter, { tenantId, memberId: change.memberId, balance: change.balance, asOf })).catch(() => undefined);
    } catch {
      // An emitter that throws at once: the same.
    }
  }
}
