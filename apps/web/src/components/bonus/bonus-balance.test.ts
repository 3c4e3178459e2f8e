import { describe, expect, it } from 'vitest';
import { balanceAfter } from './bonus-balance';

describe('balanceAfter', () => {
  it('shows a newer booked balance', () => {
    expect(balanceAfter({ balance: '12.5', asOf: 0 }, { balance: '42.5', asOf: 10 })).toEqual({ balance: '42.5', asOf: 10 });
  });
  it('keeps the shown balance for an older reading or an odd message', () => {
    const shown = { balance: '7', asOf: 20 };
    expect(balanceAfter(shown, { balance: '3', asOf: 19 })).toBe(shown);
    expect(balanceAfter(shown, { balance: 'many', asOf: 30 })).toBe(shown);
    expect(balanceAfter(shown, { amount: 30 })).toBe(shown);
  });
});
