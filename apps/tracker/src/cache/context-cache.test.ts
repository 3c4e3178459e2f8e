import { describe, expect, it } from 'vitest';
import { ContextCache } from './context-cache';
import type { ContextRows, MemberRow } from './context-rows';

const member = (passkey: string, status: MemberRow['status'] = 'active'): MemberRow => ({
  id: 'm1', tenant_id: 't1', passkey, status, disabled_reason: null, personal_freeleech_until: null, can_download: true, freeleech_torrent_ids: [], hit_and_run_expiries: [],
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
  it('counts hit-and-run warnings in force down by itself as each one ends, without a reload', async () => {
    let loads = 0;
    const passkey = 'c'.repeat(32);
    const row = { ...member(passkey), hit_and_run_expiries: ['1000', '5000', '9000'], freeleech_torrent_ids: ['t9'] };
    const cache = new ContextCache({ rows: rowsWith({ allMembers: async () => { loads += 1; return [row]; } }) });
    await cache.loadAll(0);
    const warningsAt = async (nowMs: number) => (await cache.member(passkey, nowMs))?.activeHitAndRunWarnings;
    expect(await warningsAt(0)).toBe(3);
    expect(await warningsAt(999)).toBe(3);
    expect(await warningsAt(1000)).toBe(2);
    expect(await warningsAt(8999)).toBe(1);
    expect(await warningsAt(9000)).toBe(0);
    expect((await cache.member(passkey, 9000))?.freeleechTorrentIds?.has('t9')).toBe(true);
    expect(loads).toBe(1);
  });

  it('loads warnings that already ended as none', async () => {
    const passkey = 'd'.repeat(32);
    const cache = new ContextCache({ rows: rowsWith({ allMembers: async () => [{ ...member(passkey), hit_and_run_expiries: ['10'] }] }) });
    await cache.loadAll(20);
    expect((await cache.member(passkey, 20))?.activeHitAndRunWarnings).toBeUndefined();
  });

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
