// The hit-and-run pass (issue 11), run by the worker on a schedule with its clock:
//
// 1. pre-warnings: completed downloads (snatches) whose deadline (completion + graceDays)
//    is within prewarnHours and that are still short of both minSeedHours of seeding and
//    minRatio on the torrent get one `hit_and_run.prewarning` notification;
// 2. warnings: such downloads past their deadline get one hit_and_run_warnings row that
//    expires after warningDays, and a `hit_and_run.warning` notification;
// 3. expiry: warnings that reached expires_at are marked lapsed (and the member told).
//
// Each step is one statement per tenant (set-based, no loop over members): the rows it
// inserts and the notifications for exactly those rows commit together, and a conflict
// key (one pre-warning and one warning per member and torrent, one lapse per warning)
// makes a retried, duplicated or concurrent run write nothing twice. Members whose set of
// active warnings changed are then named to the trackers (publishInvalidation) so their
// download right is re-read within a second; notifications are pushed live if an emitter
// is given.
//
// Exempt: torrents below exemptBelowBytes, members of immuneGroupIds, the torrent's
// uploader, downloads with nothing downloaded (a recheck of data the member had), torrents
// no longer approved, and a member seeding the torrent right now (announced as a seeder
// within the peer TTL): their seed time still grows, as UNIT3D skips active peers. Such a
// member is warned once they stop short of the rules (within the catch-up window).
import { parseTenantSettings, withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { publishInvalidation, type LiveEmitter, type Publisher } from '@swarmhost/events';
import { notificationView, pushNotification } from '../notifications/notify-member';

export const HNR_NOTIFICATION = {
  prewarning: 'hit_and_run.prewarning',
  warning: 'hit_and_run.warning',
  expired: 'hit_and_run.expired',
  pardoned: 'hit_and_run.pardoned',
} as const;

/** A download whose deadline passed longer ago than this is left alone unless its member announced on it since. */
export const DEFAULT_CATCH_UP_SECONDS = 7 * 86_400;

export interface HitAndRunRunOptions {
  now: Date;
  /** Tells the trackers (and gateways) that a member's active warnings changed. */
  publisher: Publisher;
  /** Pushes the new notifications live; omit to store only. */
  emitter?: LiveEmitter;
  /** Limits the run to these tenants (tests); every active tenant otherwise. */
  tenantIds?: readonly string[];
  catchUpSeconds?: number;
}

export interface TenantHitAndRunResult {
  tenantId: string;
  prewarned: number;
  warned: number;
  expired: number;
  /** Members whose active warnings changed (each told to the trackers once). */
  membersChanged: string[];
}

interface NotificationRow {
  id: string;
  member_id: string;
  kind: string;
  payload: unknown;
  created_at: Date;
  read_at: Date | null;
}

// $1 tenant, $2 now, $3 grace seconds, $4 required seed seconds, $5 min ratio,
// $6 exempt-below bytes, $7 immune group ids, $8 peer TTL seconds.
const CANDIDATES = `
  candidates AS (
    SELECT s.member_id, s.torrent_id, s.completed_at, t.name AS torrent_name,
           s.completed_at + make_interval(secs => $3::int) AS deadline_at,
           h.seed_seconds, h.uploaded_bytes, h.downloaded_bytes, h.last_announce_at
    FROM snatches s
    JOIN histories h ON h.tenant_id = s.tenant_id AND h.member_id = s.member_id AND h.torrent_id = s.torrent_id
    JOIN torrents t ON t.tenant_id = s.tenant_id AND t.id = s.torrent_id
    JOIN members m ON m.tenant_id = s.tenant_id AND m.id = s.member_id
    WHERE s.tenant_id = $1::uuid
      AND t.status = 'approved' AND t.deleted_at IS NULL
      AND t.size >= $6::bigint
      AND t.uploader_id IS DISTINCT FROM s.member_id
      AND m.status = 'active'
      AND (m.group_id IS NULL OR NOT (m.group_id = ANY($7::uuid[])))
      AND h.downloaded_bytes > 0
      AND h.seed_seconds < $4::bigint
      AND h.uploaded_bytes::numeric < h.downloaded_bytes::numeric * $5::numeric
      AND NOT (h.active AND h.seeding AND h.last_announce_at > $2::timestamptz - make_interval(secs => $8::int))
  )`;

// $9 pre-warning seconds. The notification reads the inserted rows back through indexes
// (histories, torrents): joining them to `due` would compare every pair.
const PREWARN = `
  WITH ${CANDIDATES},
  due AS (
    SELECT * FROM candidates
    WHERE deadline_at > $2::timestamptz AND deadline_at <= $2::timestamptz + make_interval(secs => $9::int)
      AND NOT EXISTS (SELECT 1 FROM hit_and_run_prewarnings p
                      WHERE p.tenant_id = $1::uuid AND p.member_id = candidates.member_id AND p.torrent_id = candidates.torrent_id)
  ),
  sent AS (
    INSERT INTO hit_and_run_prewarnings (tenant_id, member_id, torrent_id, deadline_at, sent_at)
    SELECT $1::uuid, member_id, torrent_id, deadline_at, $2::timestamptz FROM due
    ON CONFLICT DO NOTHING
    RETURNING member_id, torrent_id, deadline_at
  )
  INSERT INTO notifications (tenant_id, member_id, kind, payload, source_key)
  SELECT $1::uuid, s.member_id, '${HNR_NOTIFICATION.prewarning}',
         jsonb_build_object(
           'torrentId', s.torrent_id, 'torrentName', t.name,
           'seedSeconds', h.seed_seconds, 'requiredSeedSeconds', $4::bigint,
           'uploadedBytes', h.uploaded_bytes, 'downloadedBytes', h.downloaded_bytes,
           'minRatio', $5::numeric, 'deadlineAt', s.deadline_at),
         'hnr-prewarning:' || s.member_id || ':' || s.torrent_id
  FROM sent s
  JOIN torrents t ON t.tenant_id = $1::uuid AND t.id = s.torrent_id
  JOIN histories h ON h.tenant_id = $1::uuid AND h.member_id = s.member_id AND h.torrent_id = s.torrent_id
  ON CONFLICT (tenant_id, source_key) DO NOTHING
  RETURNING id, member_id, kind, payload, created_at, read_at`;

// $9 warning lifetime seconds, $10 catch-up seconds, $11 maxActiveWarnings.
const WARN = `
  WITH ${CANDIDATES},
  due AS (
    SELECT * FROM candidates
    WHERE deadline_at <= $2::timestamptz
      AND (deadline_at > $2::timestamptz - make_interval(secs => $10::int)
           OR last_announce_at > $2::timestamptz - make_interval(secs => $10::int))
      -- Already warned: skipped here rather than re-inserted into the conflict each run.
      AND NOT EXISTS (SELECT 1 FROM hit_and_run_warnings w
                      WHERE w.tenant_id = $1::uuid AND w.member_id = candidates.member_id AND w.torrent_id = candidates.torrent_id)
  ),
  issued AS (
    INSERT INTO hit_and_run_warnings (tenant_id, member_id, torrent_id, completed_at, deadline_at, seed_seconds,
                                      required_seed_seconds, uploaded_bytes, downloaded_bytes, min_ratio, issued_at, expires_at)
    SELECT $1::uuid, member_id, torrent_id, completed_at, deadline_at, seed_seconds, $4::bigint,
           uploaded_bytes, downloaded_bytes, $5::numeric, $2::timestamptz, $2::timestamptz + make_interval(secs => $9::int)
    FROM due
    ON CONFLICT (tenant_id, member_id, torrent_id) DO NOTHING
    RETURNING id, member_id, torrent_id, expires_at, seed_seconds, required_seed_seconds, uploaded_bytes, downloaded_bytes, min_ratio
  )
  INSERT INTO notifications (tenant_id, member_id, kind, payload, source_key)
  SELECT $1::uuid, i.member_id, '${HNR_NOTIFICATION.warning}',
         jsonb_build_object(
           'torrentId', i.torrent_id, 'torrentName', t.name,
           'seedSeconds', i.seed_seconds, 'requiredSeedSeconds', i.required_seed_seconds,
           'uploadedBytes', i.uploaded_bytes, 'downloadedBytes', i.downloaded_bytes, 'minRatio', i.min_ratio,
           'warningId', i.id, 'expiresAt', i.expires_at, 'maxActiveWarnings', $11::int),
         'hnr-warning:' || i.id
  FROM issued i
  JOIN torrents t ON t.tenant_id = $1::uuid AND t.id = i.torrent_id
  ON CONFLICT (tenant_id, source_key) DO NOTHING
  RETURNING id, member_id, kind, payload, created_at, read_at`;

// $1 tenant, $2 now. Runs whether or not the rules are enabled: warnings always expire.
const EXPIRE = `
  WITH lapsed AS (
    UPDATE hit_and_run_warnings w SET lapsed_at = $2::timestamptz
    FROM torrents t
    WHERE w.tenant_id = $1::uuid AND w.lapsed_at IS NULL AND w.pardoned_at IS NULL AND w.expires_at <= $2::timestamptz
      AND t.tenant_id = w.tenant_id AND t.id = w.torrent_id
    RETURNING w.id, w.member_id, w.torrent_id, t.name AS torrent_name
  )
  INSERT INTO notifications (tenant_id, member_id, kind, payload, source_key)
  SELECT $1::uuid, member_id, '${HNR_NOTIFICATION.expired}',
         jsonb_build_object('warningId', id, 'torrentId', torrent_id, 'torrentName', torrent_name),
         'hnr-expired:' || id
  FROM lapsed
  ON CONFLICT (tenant_id, source_key) DO NOTHING
  RETURNING id, member_id, kind, payload, created_at, read_at`;

/** The three statements, for benches and EXPLAIN (see runTenantHitAndRun for their parameters). */
export const HIT_AND_RUN_SQL = { prewarn: PREWARN, warn: WARN, expire: EXPIRE } as const;

/** One tenant's pass: pre-warnings, warnings, expiry, each one statement in its own transaction. */
export async function runTenantHitAndRun(tenantId: string, options: HitAndRunRunOptions): Promise<TenantHitAndRunResult> {
  const result: TenantHitAndRunResult = { tenantId, prewarned: 0, warned: 0, expired: 0, membersChanged: [] };
  const tenant = await systemClient().tenant.findUnique({ where: { id: tenantId }, select: { status: true, settings: true } });
  if (!tenant || tenant.status !== 'active') return result;
  const settings = parseTenantSettings(tenant.settings);
  const rules = settings.hitAndRun;
  const run = (sql: string, ...params: unknown[]) =>
    withTenant(tenantId, (tx) => tx.$queryRawUnsafe<NotificationRow[]>(sql, ...params), { maxWait: 30_000, timeout: 300_000 });

  const pushed: NotificationRow[] = [];
  const changed = new Set<string>();
  if (rules.enabled) {
    const common = [
      tenantId,
      options.now,
      rules.graceDays * 86_400,
      rules.minSeedHours * 3600,
      rules.minRatio,
      rules.exemptBelowBytes,
      rules.immuneGroupIds,
      settings.peerTtlSeconds,
    ];
    if (rules.prewarnHours > 0) {
      const prewarned = await run(PREWARN, ...common, rules.prewarnHours * 3600);
      result.prewarned = prewarned.length;
      pushed.push(...prewarned);
    }
    const warned = await run(
      WARN,
      ...common,
      rules.warningDays * 86_400,
      options.catchUpSeconds ?? DEFAULT_CATCH_UP_SECONDS,
      rules.maxActiveWarnings,
    );
    result.warned = warned.length;
    pushed.push(...warned);
    for (const row of warned) changed.add(row.member_id);
  }
  const expired = await run(EXPIRE, tenantId, options.now);
  result.expired = expired.length;
  pushed.push(...expired);
  for (const row of expired) changed.add(row.member_id);

  result.membersChanged = [...changed];
  for (const memberId of result.membersChanged) {
    await publishInvalidation(options.publisher, { kind: 'member', tenantId, memberId });
  }
  if (options.emitter) {
    for (const row of pushed) {
      await pushNotification({ tenantId, memberId: row.member_id, notification: notificationView({ id: row.id, kind: row.kind, payload: row.payload, createdAt: row.created_at, readAt: row.read_at }), emitter: options.emitter });
    }
  }
  return result;
}

/**
 * Every active tenant (or `tenantIds`), one after another. A tenant that fails does not
 * stop the others; the first failure is thrown at the end so the job is retried (which
 * repeats nothing already written).
 */
export async function runHitAndRun(options: HitAndRunRunOptions): Promise<TenantHitAndRunResult[]> {
  const tenants = await systemClient().tenant.findMany({
    where: { status: 'active', ...(options.tenantIds ? { id: { in: [...options.tenantIds] } } : {}) },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  const results: TenantHitAndRunResult[] = [];
  let failure: unknown;
  for (const tenant of tenants) {
    try {
      results.push(await runTenantHitAndRun(tenant.id, options));
    } catch (error) {
      failure ??= new Error(`hit-and-run pass failed for tenant ${tenant.id}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  if (failure) throw failure;
  return results;
}
