// A tenant's rules (tenants.settings) and quotas (tenants.plan_limits) are JSON in the
// database; these schemas give them types and defaults, so a missing key never breaks a
// tenant and a bad one is reported by name.
import { z } from 'zod';
import { earningRulesSchema } from './bonus-earning-rules';

export class TenantSettingsError extends Error {
  override name = 'TenantSettingsError';
}

const seconds = (min: number, max: number) =>
  z
    .number({ message: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const count = (min: number, max: number) =>
  z
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** A peer_id prefix such as "-qB" or "-TR4"; printable ASCII, 1-20 characters. */
const peerIdPrefix = z
  .string({ message: 'must be a peer_id prefix string' })
  .regex(
    /^[\x20-\x7e]{1,20}$/,
    'must be 1-20 printable ASCII characters (a peer_id prefix such as "-qB")',
  );

export const registrationModes = ['open', 'invite', 'application', 'closed'] as const;
export type RegistrationMode = (typeof registrationModes)[number];

export const freeleechPercents = [0, 25, 50, 75, 100] as const;
export type FreeleechPercent = (typeof freeleechPercents)[number];

const freeleechPercent = z.union(
  freeleechPercents.map((value) => z.literal(value)),
  { message: 'must be one of 0, 25, 50, 75, 100' },
);

const freeleechEventSchema = z.object({
  active: z.boolean({ message: 'must be true or false' }).default(false),
  /** Share of the download not counted while the event runs. */
  percent: freeleechPercent.default(100),
  doubleUpload: z.boolean({ message: 'must be true or false' }).default(false),
  /** ISO 8601 time the event stops by itself; null runs until switched off. */
  endsAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
    .nullable()
    .default(null),
});

/** A store item's id: what the buy button and the ledger's reference name. */
const storeItemId = z
  .string({ message: 'must be an id such as "upload-10gib"' })
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 lower-case letters, digits or dashes');

const storeItemBase = {
  id: storeItemId,
  /** Shown on the buy button; the kind's own words when empty. */
  name: z.string({ message: 'must be text' }).trim().max(60, 'must be at most 60 characters').default(''),
  /** Whole points, taken from the buyer's balance. */
  cost: count(1, 10_000_000),
  /** Staff can take an item off the store without losing its settings. */
  enabled: z.boolean({ message: 'must be true or false' }).default(true),
};

/**
 * What members can buy with points (issue 11). Defaults are modelled on UNIT3D's bonus
 * exchange; each kind raises one column of the buyer's member row.
 */
const storeItemSchema = z.discriminatedUnion(
  'kind',
  [
    /** Raises credited_upload_bytes (what the ratio is computed from). */
    z.object({ ...storeItemBase, kind: z.literal('upload_credit'), gibibytes: count(1, 10_240) }),
    z.object({ ...storeItemBase, kind: z.literal('freeleech_token'), tokens: count(1, 100) }),
    /** Every download of the buyer is freeleech for this long (extends a running one). */
    z.object({ ...storeItemBase, kind: z.literal('personal_freeleech'), hours: count(1, 24 * 31) }),
    z.object({ ...storeItemBase, kind: z.literal('invite'), invites: count(1, 100) }),
    /** The buyer chooses the text when buying. */
    z.object({ ...storeItemBase, kind: z.literal('custom_title') }),
  ],
  {
    message:
      'must have a kind: "upload_credit", "freeleech_token", "personal_freeleech", "invite" or "custom_title"',
  },
);

export type StoreItem = z.infer<typeof storeItemSchema>;

export const defaultStoreItems: StoreItem[] = [
  { id: 'upload-1gib', name: '', kind: 'upload_credit', gibibytes: 1, cost: 100, enabled: true },
  { id: 'upload-10gib', name: '', kind: 'upload_credit', gibibytes: 10, cost: 1000, enabled: true },
  { id: 'upload-100gib', name: '', kind: 'upload_credit', gibibytes: 100, cost: 9000, enabled: true },
  { id: 'freeleech-token', name: '', kind: 'freeleech_token', tokens: 1, cost: 500, enabled: true },
  { id: 'personal-freeleech-24h', name: '', kind: 'personal_freeleech', hours: 24, cost: 2500, enabled: true },
  { id: 'invite', name: '', kind: 'invite', invites: 1, cost: 5000, enabled: true },
  { id: 'custom-title', name: '', kind: 'custom_title', cost: 1500, enabled: true },
];

const storeItemsSchema = z
  .array(storeItemSchema, { message: 'must be a list of store items' })
  .max(50, 'must have at most 50 items')
  .superRefine((items, context) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) {
        context.addIssue({ code: 'custom', path: [index, 'id'], message: `"${item.id}" is used by an earlier item`, input: item.id });
      }
      seen.add(item.id);
    });
  })
  .default(() => defaultStoreItems.map((item) => ({ ...item })));

