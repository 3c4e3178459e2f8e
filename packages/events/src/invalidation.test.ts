import { describe, expect, it } from 'vitest';
import { decodeInvalidation, encodeInvalidation, publishInvalidation, rooms } from './index';

describe('invalidation messages', () => {
  it('round-trips every kind', () => {
    const messages = [
      { kind: 'passkey', passkey: 'a'.repeat(32) },
      { kind: 'member', tenantId: 't', memberId: 'm' },
      { kind: 'torrent', tenantId: 't', infoHash: 'b'.repeat(40) },
      { kind: 'tenant', tenantId: 't' },
    ] as const;
    for (const message of messages) {
      expect(decodeInvalidation(encodeInvalidation(message))).toEqual(message);
    }
  });

  it('ignores malformed messages instead of throwing', () => {
    expect(decodeInvalidation('not json')).toBeUndefined();
    expect(decodeInvalidation('{"kind":"passkey"}')).toBeUndefined();
    expect(decodeInvalidation('{"kind":"other"}')).toBeUndefined();
  });

  it('publishes on the shared channel', async () => {
    const sent: [string, string][] = [];
    await publishInvalidation(
      { publish: async (channel, message) => sent.push([channel, message]) },
      { kind: 'tenant', tenantId: 't1' },
    );
    expect(sent).toEqual([['swarmhost:invalidate', '{"kind":"tenant","tenantId":"t1"}']]);
  });

  it('names rooms per tenant', () => {
    expect(rooms.torrent('t1', 'x')).toBe('tenant:t1:torrent:x');
    expect(rooms.torrent('t1', 'x')).not.toBe(rooms.torrent('t2', 'x'));
  });
});
