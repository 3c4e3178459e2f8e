// "With these rules, member X would earn N points/hour": the member's torrents seeding
// now, priced by the same SQL as the accrual job, with what each rule contributes after
// the cap on rewarded torrents. For the staff economy page and the member's /bonus page.
import { earningRulesSchema, parseTenantSettings, withTenant, type EarningRule } from '@swarmhost/db';
import { AppError } from '../errors';
import { compileEarningRules, SEEDED_IN_PERIOD } from './earning-sql';

export interface EarningPreview {
  pointsPerHour: number;
  /** Torrents the member seeds now, and how many of them earn (the cap). */
  seedingTorrents: number;
  rewardedTorrents: number;
  maxRewardedTorrents: number;
  /** Per rule, in the rules' order: the rewarded torrents that meet it and what they add. */
  rules: { name: string; torrents: number; pointsPerHour: number }[];
}

/** A history counts as seeding "now" if it announced within this window (the job's hour). */
const NOW_WINDOW_SECONDS = 3600;

export async function previewEarning(options: {
  tenantId: string;
  memberId: string;
  now: Date;
  /** Rules to try instead of the tenant's (unsaved staff edits); validated like settings. */
  rules?: unknown;
  maxRewardedTorrents?: number;
}): Promise<EarningPreview> {
  return withTenant(options.tenantId, async (tx) => {
    const member = await tx.member.findUnique({ where: { id: options.memberId }, select: { id: true } });
    if (!member) throw new AppError('NOT_FOUND', 'no such member on this site');
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: options.tenantId }, select: { settings: true } });
    const settings = parseTenantSettings(tenant.settings);
    let rules: readonly EarningRule[] = settings.bonus.earningRules;
    if (options.rules !== undefined) {
      const parsed = earningRulesSchema.safeParse(options.rules);
      if (!parsed.success) {
        const problem = parsed.error.issues[0];
        throw new AppError('BAD_REQUEST', `earningRules.${problem?.path.map(String).join('.') ?? ''}: ${problem?.message ?? 'invalid'}`);
      }
      rules = parsed.data;
    }
    const cap = options.maxRewardedTorrents ?? settings.bonus.maxRewardedTorrents;
    const periodEnd = options.now;
    const periodStart = new Date(periodEnd.getTime() - NOW_WINDOW_SECONDS * 1000);
    const compiled = compileEarningRules(rules, { firstParam: 5, periodEnd: '$4::timestamptz' });
    const flags = compiled.conditions.map((condition, index) => `(${condition}) AS r${index}`);
    const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT (${compiled.pointsPerHour})::text AS points_per_hour${flags.length > 0 ? `, ${flags.join(', ')}` : ''}
       FROM histories h
       JOIN torrents t ON t.tenant_id = h.tenant_id AND t.id = h.torrent_id
       WHERE h.tenant_id = $1::uuid AND h.member_id = $2::uuid AND ${SEEDED_IN_PERIOD('$3::timestamptz', '$4::timestamptz')}`,
      options.tenantId,
      options.memberId,
      periodStart,
      periodEnd,
      ...compiled.params,
    );
    const rewarded = rows
      .map((row) => ({ points: Number(row.points_per_hour), met: rules.map((_, index) => row[`r${index}`] === true) }))
      .filter((torrent) => torrent.points > 0)
      .sort((a, b) => b.points - a.points)
      .slice(0, cap);
    const breakdown = rules.map((rule, index) => {
      const torrents = rewarded.filter((torrent) => torrent.met[index]).length;
      return { name: rule.name, torrents, pointsPerHour: round4(torrents * rule.pointsPerHour) };
    });
    return {
      pointsPerHour: round4(rewarded.reduce((sum, torrent) => sum + torrent.points, 0)),
      seedingTorrents: rows.length,
      rewardedTorrents: rewarded.length,
      maxRewardedTorrents: cap,
      rules: breakdown,
    };
  });
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;
