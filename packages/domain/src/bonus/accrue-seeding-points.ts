// The seeding accrual: for each tenant and each period not booked yet (catching up at
// most `maxCatchUpSeconds`), one bonus_transactions row per member. One statement prices
// every member (rules in SQL, capped per member); then chunks of members are booked, each
// in its own short transaction: inserted with an idempotency key, and the balances raised
// by exactly the rows inserted.
import { parseTenantSettings, Prisma, withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { compileEarningRules, SEEDED_IN_PERIOD } from './earning-sql';

export const SEEDING_REASON = 'seeding';
export const ACCRUAL_REFERENCE_TYPE = 'accrual_period';

export interface BookedPeriod {
  tenantId: string;
  periodStart: Date;
  members: number;
  /** Decimal string, e.g. "12.5000". */
  points: string;
}

/** Period starts are multiples of the period since the epoch, so every worker agrees on them. */
export function periodStartOf(time: Date, periodSeconds: number): Date {
  const periodMs = periodSeconds * 1000;
  return new Date(Math.floor(time.getTime() / periodMs) * periodMs);
}

/** The complete periods still to book at `now`: after the last booked one, at most `maxCatchUpSeconds` back. */
export function periodsToBook(options: { now: Date; periodSeconds: number; maxCatchUpSeconds: number; lastBooked: { start: Date; seconds: number } | null }): Date[] {
  const periodMs = options.periodSeconds * 1000;
  const lastComplete = periodStartOf(options.now, options.periodSeconds).getTime() - periodMs;
  const oldestAllowed = periodStartOf(new Date(options.now.getTime() - options.maxCatchUpSeconds * 1000), options.periodSeconds).getTime();
  // A first run books only the period that just ended: no retroactive week for a new tenant.
  let first = lastComplete;
  if (options.lastBooked) {
    const lastEnd = options.lastBooked.start.getTime() + options.lastBooked.seconds * 1000;
    first = Math.max(Math.ceil(lastEnd / periodMs) * periodMs, oldestAllowed);
  }
  const starts: Date[] = [];
  for (let start = first; start <= lastComplete; start += periodMs) starts.push(new Date(start));
  return starts;
}

/**
 * Each member's amount for the period, priced by the rules in SQL and capped at the best
 * `maxRewardedTorrents` torrents. Read only: no row is locked while it runs.
 */
const PRICE_PERIOD = (pointsPerHour: string) => `
  WITH per_torrent AS (
    SELECT h.member_id, ${pointsPerHour} AS points_per_hour
    FROM histories h
    JOIN torrents t ON t.tenant_id = h.tenant_id AND t.id = h.torrent_id
    WHERE h.tenant_id = $1::uuid AND ${SEEDED_IN_PERIOD('$2::timestamptz', '$3::timestamptz')}
  ),
  ranked AS (
    SELECT member_id, points_per_hour,
           row_number() OVER (PARTITION BY member_id ORDER BY points_per_hour DESC) AS rank
    FROM per_torrent
    WHERE points_per_hour > 0
  )
  SELECT member_id::text AS member_id, round(sum(points_per_hour) * $4::numeric / 3600, 4)::text AS amount
  FROM ranked
  WHERE rank <= $5::int
  GROUP BY member_id
  HAVING round(sum(points_per_hour) * $4::numeric / 3600, 4) > 0
  ORDER BY member_id`;

/**
 * Books one chunk of priced members: their rows locked in id order (the order
 * book-points.ts locks a transfer's two rows in, so a gift or tip running meanwhile waits
 * and neither side can deadlock the other), one row each with the period's idempotency
 * key, and the balances raised by exactly the rows inserted. A member booked already (an
 * earlier, interrupted run; a concurrent one) conflicts on the key and gets nothing.
 */
const BOOK_CHUNK = `
  WITH input AS (
    SELECT unnest($2::uuid[]) AS member_id, unnest($3::numeric[]) AS amount
  ),
  locked AS (
    SELECT m.id AS member_id, i.amount
    FROM input i
    JOIN members m ON m.tenant_id = $1::uuid AND m.id = i.member_id AND m.status = 'active'
    ORDER BY m.id
    FOR UPDATE OF m
  ),
  booked AS (
    INSERT INTO bonus_transactions (tenant_id, member_id, amount, reason, reference_type, reference_id, idempotency_key)
    SELECT $1::uuid, l.member_id, l.amount, '${SEEDING_REASON}', '${ACCRUAL_REFERENCE_TYPE}', $4::text,
           '${SEEDING_REASON}:' || $4::text || ':' || l.member_id
    FROM locked l
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
    RETURNING member_id, amount
  ),
  credited AS (
    UPDATE members m SET bonus_points = m.bonus_points + b.amount
    FROM booked b
    WHERE m.tenant_id = $1::uuid AND m.id = b.member_id
    RETURNING b.amount
  )
  SELECT count(*)::int AS members, coalesce(sum(amount), 0)::text AS points FROM credited`;

/**
 * Members booked per transaction: each transaction holds its members' row locks for a
 * fraction of a second, so a purchase or gift waits at most that long (booking 100,000
 * members in one transaction held every lock for the whole run).
 */
export const ACCRUAL_CHUNK_MEMBERS = 5000;

async function bookPeriod(options: {
  tenantId: string;
  periodStart: Date;
  periodSeconds: number;
  settings: ReturnType<typeof parseTenantSettings>;
  chunkMembers: number;
}): Promise<BookedPeriod | null> {
  const { tenantId, periodStart, periodSeconds, settings, chunkMembers } = options;
  const done = await systemClient().bonusAccrualPeriod.findUnique({ where: { tenantId_periodStart: { tenantId, periodStart } }, select: { tenantId: true } });
  if (done) return null;
  const periodEnd = new Date(periodStart.getTime() + periodSeconds * 1000);
  const compiled = compileEarningRules(settings.bonus.earningRules, { firstParam: 6, periodEnd: '$3::timestamptz' });
  const priced = await withTenant(tenantId, (tx) =>
    tx.$queryRawUnsafe<{ member_id: string; amount: string }[]>(
      PRICE_PERIOD(compiled.pointsPerHour),
      tenantId,
      periodStart,
      periodEnd,
      periodSeconds,
      settings.bonus.maxRewardedTorrents,
      ...compiled.params,
    ),
    { maxWait: 30_000, timeout: 300_000 },
  );
  let members = 0;
  let points = new Prisma.Decimal(0);
  for (let offset = 0; offset < priced.length; offset += chunkMembers) {
    const chunk = priced.slice(offset, offset + chunkMembers);
    const [totals] = await withTenant(
      tenantId,
      (tx) =>
        tx.$queryRawUnsafe<{ members: number; points: string }[]>(
          BOOK_CHUNK,
          tenantId,
          chunk.map((row) => row.member_id),
          chunk.map((row) => row.amount),
          periodStart.toISOString(),
        ),
      { maxWait: 30_000, timeout: 60_000 },
    );
    members += totals?.members ?? 0;
    points = points.add(totals?.points ?? '0');
  }
  // The period is marked booked once every chunk is in; a run that died before this line
  // is finished by the next (the rows it booked conflict and count nothing). Concurrent
  // runs each add only what they booked, so the totals stay exact.
  const [marked] = await systemClient().$queryRawUnsafe<{ inserted: boolean }[]>(
    `INSERT INTO bonus_accrual_periods (tenant_id, period_start, period_seconds, members, points)
     VALUES ($1::uuid, $2::timestamptz, $3::int, $4::int, $5::numeric)
     ON CONFLICT (tenant_id, period_start) DO UPDATE
       SET members = bonus_accrual_periods.members + EXCLUDED.members, points = bonus_accrual_periods.points + EXCLUDED.points
     RETURNING (xmax = 0) AS inserted`,
    tenantId,
    periodStart,
    periodSeconds,
    members,
    points.toString(),
  );
  // Another run marked it first and this one found everybody booked: nothing to report.
  if (marked?.inserted === false && members === 0) return null;
  return { tenantId, periodStart, members, points: points.toFixed(4) };
}

export interface AccrualOptions {
  now: Date;
  periodSeconds: number;
  /** Periods older than this are not caught up (default 7 days). */
  maxCatchUpSeconds?: number;
  /** Limits the run to these tenants (tests); all active tenants otherwise. */
  tenantIds?: readonly string[];
  /** Members booked per transaction (default ACCRUAL_CHUNK_MEMBERS). */
  chunkMembers?: number;
}

/** Books every due period of one tenant, each in its own transaction (a crash keeps the ones done). */
export async function accrueTenantSeedingPoints(tenantId: string, options: AccrualOptions): Promise<BookedPeriod[]> {
  const db = systemClient();
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { status: true, settings: true } });
  if (!tenant || tenant.status !== 'active') return [];
  const settings = parseTenantSettings(tenant.settings);
  if (!settings.bonus.enabled) return [];
  const last = await db.bonusAccrualPeriod.findFirst({ where: { tenantId }, orderBy: { periodStart: 'desc' }, select: { periodStart: true, periodSeconds: true } });
  const starts = periodsToBook({
    now: options.now,
    periodSeconds: options.periodSeconds,
    maxCatchUpSeconds: options.maxCatchUpSeconds ?? 7 * 86_400,
    lastBooked: last ? { start: last.periodStart, seconds: last.periodSeconds } : null,
  });
  const booked: BookedPeriod[] = [];
  for (const periodStart of starts) {
    const result = await bookPeriod({ tenantId, periodStart, periodSeconds: options.periodSeconds, settings, chunkMembers: options.chunkMembers ?? ACCRUAL_CHUNK_MEMBERS });
    if (result) booked.push(result);
  }
  return booked;
}

/** One run of the job: every active tenant (or `tenantIds`), one after another. */
export async function accrueSeedingPoints(options: AccrualOptions): Promise<BookedPeriod[]> {
  const tenants = await systemClient().tenant.findMany({
    where: { status: 'active', ...(options.tenantIds ? { id: { in: [...options.tenantIds] } } : {}) },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const booked: BookedPeriod[] = [];
  const failures: Error[] = [];
  // One tenant's bad settings must not stop the others' accrual: it fails the run after
  // the rest are booked, and the retry books only what is still due.
  for (const tenant of tenants) {
    try {
      booked.push(...(await accrueTenantSeedingPoints(tenant.id, options)));
    } catch (error) {
      failures.push(new Error(`tenant ${tenant.id}: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `seeding accrual failed for ${failures.length} tenant(s): ${failures.map((failure) => failure.message).join('; ')}`);
  return booked;
}
