// Applies one drained ledger batch to PostgreSQL in ONE transaction: history rows (with
// reported beside believed figures), member totals, snatches (+ times completed for new
// ones only), ratio_flags for reports not believed in full, swarm counters, the changed
// and removed peers of a memory store (peers.ts), and the batch id in ledger_batches, so
// applying the same batch twice changes nothing.
// Every statement is a multi-row statement over unnest()ed array parameters (Ocelot's
// batching without a parameter-count ceiling).
import type { DrainBatch, LedgerEntry, SwarmSnapshot } from '@swarmhost/tracker-core';
import type pg from 'pg';
import { isDataError, recordDeadLetter, type DeadLetter } from './dead-letters';
import { arrayLiteral } from './array-literal';
import { boundEntry, type ClampedEntry } from './entry-bounds';
import { writePeerChanges } from './peers';

export { arrayLiteral } from './array-literal';

export interface ApplyResult {
  /** False when the batch id was already recorded: nothing was written. */
  readonly applied: boolean;
  /** Entries written (dead letters not included). */
  readonly entries: number;
  /** Entries PostgreSQL refused, now in ledger_dead_letters. */
  readonly deadLetters: readonly DeadLetter[];
  /** Entries written with amounts clamped to what their columns hold. */
  readonly clamped: readonly ClampedEntry[];
  /** Set when PostgreSQL refused the batch's swarm counters (the error); they were skipped. */
  readonly swarmCountersSkipped?: string;
}

/** Merges entries that share (tenant, member, info hash): one upsert may touch a row once. */
function mergeEntries(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const merged = new Map<string, LedgerEntry>();
  for (const entry of entries) {
    const key = `${entry.tenantId}|${entry.memberId}|${entry.infoHash}`;
    const previous = merged.get(key);
    if (previous === undefined) {
      merged.set(key, entry);
      continue;
    }
    const latest = entry.lastAnnounceMs >= previous.lastAnnounceMs ? entry : previous;
    const lastFlagReason = latest.lastFlagReason ?? previous.lastFlagReason ?? entry.lastFlagReason;
    merged.set(key, {
      ...latest,
      ...(lastFlagReason === undefined ? {} : { lastFlagReason }),
      reportedUploaded: previous.reportedUploaded + entry.reportedUploaded,
      reportedDownloaded: previous.reportedDownloaded + entry.reportedDownloaded,
      flaggedAnnounces: previous.flaggedAnnounces + entry.flaggedAnnounces,
      actualUploaded: previous.actualUploaded + entry.actualUploaded,
      actualDownloaded: previous.actualDownloaded + entry.actualDownloaded,
      creditedUploaded: previous.creditedUploaded + entry.creditedUploaded,
      creditedDownloaded: previous.creditedDownloaded + entry.creditedDownloaded,
      seedSeconds: previous.seedSeconds + entry.seedSeconds,
      leechSeconds: previous.leechSeconds + entry.leechSeconds,
      announces: previous.announces + entry.announces,
      completions: previous.completions + entry.completions,
    });
  }
  return [...merged.values()];
}

const ENTRY_INPUT = `
  SELECT * FROM unnest(
    $1::uuid[], $2::text[], $3::uuid[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
    $8::bigint[], $9::bigint[], $10::int[], $11::int[], $12::float8[], $13::bool[], $14::bool[],
    $15::bigint[], $16::bigint[], $17::int[], $18::text[]
  ) AS e(tenant_id, info_hash, member_id, uploaded, downloaded, credited_up, credited_down,
         seed_seconds, leech_seconds, announces, completions, last_ms, seeding, active,
         reported_up, reported_down, flagged, flag_reason)`;

/** Reported totals only inform staff: they saturate at the bigint ceiling instead of failing. */
const saturatedSum = (column: string) =>
  `${column} = LEAST(h.${column}::numeric + excluded.${column}, 9223372036854775807)::bigint`;

