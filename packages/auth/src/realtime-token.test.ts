import { describe, expect, it } from 'vitest';
import { RealtimeTokenError, signRealtimeToken, verifyRealtimeToken } from './realtime-token';

const secret = 's'.repeat(40);
const claims = { tenantId: 'tenant-a', memberId: 'member-1', role: 'staff' as const };

function problemOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof RealtimeTokenError) return error.problem;
    throw error;
  }
  return 'accepted';
}

describe('realtime tokens', () => {
  it('round-trips the claims until they expire', () => {
    const token = signRealtimeToken(claims, secret, { ttlSeconds: 60, nowMs: 1_000_000 });
    expect(verifyRealtimeToken(token, secret, 1_000_000)).toEqual({ ...claims, exp: 1060, issuedAtMs: 1_000_000 });
    expect(problemOf(() => verifyRealtimeToken(token, secret, 1_060_000))).toBe('expired');
  });

  it('refuses another secret, an edited payload and garbage', () => {
    const token = signRealtimeToken(claims, secret);
    expect(problemOf(() => verifyRealtimeToken(token, 'o'.repeat(40)))).toBe('bad_signature');
    const [version, , signed] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ t: 'tenant-b', m: 'member-1', r: 'admin', e: 9e9 })).toString('base64url');
    expect(problemOf(() => verifyRealtimeToken(`${version}.${forged}.${signed}`, secret))).toBe('bad_signature');
    expect(problemOf(() => verifyRealtimeToken('nope', secret))).toBe('malformed');
    expect(problemOf(() => verifyRealtimeToken(undefined, secret))).toBe('malformed');
  });

  it('keeps operators tenant-less and members tenant-bound', () => {
    const operator = signRealtimeToken({ tenantId: null, memberId: 'op', role: 'operator' }, secret);
    expect(verifyRealtimeToken(operator, secret).role).toBe('operator');
    expect(() => signRealtimeToken({ tenantId: null, memberId: 'm', role: 'member' }, secret)).toThrow();
  });
});