const bonusSchema = z.object({
  enabled: z.boolean({ message: 'must be true or false' }).default(true),
  storeItems: storeItemsSchema,
  /** What seeding earns: per torrent, the sum of the rules it meets (bonus-earning-rules.ts). */
  earningRules: earningRulesSchema,
  /** Seeding beyond this many torrents earns nothing more. */
  maxRewardedTorrents: count(1, 100_000).default(100),
});

const hitAndRunSchema = z.object({
  enabled: z.boolean({ message: 'must be true or false' }).default(false),
  /** A completed download must be seeded this long ... */
  minSeedHours: count(0, 24 * 365).default(72),
  /** ... unless this ratio on the torrent was reached. */
  minRatio: z
    .number({ message: 'must be a number' })
    .min(0, 'must be 0 or more')
    .max(100)
    .default(1),
  /** Days after completion before a missing seed time counts. */
  graceDays: count(0, 365).default(14),
  /** Torrents smaller than this many bytes are exempt (0: none is). */
  exemptBelowBytes: count(0, Number.MAX_SAFE_INTEGER).default(0),
  /** Members of these groups (ids) are never warned. */
  immuneGroupIds: z
    .array(z.uuid({ message: 'must be a group id (uuid)' }), { message: 'must be a list of group ids' })
    .max(100, 'must list at most 100 groups')
    .default([]),
  /** The pre-warning is sent this many hours before the deadline (0: none is sent). */
  prewarnHours: count(0, 24 * 365).default(48),
  /** A warning expires by itself this many days after it was issued. */
  warningDays: count(1, 365).default(14),
  /** At this many active warnings the member's downloads are disabled (the tracker reads it). */
  maxActiveWarnings: count(1, 100).default(3),
});

const requestsSchema = z.object({
  /** Points a member puts up to create a request (its first bounty), and the least one vote adds. */
  minBounty: count(1, 1_000_000).default(100),
  /** A claim lapses after this many days without a fill. */
  claimDays: count(1, 90).default(7),
  /** A fill the requester has not answered is accepted after this many days. */
  acceptDays: count(1, 90).default(3),
});