const UPSERT_HISTORY = `
  WITH e AS (${ENTRY_INPUT})
  INSERT INTO histories AS h (tenant_id, member_id, torrent_id, uploaded_bytes, downloaded_bytes,
      credited_upload_bytes, credited_download_bytes, seed_seconds, leech_seconds, announces,
      active, seeding, first_announce_at, last_announce_at, completed_at,
      reported_upload_bytes, reported_download_bytes, flagged_announces, last_flag_reason, last_flagged_at)
  SELECT e.tenant_id, e.member_id, t.id, e.uploaded, e.downloaded, e.credited_up, e.credited_down,
      e.seed_seconds, e.leech_seconds, e.announces, e.active, e.seeding,
      to_timestamp(e.last_ms / 1000.0), to_timestamp(e.last_ms / 1000.0),
      CASE WHEN e.completions > 0 THEN to_timestamp(e.last_ms / 1000.0) END,
      e.reported_up, e.reported_down, e.flagged, NULLIF(e.flag_reason, ''),
      CASE WHEN e.flagged > 0 THEN to_timestamp(e.last_ms / 1000.0) END
  FROM e
  JOIN torrents t ON t.tenant_id = e.tenant_id AND t.info_hash = e.info_hash
  JOIN members m ON m.id = e.member_id AND m.tenant_id = e.tenant_id
  ON CONFLICT (tenant_id, member_id, torrent_id) DO UPDATE SET
    uploaded_bytes = h.uploaded_bytes + excluded.uploaded_bytes,
    downloaded_bytes = h.downloaded_bytes + excluded.downloaded_bytes,
    credited_upload_bytes = h.credited_upload_bytes + excluded.credited_upload_bytes,
    credited_download_bytes = h.credited_download_bytes + excluded.credited_download_bytes,
    seed_seconds = h.seed_seconds + excluded.seed_seconds,
    leech_seconds = h.leech_seconds + excluded.leech_seconds,
    announces = h.announces + excluded.announces,
    active = excluded.active,
    seeding = excluded.seeding,
    last_announce_at = GREATEST(h.last_announce_at, excluded.last_announce_at),
    completed_at = COALESCE(h.completed_at, excluded.completed_at),
    ${saturatedSum('reported_upload_bytes')},
    ${saturatedSum('reported_download_bytes')},
    flagged_announces = LEAST(h.flagged_announces::bigint + excluded.flagged_announces, 2147483647)::int,
    last_flag_reason = COALESCE(excluded.last_flag_reason, h.last_flag_reason),
    last_flagged_at = GREATEST(h.last_flagged_at, excluded.last_flagged_at)`;

/** Possible ratio cheating, for the staff list: one row per flagged entry of a batch ($19). */
const INSERT_RATIO_FLAGS = `
  WITH e AS (${ENTRY_INPUT})
  INSERT INTO ratio_flags (tenant_id, member_id, torrent_id, batch_id, reason, announces,
      reported_upload_bytes, reported_download_bytes, credited_upload_bytes, credited_download_bytes, flagged_at)
  SELECT e.tenant_id, e.member_id, t.id, $19::text, e.flag_reason, e.flagged,
      e.reported_up, e.reported_down, e.credited_up, e.credited_down, to_timestamp(e.last_ms / 1000.0)
  FROM e
  JOIN torrents t ON t.tenant_id = e.tenant_id AND t.info_hash = e.info_hash
  JOIN members m ON m.id = e.member_id AND m.tenant_id = e.tenant_id
  WHERE e.flagged > 0 AND e.flag_reason <> ''
  ON CONFLICT (tenant_id, batch_id, member_id, torrent_id) DO NOTHING`;

const ADD_MEMBER_TOTALS = `
  WITH e AS (${ENTRY_INPUT}),
  totals AS (
    SELECT member_id, tenant_id, sum(uploaded) AS uploaded, sum(downloaded) AS downloaded,
      sum(credited_up) AS credited_up, sum(credited_down) AS credited_down,
      sum(seed_seconds) AS seed_seconds, sum(leech_seconds) AS leech_seconds
    FROM e GROUP BY member_id, tenant_id
  )
  UPDATE members m SET
    uploaded_bytes = m.uploaded_bytes + totals.uploaded,
    downloaded_bytes = m.downloaded_bytes + totals.downloaded,
    credited_upload_bytes = m.credited_upload_bytes + totals.credited_up,
    credited_download_bytes = m.credited_download_bytes + totals.credited_down,
    seed_seconds = m.seed_seconds + totals.seed_seconds,
    leech_seconds = m.leech_seconds + totals.leech_seconds
  FROM totals WHERE m.id = totals.member_id AND m.tenant_id = totals.tenant_id`;

