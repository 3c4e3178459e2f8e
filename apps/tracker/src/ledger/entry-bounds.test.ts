import type { LedgerEntry } from '@swarmhost/tracker-core';
import { describe, expect, it } from 'vitest';
import { boundEntry, MAX_INT4 } from './entry-bounds';

const entry = {
  tenantId: 't', infoHash: 'a'.repeat(40), memberId: 'm',
  reportedUploaded: 0, reportedDownloaded: 0, actualUploaded: 10, actualDownloaded: 0, creditedUploaded: 10, creditedDownloaded: 0,
  seedSeconds: 1, leechSeconds: 0, announces: 1, completions: 0, lastAnnounceMs: 1_700_000_000_000.5, lastSeeding: true, active: true,
  flaggedAnnounces: 0,
} as LedgerEntry;

describe('boundEntry', () => {
  it('leaves an entry that fits untouched (the same object)', () => {
    expect(boundEntry(entry)).toEqual({ entry, clamped: [] });
    expect(boundEntry(entry).entry).toBe(entry);
  });

  it('clamps every numeric field to its column, int columns to 2^31 − 1', () => {
    const { entry: bounded, clamped } = boundEntry({ ...entry, creditedUploaded: 2 ** 60, leechSeconds: 1.5, flaggedAnnounces: 2 ** 33, seedSeconds: Number.POSITIVE_INFINITY });
    expect(bounded).toMatchObject({ creditedUploaded: Number.MAX_SAFE_INTEGER, leechSeconds: 1, flaggedAnnounces: MAX_INT4, seedSeconds: 0 });
    expect(clamped).toHaveLength(4);
  });
});
