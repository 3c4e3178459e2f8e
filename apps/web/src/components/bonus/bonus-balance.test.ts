import { describe, expect, it } from 'vitest';
import { balanceAfter, balanceOnRender } from './bonus-balance';

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

describe('balanceOnRender', () => {
  it('shows a render read after the live reading the page shows', () => {
    expect(balanceOnRender({ balance: '34.5', asOf: 100 }, '40', 150)).toEqual({ balance: '40', asOf: 150 });
    expect(balanceOnRender(null, '25', 90)).toEqual({ balance: '25', asOf: 90 });
  });
  it('keeps a live reading newer than the render (a refresh that raced a booking)', () => {
    const shown = { balance: '34.5', asOf: 200 };
    expect(balanceOnRender(shown, '25', 150)).toBe(shown);
    // The live update older than that render is then ignored as well.
    const rendered = balanceOnRender({ balance: '25', asOf: 100 }, '34.5', 300)!;
    expect(balanceAfter(rendered, { balance: '25', asOf: 250 })).toBe(rendered);
  });
  it('shows nothing when the render has no balance (signed out)', () => {
    expect(balanceOnRender({ balance: '3', asOf: 5 }, null, 1)).toBeNull();
  });
});