const INSERT_SNATCHES = `
  WITH e AS (${ENTRY_INPUT}),
  fresh AS (
    INSERT INTO snatches (tenant_id, member_id, torrent_id, completed_at)
    SELECT e.tenant_id, e.member_id, t.id, to_timestamp(e.last_ms / 1000.0)
    FROM e
    JOIN torrents t ON t.tenant_id = e.tenant_id AND t.info_hash = e.info_hash
    JOIN members m ON m.id = e.member_id AND m.tenant_id = e.tenant_id
    WHERE e.completions > 0
    ON CONFLICT (tenant_id, member_id, torrent_id) DO NOTHING
    RETURNING torrent_id
  )
  UPDATE torrents t SET times_completed = t.times_completed + counted.snatches
  FROM (SELECT torrent_id, count(*)::int AS snatches FROM fresh GROUP BY torrent_id) counted
  WHERE t.id = counted.torrent_id`;

const SET_SWARM_COUNTERS = `
  UPDATE torrents t SET seeders = s.complete, leechers = s.incomplete
  FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[]) AS s(tenant_id, info_hash, complete, incomplete)
  WHERE t.tenant_id = s.tenant_id AND t.info_hash = s.info_hash
    AND (t.seeders <> s.complete OR t.leechers <> s.incomplete)`;

/**
 * Columns as PostgreSQL array literals, built once per batch: the three entry statements
 * share them, and node-postgres' generic array encoder (per-element type checks and
 * escaping) was the flusher's largest cost under load.
 */
function entryColumns(entries: readonly LedgerEntry[]): string[] {
  return [
    arrayLiteral(entries.map((entry) => entry.tenantId)),
    arrayLiteral(entries.map((entry) => entry.infoHash)),
    arrayLiteral(entries.map((entry) => entry.memberId)),
    arrayLiteral(entries.map((entry) => entry.actualUploaded)),
    arrayLiteral(entries.map((entry) => entry.actualDownloaded)),
    arrayLiteral(entries.map((entry) => entry.creditedUploaded)),
    arrayLiteral(entries.map((entry) => entry.creditedDownloaded)),
    arrayLiteral(entries.map((entry) => entry.seedSeconds)),
    arrayLiteral(entries.map((entry) => entry.leechSeconds)),
    arrayLiteral(entries.map((entry) => entry.announces)),
    arrayLiteral(entries.map((entry) => entry.completions)),
    arrayLiteral(entries.map((entry) => entry.lastAnnounceMs)),
    arrayLiteral(entries.map((entry) => entry.lastSeeding)),
    arrayLiteral(entries.map((entry) => entry.active)),
    arrayLiteral(entries.map((entry) => entry.reportedUploaded)),
    arrayLiteral(entries.map((entry) => entry.reportedDownloaded)),
    arrayLiteral(entries.map((entry) => entry.flaggedAnnounces)),
    arrayLiteral(entries.map((entry) => entry.lastFlagReason ?? '')),
  ];
}

function swarmColumns(swarms: readonly SwarmSnapshot[]): string[] {
  return [
    arrayLiteral(swarms.map((swarm) => swarm.tenantId)),
    arrayLiteral(swarms.map((swarm) => swarm.infoHash)),
    arrayLiteral(swarms.map((swarm) => swarm.complete)),
    arrayLiteral(swarms.map((swarm) => swarm.incomplete)),
  ];
}

/** Seeders/leechers after the reaper dropped stale peers (no ledger involved). */
export async function setSwarmCounters(pool: pg.Pool, swarms: readonly SwarmSnapshot[]): Promise<void> {
  if (swarms.length > 0) await pool.query(SET_SWARM_COUNTERS, swarmColumns(swarms));
}

