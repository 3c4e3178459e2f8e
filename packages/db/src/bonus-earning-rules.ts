// The seeding rewards a tenant pays (tenants.settings.bonus.earningRules): each rule is a
// condition on one seeded torrent and the points per hour it adds. Defaults follow
// UNIT3D's seedbonus categories; the accrual job compiles these rules into SQL.
import { z } from 'zod';

export const earningConditions = [
  /** Every torrent the member seeded during the period. */
  'seeding',
  /** torrents.size ≥ threshold bytes. */
  'sizeAtLeastBytes',
  /** torrents.seeders ≤ threshold (1: the member is the only seeder, "dying"). */
  'seedersAtMost',
  /** The member's total seed time on the torrent ≥ threshold days. */
  'seedTimeAtLeastDays',
  /** The torrent was uploaded ≥ threshold days ago. */
  'torrentAgeAtLeastDays',
] as const;
export type EarningCondition = (typeof earningConditions)[number];

/** The thresholds each condition accepts (a typo of a zero too many is refused). */
const thresholdBounds: Record<Exclude<EarningCondition, 'seeding'>, { min: number; max: number; unit: string }> = {
  sizeAtLeastBytes: { min: 1, max: 2 ** 50, unit: 'bytes' },
  seedersAtMost: { min: 1, max: 1_000_000, unit: 'seeders' },
  seedTimeAtLeastDays: { min: 1, max: 3650, unit: 'days' },
  torrentAgeAtLeastDays: { min: 1, max: 36_500, unit: 'days' },
};

export const earningRuleSchema = z
  .object({
    /** Shown in the member's breakdown ("Dying torrent"); unique within the list. */
    name: z.string({ message: 'must be a name' }).trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
    condition: z.enum(earningConditions, { message: `must be one of ${earningConditions.join(', ')}` }),
    /** Required by every condition except "seeding", in its unit (see thresholdBounds). */
    threshold: z.number({ message: 'must be a number' }).int('must be a whole number').optional(),
    pointsPerHour: z
      .number({ message: 'must be a number' })
      .min(0, 'must be 0 or more')
      .max(1000, 'must be at most 1000')
      .refine((points) => Number.isInteger(points * 10_000), 'must have at most 4 decimal places'),
  })
  .superRefine((rule, context) => {
    if (rule.condition === 'seeding') {
      if (rule.threshold !== undefined) {
        context.addIssue({ code: 'custom', path: ['threshold'], message: 'must be left out for the "seeding" condition', input: rule.threshold });
      }
      return;
    }
    const bounds = thresholdBounds[rule.condition];
    if (rule.threshold === undefined) {
      context.addIssue({ code: 'custom', path: ['threshold'], message: `is required for "${rule.condition}" (${bounds.unit})`, input: undefined });
    } else if (rule.threshold < bounds.min || rule.threshold > bounds.max) {
      context.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `must be between ${bounds.min} and ${bounds.max} ${bounds.unit} for "${rule.condition}"`,
        input: rule.threshold,
      });
    }
  });

export type EarningRule = z.infer<typeof earningRuleSchema>;

const GiB = 1024 ** 3;

export const defaultEarningRules: readonly EarningRule[] = [
  { name: 'Seeding', condition: 'seeding', pointsPerHour: 1 },
  { name: 'Large (≥ 1 GiB)', condition: 'sizeAtLeastBytes', threshold: GiB, pointsPerHour: 0.5 },
  { name: 'Huge (≥ 10 GiB)', condition: 'sizeAtLeastBytes', threshold: 10 * GiB, pointsPerHour: 1 },
  { name: 'Dying (only seeder)', condition: 'seedersAtMost', threshold: 1, pointsPerHour: 2 },
  { name: 'Scarce (≤ 5 seeders)', condition: 'seedersAtMost', threshold: 5, pointsPerHour: 1 },
  { name: 'Participant (seeded ≥ 30 days)', condition: 'seedTimeAtLeastDays', threshold: 30, pointsPerHour: 0.5 },
  { name: 'Legendary (seeded ≥ 180 days)', condition: 'seedTimeAtLeastDays', threshold: 180, pointsPerHour: 1.5 },
  { name: 'Old (uploaded ≥ 1 year ago)', condition: 'torrentAgeAtLeastDays', threshold: 365, pointsPerHour: 1 },
];

export const earningRulesSchema = z
  .array(earningRuleSchema, { message: 'must be a list of earning rules' })
  .max(50, 'must have at most 50 rules')
  .superRefine((rules, context) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      const key = rule.name.toLowerCase();
      if (seen.has(key)) context.addIssue({ code: 'custom', path: [index, 'name'], message: `must be unique ("${rule.name}" is used twice)`, input: rule.name });
      seen.add(key);
    });
  })
  .default(() => defaultEarningRules.map((rule) => ({ ...rule })));
