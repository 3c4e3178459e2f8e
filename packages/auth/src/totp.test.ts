import { describe, expect, it } from 'vitest';
import { checkTotpCode, currentTotpCode, newTotpSecret, totpQrSvg, totpUri } from './totp';

describe('TOTP', () => {
  it('accepts the current code once and refuses it the second time', async () => {
    const secret = newTotpSecret();
    const at = new Date('2026-11-22T10:00:10Z');
    const code = await currentTotpCode(secret, at);
    const first = await checkTotpCode({ secret, code, at });
    expect(first.valid).toBe(true);
    if (!first.valid) return;
    const replay = await checkTotpCode({ secret, code, at, lastUsedStep: first.timeStep });
    expect(replay).toEqual({ valid: false, reason: 'reused' });
  });

  it('refuses a wrong or malformed code', async () => {
    const secret = newTotpSecret();
    const at = new Date('2026-11-22T10:00:10Z');
    const code = await currentTotpCode(secret, at);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await checkTotpCode({ secret, code: wrong, at })).toEqual({ valid: false, reason: 'wrong' });
    expect(await checkTotpCode({ secret, code: 'abc', at })).toEqual({ valid: false, reason: 'wrong' });
  });

  it('tolerates one period of clock drift but not five minutes', async () => {
    const secret = newTotpSecret();
    const at = new Date('2026-11-22T10:00:10Z');
    const previous = await currentTotpCode(secret, new Date(at.getTime() - 30_000));
    expect((await checkTotpCode({ secret, code: previous, at })).valid).toBe(true);
    const stale = await currentTotpCode(secret, new Date(at.getTime() - 300_000));
    expect((await checkTotpCode({ secret, code: stale, at })).valid).toBe(false);
  });

  it('renders the enrolment URI as an SVG QR code', async () => {
    const uri = totpUri({ issuer: 'Demo', account: 'alice', secret: newTotpSecret() });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Demo:alice\?/);
    const svg = await totpQrSvg(uri);
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
