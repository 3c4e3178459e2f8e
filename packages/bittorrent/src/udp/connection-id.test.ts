import { describe, expect, it } from 'vitest';
import { CONNECTION_ID_WINDOW_MS, createConnectionIdIssuer } from './index.js';

const SECRET = Buffer.from('a-32-byte-secret-for-the-tests!!');

/** A clock the test moves by hand. */
function manualClock(startMs: number): { now: () => number; set: (ms: number) => void } {
  let current = startMs;
  return { now: () => current, set: (ms) => (current = ms) };
}

describe('connection ids', () => {
  const windowStart = 1_700_000_000_000 - (1_700_000_000_000 % CONNECTION_ID_WINDOW_MS);

  it('issues 8-byte ids that verify for the same address in the same window', () => {
    const clock = manualClock(windowStart);
    const issuer = createConnectionIdIssuer(SECRET, clock.now);
    const id = issuer.issue('192.0.2.1', 6881);
    expect(id.length).toBe(8);
    expect(issuer.verify(id, '192.0.2.1', 6881)).toBe(true);
    expect(issuer.issue('192.0.2.1', 6881).equals(id)).toBe(true);
  });

  it('is valid through the next window and invalid from the one after', () => {
    const clock = manualClock(windowStart + 1);
    const issuer = createConnectionIdIssuer(SECRET, clock.now);
    const id = issuer.issue('2001:db8::1', 51413);
    clock.set(windowStart + CONNECTION_ID_WINDOW_MS - 1);
    expect(issuer.verify(id, '2001:db8::1', 51413)).toBe(true);
    clock.set(windowStart + CONNECTION_ID_WINDOW_MS);
    expect(issuer.verify(id, '2001:db8::1', 51413)).toBe(true);
    clock.set(windowStart + 2 * CONNECTION_ID_WINDOW_MS - 1);
    expect(issuer.verify(id, '2001:db8::1', 51413)).toBe(true);
    clock.set(windowStart + 2 * CONNECTION_ID_WINDOW_MS);
    expect(issuer.verify(id, '2001:db8::1', 51413)).toBe(false);
  });

  it('rejects ids from another address, port, secret or of the wrong size', () => {
    const clock = manualClock(windowStart);
    const issuer = createConnectionIdIssuer(SECRET, clock.now);
    const id = issuer.issue('192.0.2.1', 6881);
    expect(issuer.verify(id, '192.0.2.2', 6881)).toBe(false);
    expect(issuer.verify(id, '192.0.2.1', 6882)).toBe(false);
    expect(
      createConnectionIdIssuer(Buffer.alloc(32, 1), clock.now).verify(id, '192.0.2.1', 6881),
    ).toBe(false);
    expect(issuer.verify(id.subarray(0, 7), '192.0.2.1', 6881)).toBe(false);
  });

  it('does not accept ids from the future (clock moved back)', () => {
    const clock = manualClock(windowStart + CONNECTION_ID_WINDOW_MS);
    const issuer = createConnectionIdIssuer(SECRET, clock.now);
    const id = issuer.issue('192.0.2.1', 6881);
    clock.set(windowStart - 1);
    expect(issuer.verify(id, '192.0.2.1', 6881)).toBe(false);
  });

  it('works right after the epoch and refuses short secrets', () => {
    const issuer = createConnectionIdIssuer(SECRET, () => 0);
    expect(issuer.verify(issuer.issue('::1', 1), '::1', 1)).toBe(true);
    expect(() => createConnectionIdIssuer(Buffer.alloc(8), () => 0)).toThrowError(
      'connection id secret must be at least 16 bytes (got 8)',
    );
  });
});
