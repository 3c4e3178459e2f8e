// Ledger entries PostgreSQL refused (a member total past 2^63, a value a column cannot
// hold) are kept whole in ledger_dead_letters, with the error, for an operator to look
// at (`pnpm cli ledger:dead-letters`), instead of failing their batch forever.
import type { LedgerEntry } from '@swarmhost/tracker-core';
import type pg from 'pg';

export interface DeadLetter {
  readonly entry: LedgerEntry;
  readonly error: string;
}

/**
 * SQLSTATE classes that say "this data cannot be stored" (22 data exception: numeric
 * or bigint out of range …; 23 integrity constraint violation: a check constraint on
 * a counter). Retrying such an entry can never succeed; every other error might.
 */
export function isDataError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

export async function recordDeadLetter(client: pg.PoolClient, batchId: string, deadLetter: DeadLetter): Promise<void> {
  await client.query('INSERT INTO ledger_dead_letters (tenant_id, batch_id, entry, error) VALUES ($1, $2, $3, $4)', [
    deadLetter.entry.tenantId,
    batchId,
    JSON.stringify(deadLetter.entry),
    deadLetter.error.slice(0, 1000),
  ]);
}
