import { describe, expect, it } from 'vitest';
import { balanceAfter } from './bonus-balance';

const push = (kind: string, payload: Record<string, unknown>) => ({ id: 'n', kind, payload, createdAt: '', readAt: null });

describe('balanceAfter', () => {
  it('adds a received gift or tip', () => {
    expect(balanceAfter('12.5', push('bonus.gift', { amount: 30 }))).toBe('42.5');
    expect(balanceAfter('0', push('bonus.tip', { amount: 5 }))).toBe('5');
  });
  it('ignores other notifications and odd payloads', () => {
    expect(balanceAfter('7', push('torrent.approved', { amount: 30 }))).toBe('7');
    expect(balanceAfter('7', push('bonus.gift', { amount: '30' }))).toBe('7');
    expect(balanceAfter('7', push('bonus.gift', { amount: -3 }))).toBe('7');
  });
});
