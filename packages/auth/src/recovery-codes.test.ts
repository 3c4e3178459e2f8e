import { describe, expect, it } from 'vitest';
import { consumeRecoveryCode, createRecoveryCodes, normaliseRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('uses each code once, accepting it typed loosely', async () => {
    const { codes, hashes } = await createRecoveryCodes();
    expect(codes).toHaveLength(10);
    const first = codes[0] ?? '';
    const left = await consumeRecoveryCode(hashes, first.toLowerCase().replace('-', ' '));
    expect(left).toHaveLength(9);
    expect(await consumeRecoveryCode(left ?? [], first)).toBeUndefined();
  }, 30_000);

  it('normalises input', () => {
    expect(normaliseRecoveryCode('abcde fghjk')).toBe('ABCDE-FGHJK');
  });
});
