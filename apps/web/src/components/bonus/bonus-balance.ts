// How a live notification moves the header's balance: a gift or tip received adds its
// amount until the next server render brings the booked balance.
import type { NotificationView } from '@swarmhost/events';

export function balanceAfter(balance: string, notification: NotificationView): string {
  if (notification.kind !== 'bonus.gift' && notification.kind !== 'bonus.tip') return balance;
  const amount = notification.payload.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) return balance;
  const next = Number(balance) + amount;
  return Number.isFinite(next) ? String(Math.round(next * 10_000) / 10_000) : balance;
}
