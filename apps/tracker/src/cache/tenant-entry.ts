// Turns a tenants row into what the tracker needs per announce: tracker-core's tenant
// context (settings validated by the db package's parser, with its defaults), the
// suspension reason and the plan's announce budget for the rate limiter.
import { activeFreeleechEvent, parsePlanLimits, parseTenantSettings, type TenantSettings } from '@swarmhost/db';
import type { TenantContext, TenantTrackerSettings } from '@swarmhost/tracker-core';
import type { TenantRow } from './context-rows';

export interface TenantEntry {
  readonly context: TenantContext;
  readonly suspendedReason: string | undefined;
  /** Tenant-wide announces per second across the whole worker pool. */
  readonly announcesPerSecond: number;
  /** When the current freeleech event ends by itself (ms), or Infinity. */
  readonly freeleechEndsAtMs: number;
  /** Settings as parsed, kept to rebuild the context when the freeleech event ends. */
  readonly settings: TenantSettings;
}

/** A stored settings blob that fails validation must not take the tenant's tracker down. */
function safeSettings(json: unknown): { settings: TenantSettings; problem?: string } {
  try {
    return { settings: parseTenantSettings(json) };
  } catch (error) {
    return { settings: parseTenantSettings({}), problem: error instanceof Error ? error.message : String(error) };
  }
}

function trackerSettings(settings: TenantSettings, now: Date): TenantTrackerSettings {
  const event = activeFreeleechEvent(settings, now);
  return {
    announceIntervalSeconds: settings.announceIntervalSeconds,
    minAnnounceIntervalSeconds: settings.minAnnounceIntervalSeconds,
    peerTtlSeconds: settings.peerTtlSeconds,
    maxPeersPerMemberTorrent: settings.maxPeersPerMemberTorrent,
    maxSpeedBytesPerSecond: settings.maxSpeedBytesPerSecond,
    clientAllowList: settings.clientAllowList,
    clientDenyList: settings.clientDenyList,
    freeleechEvent: event === null
      ? { active: false, percent: 0, doubleUpload: false }
      : { active: true, percent: event.percent, doubleUpload: event.doubleUpload },
    ...(settings.hitAndRun.enabled ? { hitAndRunWarningLimit: settings.hitAndRun.maxActiveWarnings } : {}),
  };
}

export function buildTenantEntry(
  row: Pick<TenantRow, 'id' | 'slug' | 'status' | 'suspended_reason'>,
  settings: TenantSettings,
  announcesPerSecond: number,
  now: Date,
): TenantEntry {
  const event = activeFreeleechEvent(settings, now);
  return {
    context: { tenantId: row.id, slug: row.slug, status: row.status, settings: trackerSettings(settings, now) },
    suspendedReason: row.suspended_reason ?? undefined,
    announcesPerSecond,
    freeleechEndsAtMs: event?.endsAt == null ? Number.POSITIVE_INFINITY : Date.parse(event.endsAt),
    settings,
  };
}

export function tenantEntryFromRow(
  row: TenantRow,
  now = new Date(),
  onProblem?: (message: string) => void,
): TenantEntry {
  const { settings, problem } = safeSettings(row.settings);
  if (problem !== undefined) onProblem?.(`tenant ${row.slug}: ${problem}; using defaults`);
  let announcesPerSecond: number;
  try {
    announcesPerSecond = parsePlanLimits(row.plan_limits).announcesPerSecond;
  } catch (error) {
    onProblem?.(`tenant ${row.slug}: ${error instanceof Error ? error.message : String(error)}; using defaults`);
    announcesPerSecond = parsePlanLimits({}).announcesPerSecond;
  }
  return buildTenantEntry(row, settings, announcesPerSecond, now);
}
