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

  it('publishes on the shared channel, member and tenant messages stamped with their time', async () => {
    const sent: [string, string][] = [];
    const publisher = { publish: async (channel: string, message: string) => sent.push([channel, message]) };
    await publishInvalidation(publisher, { kind: 'tenant', tenantId: 't1' }, 1234);
    await publishInvalidation(publisher, { kind: 'member', tenantId: 't1', memberId: 'm1', at: 99 }, 1234);
    await publishInvalidation(publisher, { kind: 'passkey', passkey: 'p' }, 1234);
    expect(sent).toEqual([
      ['swarmhost:invalidate', '{"kind":"tenant","tenantId":"t1","at":1234}'],
      ['swarmhost:invalidate', '{"kind":"member","tenantId":"t1","memberId":"m1","at":99}'],
      ['swarmhost:invalidate', '{"kind":"passkey","passkey":"p"}'],
    ]);
  });

  it('names rooms per tenant', () => {
    expect(rooms.torrent('t1', 'x')).toBe('tenant:t1:torrent:x');
    expect(rooms.torrent('t1', 'x')).not.toBe(rooms.torrent('t2', 'x'));
  });
});
