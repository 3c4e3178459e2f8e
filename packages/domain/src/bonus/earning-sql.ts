// Earning rules compiled into SQL, so the accrual job and the preview price a seeded
// torrent with the same expressions. Only fixed fragments are spliced into the text;
// every threshold and point value travels as a bind parameter.
import type { EarningRule } from '@swarmhost/db';

/**
 * Per-rule SQL conditions over `h` (histories) and `t` (torrents). `periodEnd` is the
 * placeholder of the period's end (a timestamptz), against which ages are measured.
 */
export interface CompiledEarningRules {
  /** One boolean expression per rule, in the rules' order. */
  conditions: string[];
  /** Σ points per hour of the rules the torrent meets (numeric). */
  pointsPerHour: string;
  /** The values of the placeholders, to append after the caller's own. */
  params: (number | string)[];
}

function conditionSql(rule: EarningRule, threshold: string, periodEnd: string): string {
  switch (rule.condition) {
    case 'seeding':
      return 'true';
    case 'sizeAtLeastBytes':
      return `t.size >= ${threshold}::bigint`;
    case 'seedersAtMost':
      return `t.seeders <= ${threshold}::int`;
    case 'seedTimeAtLeastDays':
      return `h.seed_seconds >= ${threshold}::bigint * 86400`;
    case 'torrentAgeAtLeastDays':
      return `t.created_at <= ${periodEnd} - make_interval(days => ${threshold}::int)`;
  }
}

/** `firstParam` is the number of the first free placeholder ($n). */
export function compileEarningRules(rules: readonly EarningRule[], options: { firstParam: number; periodEnd: string }): CompiledEarningRules {
  const params: (number | string)[] = [];
  const placeholder = (value: number | string) => {
    params.push(value);
    return `$${options.firstParam + params.length - 1}`;
  };
  const conditions = rules.map((rule) => conditionSql(rule, rule.condition === 'seeding' ? '' : placeholder(rule.threshold ?? 0), options.periodEnd));
  const terms = rules.map((rule, index) => `CASE WHEN ${conditions[index]} THEN ${placeholder(String(rule.pointsPerHour))}::numeric ELSE 0 END`);
  return { conditions, pointsPerHour: terms.length === 0 ? '0::numeric' : terms.join(' + '), params };
}

/**
 * What counts as "seeded during [periodStart, periodEnd)": the tracker's flush keeps one
 * history per member and torrent with `seeding` (the peer's last state), `first_announce_at`
 * and `last_announce_at`. A seeding history counts for a period that began before its last
 * announce and ended after its first, on an approved, not deleted torrent.
 */
export const SEEDED_IN_PERIOD = (periodStart: string, periodEnd: string) => `
  h.seeding
  AND h.last_announce_at >= ${periodStart}
  AND h.first_announce_at < ${periodEnd}
  AND t.status = 'approved'
  AND t.deleted_at IS NULL`;
