// Keeps every ledger amount inside what its PostgreSQL column holds before a batch is
// written: a value that would not fit (negative, fractional, NaN, past 2^53 or, for the
// int columns, past 2^31) is clamped and the entry flagged, instead of failing the
// batch statement for every tenant in it (issue 17, ledger poison).
import type { LedgerEntry } from '@swarmhost/tracker-core';

/** Largest value of a PostgreSQL `int` column (announces, completions, flagged announces). */
export const MAX_INT4 = 2_147_483_647;

/** Numeric fields stored in `int` columns; every other numeric field is a `bigint`/float. */
const INT4_FIELDS = new Set(['announces', 'completions', 'flaggedAnnounces']);

/** An entry written with clamped amounts, as drained (for the warning and the metric). */
export interface ClampedEntry {
  readonly entry: LedgerEntry;
  readonly fields: readonly string[];
}

export interface BoundedEntry {
  readonly entry: LedgerEntry;
  /** One line per clamped field, e.g. `creditedUploaded: -5 → 0`; empty when untouched. */
  readonly clamped: readonly string[];
}

function bound(field: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  const ceiling = INT4_FIELDS.has(field) ? MAX_INT4 : Number.MAX_SAFE_INTEGER;
  if (field === 'lastAnnounceMs') return Math.min(value, ceiling);
  return Math.min(Math.trunc(value), ceiling);
}

/**
 * Clamps each numeric field of `entry` to [0, its column's ceiling]. Fields are found by
 * type, so amounts added to LedgerEntry later are bounded too.
 */
export function boundEntry(entry: LedgerEntry): BoundedEntry {
  const clamped: string[] = [];
  let copy: Record<string, unknown> | undefined;
  for (const [field, value] of Object.entries(entry)) {
    if (typeof value !== 'number') continue;
    const bounded = bound(field, value);
    if (Object.is(bounded, value)) continue;
    copy ??= { ...entry };
    copy[field] = bounded;
    clamped.push(`${field}: ${value} → ${bounded}`);
  }
  return { entry: (copy as LedgerEntry | undefined) ?? entry, clamped };
}
