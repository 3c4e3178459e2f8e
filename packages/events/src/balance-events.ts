// A member's bonus balance, live: after a tip, gift, purchase or staff adjustment the
// process that booked it pushes the new balance to the member's room; after the hourly
// accrual the worker sends each gateway ONE server-side message per tenant, and every
// gateway reads the balances of only the members connected to it and delivers them
// locally (no message per credited member through Redis, offline members cost nothing).
import { rooms } from './rooms';

/** Gateway → browser: the member's balance as booked. */
export const BALANCE_EVENT = 'bonus:balance';
/** Worker → every gateway (server-side): balances of a tenant's members changed. */
export const BALANCES_CHANGED_EVENT = 'bonus:balances-changed';

export interface BalanceUpdate {
  /** Decimal string as the ledger formats it ("12.5"). */
  balance: string;
  /** ms since the epoch the balance was read at or after; a page keeps the newest. */
  asOf: number;
}

export interface BalancesChanged {
  tenantId: string;
  /** Why (only "accrual" today), for logs. */
  cause: 'accrual';
  at: number;
}

interface RoomEmitter {
  to(room: string | string[]): { emit(event: string, ...args: unknown[]): unknown };
}

/** Pushes one member's new balance to their room (every tab of theirs, on any gateway); returns the emitter's result (a promise for the Redis emitter). */
export function pushBalance(emitter: RoomEmitter, options: { tenantId: string; memberId: string; balance: string; asOf?: number }): unknown {
  const update: BalanceUpdate = { balance: options.balance, asOf: options.asOf ?? Date.now() };
  return emitter.to(rooms.member(options.tenantId, options.memberId)).emit(BALANCE_EVENT, update);
}

/** Tells every gateway that `tenantId`'s balances changed; returns the emitter's result. */
export function publishBalancesChanged(emitter: { serverSideEmit(event: string, ...args: unknown[]): unknown }, tenantId: string, at = Date.now()): unknown {
  const message: BalancesChanged = { tenantId, cause: 'accrual', at };
  return emitter.serverSideEmit(BALANCES_CHANGED_EVENT, message);
}

export function isBalancesChanged(value: unknown): value is BalancesChanged {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return typeof message.tenantId === 'string' && typeof message.at === 'number';
}

export function isBalanceUpdate(value: unknown): value is BalanceUpdate {
  if (typeof value !== 'object' || value === null) return false;
  const update = value as Record<string, unknown>;
  return typeof update.balance === 'string' && /^-?\d+(\.\d+)?$/.test(update.balance) && typeof update.asOf === 'number';
}

/** The member ids of `tenantId` among room names (a gateway's local rooms). */
export function memberIdsInRooms(roomNames: Iterable<string>, tenantId: string): string[] {
  const prefix = rooms.member(tenantId, '');
  const ids: string[] = [];
  for (const name of roomNames) if (name.startsWith(prefix) && name.length > prefix.length) ids.push(name.slice(prefix.length));
  return ids;
}
