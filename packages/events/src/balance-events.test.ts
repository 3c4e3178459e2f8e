import { describe, expect, it } from 'vitest';
import { BALANCE_EVENT, BALANCES_CHANGED_EVENT, isBalanceUpdate, memberIdsInRooms, publishBalancesChanged, pushBalance } from './balance-events';
import { rooms } from './rooms';

describe('balance events', () => {
  it('pushes a balance to the member room and announces an accrual once per tenant', () => {
    const sent: unknown[][] = [];
    pushBalance({ to: (room) => ({ emit: (...args: unknown[]) => sent.push([room, ...args]) }) }, { tenantId: 't', memberId: 'm', balance: '12.5', asOf: 7 });
    publishBalancesChanged({ serverSideEmit: (...args: unknown[]) => sent.push(args) }, 't', 9);
    expect(sent).toEqual([
      [rooms.member('t', 'm'), BALANCE_EVENT, { balance: '12.5', asOf: 7 }],
      [BALANCES_CHANGED_EVENT, { tenantId: 't', cause: 'accrual', at: 9 }],
    ]);
  });

  it('finds the tenant’s member rooms among a gateway’s rooms', () => {
    const names = [rooms.member('t', 'a'), rooms.member('u', 'b'), rooms.torrent('t', 'c'), 'socket-id', rooms.member('t', 'd')];
    expect(memberIdsInRooms(names, 't')).toEqual(['a', 'd']);
  });

  it('accepts only well-formed balance updates', () => {
    expect(isBalanceUpdate({ balance: '3.25', asOf: 1 })).toBe(true);
    expect(isBalanceUpdate({ balance: 'lots', asOf: 1 })).toBe(false);
    expect(isBalanceUpdate({ balance: '3' })).toBe(false);
  });
});