export const tenantSettingsSchema = z
  .object({
    /** `interval` in announce responses (BEP 3). */
    announceIntervalSeconds: seconds(60, 86_400).default(1800),
    /** `min interval`: clients announcing sooner get a failure reason. */
    minAnnounceIntervalSeconds: seconds(30, 86_400).default(300),
    /**
     * A peer not heard from for this long is dropped from the swarm. Defaults to two
     * announce intervals plus five minutes (3900 with the default interval).
     */
    peerTtlSeconds: seconds(90, 7 * 86_400).optional(),
    /** Who may join: anyone, invited people, applicants staff accept, or no one. */
    registrationMode: z
      .enum(registrationModes, { message: 'must be "open", "invite", "application" or "closed"' })
      .default('invite'),
    /** New uploads wait for staff approval. */
    moderationRequired: z.boolean({ message: 'must be true or false' }).default(false),
    /**
     * Keep web seeds (BEP 19 url-list, BEP 17 httpseeds) in uploads and downloads. Off by
     * default: every downloader's client would connect to a server the uploader chose.
     */
    allowWebSeeds: z.boolean({ message: 'must be true or false' }).default(false),
    freeleechEvent: freeleechEventSchema.prefault({}),
    /** When not empty, only clients whose peer_id starts with one of these may announce. */
    clientAllowList: z
      .array(peerIdPrefix, { message: 'must be a list of peer_id prefixes' })
      .max(200)
      .default([]),
    /** Clients whose peer_id starts with one of these are refused. */
    clientDenyList: z
      .array(peerIdPrefix, { message: 'must be a list of peer_id prefixes' })
      .max(200)
      .default([]),
    /** Peers (e.g. home and seedbox) one member may have in one swarm. */
    maxPeersPerMemberTorrent: count(1, 100).default(3),
    /**
     * The fastest one client may plausibly move data, each way (default 1 GiB/s): the
     * tracker credits no more than this × the seconds since the client's previous
     * announce (one second at least) and flags the rest as possible ratio cheating.
     */
    maxSpeedBytesPerSecond: count(1_048_576, 1_099_511_627_776).default(1_073_741_824),
    /** Announces per second one passkey may make before it gets a failure reason. */
    announceRateLimitPerSecond: count(1, 10_000).default(10),
    bonus: bonusSchema.prefault({}),
    hitAndRun: hitAndRunSchema.prefault({}),
    requests: requestsSchema.prefault({}),
  })
  .transform(({ peerTtlSeconds, ...settings }) => ({
    ...settings,
    peerTtlSeconds: peerTtlSeconds ?? 2 * settings.announceIntervalSeconds + 300,
  }))
  .superRefine((settings, context) => {
    if (settings.minAnnounceIntervalSeconds > settings.announceIntervalSeconds) {
      context.addIssue({
        code: 'custom',
        path: ['minAnnounceIntervalSeconds'],
        message: `must not exceed announceIntervalSeconds (${settings.announceIntervalSeconds})`,
        input: settings.minAnnounceIntervalSeconds,
      });
    }
    if (settings.peerTtlSeconds <= settings.announceIntervalSeconds) {
      context.addIssue({
        code: 'custom',
        path: ['peerTtlSeconds'],
        message: `must exceed announceIntervalSeconds (${settings.announceIntervalSeconds}) or peers vanish between announces`,
        input: settings.peerTtlSeconds,
      });
    }
  });

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;
/** What may be stored: any subset, the rest comes from the defaults. */
export type TenantSettingsInput = z.input<typeof tenantSettingsSchema>;

export const planLimitsSchema = z.object({
  maxMembers: count(1, 10_000_000).default(5000),
  maxTorrents: count(1, 100_000_000).default(100_000),
  /** Tenant-wide announce budget across all tracker workers. */
  announcesPerSecond: count(1, 1_000_000).default(500),
  /** Tenant-wide search budget across all site processes. */
  searchesPerSecond: count(1, 1_000_000).default(20),
});

export type PlanLimits = z.infer<typeof planLimitsSchema>;
export type PlanLimitsInput = z.input<typeof planLimitsSchema>;

export const defaultTenantSettings: TenantSettings = Object.freeze(tenantSettingsSchema.parse({}));
export const defaultPlanLimits: PlanLimits = Object.freeze(planLimitsSchema.parse({}));

function describe(what: string, error: z.ZodError, input: unknown): TenantSettingsError {
  const problems = error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(root)';
    const value = issue.path.reduce<unknown>(
      (node, key) =>
        node !== null && typeof node === 'object'
          ? (node as Record<PropertyKey, unknown>)[key]
          : undefined,
      input,
    );
    const got = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
    return `  ${field}: ${issue.message}${got}`;
  });
  return new TenantSettingsError(`Invalid ${what}:\n${problems.join('\n')}`);
}

function parseWith<T>(schema: z.ZodType<T>, what: string, json: unknown): T {
  const input = json ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new TenantSettingsError(
      `Invalid ${what}: must be a JSON object (got ${JSON.stringify(json)})`,
    );
  }
  const result = schema.safeParse(input);
  if (!result.success) throw describe(what, result.error, input);
  return result.data;
}

/** Validates stored or submitted settings and fills every missing key with its default. */
export function parseTenantSettings(json: unknown): TenantSettings {
  return parseWith(tenantSettingsSchema, 'tenant settings', json);
}

export function parsePlanLimits(json: unknown): PlanLimits {
  return parseWith(planLimitsSchema, 'plan limits', json);
}

/** The freeleech event in force at `now` (an event past its endsAt is over). */
export function activeFreeleechEvent(
  settings: TenantSettings,
  now: Date,
): TenantSettings['freeleechEvent'] | null {
  const event = settings.freeleechEvent;
  if (!event.active) return null;
  if (event.endsAt !== null && Date.parse(event.endsAt) <= now.getTime()) return null;
  return event;
}
