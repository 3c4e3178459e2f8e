import { describe, expect, it } from 'vitest';
import { ContextCache } from './context-cache';
import type { ContextRows, MemberRow } from './context-rows';

const member = (passkey: string, status: MemberRow['status'] = 'active'): MemberRow => ({
  id: 'm1', tenant_id: 't1', passkey, status, disabled_reason: null, personal_freeleech_until: null, can_download: true,
});

function rowsWith(overrides: Partial<ContextRows>): ContextRows {
  const none = async () => undefined;
  return {
    allTenants: async () => [], allMembers: async () => [], allTorrents: async () => [],
    tenant: none, memberByPasskey: none, memberById: none, torrent: none,
    ...overrides,
  };
}

describe('ContextCache', () => {
  it('answers known passkeys from memory and caches unknown ones negatively', async () => {
    let queries = 0;
    const cache = new ContextCache({
      rows: rowsWith({ allMembers: async () => [member('a'.repeat(32))], memberByPasskey: async () => { queries += 1; return undefined; } }),
    });
    await cache.loadAll(0);
    expect(cache.member('a'.repeat(32), 0)).toMatchObject({ memberId: 'm1', status: 'active' });
    expect(await cache.member('b'.repeat(32), 0)).toBeUndefined();
    expect(cache.member('b'.repeat(32), 1000)).toBeUndefined();
    expect(queries).toBe(1);
  });

  it('does not cache a miss load that overlapped an invalidation (it may be stale)', async () => {
    let release: (row: MemberRow) => void = () => undefined;
    const cache = new ContextCache({
      rows: rowsWith({ memberByPasskey: () => new Promise<MemberRow | undefined>((resolve) => (release = resolve)) }),
    });
    const pending = cache.member('c'.repeat(32), 0);
    cache.dropPasskey('c'.repeat(32));
    release(member('c'.repeat(32)));
    expect(await pending).toMatchObject({ memberId: 'm1' });
    // Not cached: the next lookup goes back to PostgreSQL.
    expect(cache.member('c'.repeat(32), 0)).toBeInstanceOf(Promise);
  });

  it('drops a rotated passkey at once', async () => {
    const cache = new ContextCache({ rows: rowsWith({ allMembers: async () => [member('d'.repeat(32))] }) });
    await cache.loadAll(0);
    cache.dropPasskey('d'.repeat(32));
    expect(await cache.member('d'.repeat(32), 0)).toBeUndefined();
  });
});