/** The entry statements for `entries` (already merged and bounded) on an open transaction. */
async function writeEntries(client: pg.PoolClient, entries: readonly LedgerEntry[], batchId: string): Promise<void> {
  if (entries.length === 0) return;
  const columns = entryColumns(entries);
  await client.query(UPSERT_HISTORY, columns);
  await client.query(ADD_MEMBER_TOTALS, columns);
  if (entries.some((entry) => entry.completions > 0)) await client.query(INSERT_SNATCHES, columns);
  if (entries.some((entry) => entry.flaggedAnnounces > 0)) await client.query(INSERT_RATIO_FLAGS, [...columns, batchId]);
}

/** Records the batch id; false when it was applied before (the caller rolls back). */
async function recordBatch(client: pg.PoolClient, batchId: string, entries: number): Promise<boolean> {
  const recorded = await client.query(
    'INSERT INTO ledger_batches (id, entries) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id',
    [batchId, entries],
  );
  return recorded.rowCount !== 0;
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Applies a batch in one transaction. When PostgreSQL refuses the data (a member total
 * past 2^63, a value a column cannot hold), the batch is applied again entry by entry,
 * each under a savepoint, and each refused entry goes to `ledger_dead_letters` with the
 * error: one bad entry never holds back the rest, nor any later batch. Anything else
 * (connection lost, PostgreSQL down) fails the batch, which stays in Redis for a retry.
 */
export async function applyBatch(pool: pg.Pool, batch: DrainBatch): Promise<ApplyResult> {
  const clamped: ClampedEntry[] = [];
  const entries = mergeEntries(batch.entries).map((merged) => {
    const bounded = boundEntry(merged);
    if (bounded.clamped.length > 0) clamped.push({ entry: merged, fields: bounded.clamped });
    return bounded.entry;
  });
  try {
    return await inTransaction(pool, async (client) => {
      if (!(await recordBatch(client, batch.batchId, entries.length))) return { applied: false, entries: entries.length, deadLetters: [], clamped };
      await writeEntries(client, entries, batch.batchId);
      if (batch.swarms.length > 0) await client.query(SET_SWARM_COUNTERS, swarmColumns(batch.swarms));
      // The peers' new bases commit with the deltas they produced (memory store).
      await writePeerChanges(client, batch.peers);
      return { applied: true, entries: entries.length, deadLetters: [], clamped };
    });
  } catch (error) {
    if (!isDataError(error)) throw error;
  }
  return inTransaction(pool, async (client) => {
    if (!(await recordBatch(client, batch.batchId, entries.length))) return { applied: false, entries: entries.length, deadLetters: [], clamped };
    const deadLetters: DeadLetter[] = [];
    let swarmCountersSkipped: string | undefined;
    for (const entry of entries) {
      await client.query('SAVEPOINT ledger_entry');
      try {
        await writeEntries(client, [entry], batch.batchId);
        await client.query('RELEASE SAVEPOINT ledger_entry');
      } catch (error) {
        if (!isDataError(error)) throw error;
        await client.query('ROLLBACK TO SAVEPOINT ledger_entry');
        const deadLetter = { entry, error: error.message };
        await recordDeadLetter(client, batch.batchId, deadLetter);
        deadLetters.push(deadLetter);
      }
    }
    // Counters are snapshots the next drain replaces: ones PostgreSQL refuses are skipped.
    if (batch.swarms.length > 0) {
      await client.query('SAVEPOINT swarm_counters');
      try {
        await client.query(SET_SWARM_COUNTERS, swarmColumns(batch.swarms));
      } catch (error) {
        if (!isDataError(error)) throw error;
        await client.query('ROLLBACK TO SAVEPOINT swarm_counters');
        swarmCountersSkipped = error.message;
      }
    }
    // Peers go with the entries; a dead-lettered entry's peer keeps its new base (its
    // delta is in ledger_dead_letters, not lost and not to be credited twice).
    await writePeerChanges(client, batch.peers);
    return { applied: true, entries: entries.length - deadLetters.length, deadLetters, clamped, ...(swarmCountersSkipped === undefined ? {} : { swarmCountersSkipped }) };
  });
}
