// Ratio accounting for one announce, with Ocelot/UNIT3D semantics: what a peer moved
// since its previous announce (BEP 3 totals are per client session), what the member
// is credited after freeleech and double upload, and how long it seeded or leeched.
// The Redis Lua script mirrors these functions line for line; keep them in step.
import type { AnnounceEvent } from './protocol.js';
import type { MemberContext, TenantTrackerSettings, TorrentContext } from './types.js';

/** The part of a tenant accounting reads. */
export interface TenantFreeleech {
  readonly settings: Pick<TenantTrackerSettings, 'freeleechEvent'>;
}

export interface CreditFactors {
  /** Share of the actual download that counts against the member: 1 − freeleech/100. */
  readonly downloadFactor: number;
  /** Multiplier on the actual upload: 2 under double upload, else 1. */
  readonly uploadFactor: number;
}

/** The strongest freeleech that applies: torrent, an active tenant event, or personal (100). */
export function effectiveFreeleechPercent(
  torrent: Pick<TorrentContext, 'freeleechPercent'>,
  tenant: TenantFreeleech,
  member: Pick<MemberContext, 'personalFreeleech'>,
): number {
  if (member.personalFreeleech) return 100;
  const event = tenant.settings.freeleechEvent;
  const eventPercent = event.active ? event.percent : 0;
  return Math.max(torrent.freeleechPercent, eventPercent);
}

export function creditFactors(
  torrent: Pick<TorrentContext, 'freeleechPercent' | 'doubleUpload'>,
  tenant: TenantFreeleech,
  member: Pick<MemberContext, 'personalFreeleech'>,
): CreditFactors {
  const event = tenant.settings.freeleechEvent;
  const doubleUpload = torrent.doubleUpload || (event.active && event.doubleUpload);
  return {
    downloadFactor: (100 - effectiveFreeleechPercent(torrent, tenant, member)) / 100,
    uploadFactor: doubleUpload ? 2 : 1,
  };
}

/**
 * Bytes moved since the last report. A smaller total means the client restarted its
 * session: nothing is counted and the new total becomes the base.
 */
export function transferDelta(reported: number, lastReported: number): number {
  return reported >= lastReported ? reported - lastReported : 0;
}

/** Whole bytes; the factors 0, .25, .5, .75, 1, 2 are exact in binary, so both stores agree. */
export function credit(actualBytes: number, factor: number): number {
  return Math.floor(actualBytes * factor);
}

/**
 * Whole seconds credited for the gap between two announces of one peer, capped at two
 * announce intervals so a client that vanished without `stopped` earns no phantom time.
 */
export function creditedSeconds(gapMs: number, announceIntervalSeconds: number): number {
  if (gapMs <= 0) return 0;
  return Math.floor(Math.min(gapMs, 2 * announceIntervalSeconds * 1000) / 1000);
}

/** What the store remembers about a peer between its announces. */
export interface PeerMemory {
  readonly uploaded: number;
  readonly downloaded: number;
  readonly lastAnnounceMs: number;
  /** `left == 0` at that announce. */
  readonly seeding: boolean;
  /** This peer already counted its one completion. */
  readonly completionCounted: boolean;
}

export interface AnnounceReport {
  readonly uploaded: number;
  readonly downloaded: number;
  readonly left: number;
  readonly event: AnnounceEvent;
  readonly nowMs: number;
}

export interface AnnounceAccounting {
  readonly actualUploaded: number;
  readonly actualDownloaded: number;
  readonly creditedUploaded: number;
  readonly creditedDownloaded: number;
  readonly seedSeconds: number;
  readonly leechSeconds: number;
  /** 1 when this announce completes the peer's download for the first time. */
  readonly completions: 0 | 1;
}

/**
 * Accounting for one announce of one peer.
 *
 * - A peer the store does not know (first announce, or back after being reaped) is
 *   baselined: its totals become the base and nothing is credited, as Ocelot does, so
 *   totals a reaped peer already reported are never counted twice.
 * - The time since the previous announce counts as seeding when that previous announce
 *   had `left == 0` (the state the peer told us it was in during the gap), else as
 *   leeching; a BEP 21 partial seed (`paused`, left > 0) therefore earns leech time.
 * - A completion counts once per peer: on `completed`, or when a known peer that had
 *   `left > 0` reports `left == 0` with any event (aria2 `--seed-time=0` sends only
 *   `stopped`). A new peer starting at `left == 0` is a seeder, not a completion. The
 *   flusher makes snatches unique per member.
 */
export function accountAnnounce(
  previous: PeerMemory | undefined,
  report: AnnounceReport,
  announceIntervalSeconds: number,
  factors: CreditFactors,
): AnnounceAccounting {
  const finished = report.event === 'completed' || (previous !== undefined && !previous.seeding && report.left === 0);
  const completions = finished && !previous?.completionCounted ? 1 : 0;
  if (previous === undefined) {
    return {
      actualUploaded: 0,
      actualDownloaded: 0,
      creditedUploaded: 0,
      creditedDownloaded: 0,
      seedSeconds: 0,
      leechSeconds: 0,
      completions,
    };
  }
  const actualUploaded = transferDelta(report.uploaded, previous.uploaded);
  const actualDownloaded = transferDelta(report.downloaded, previous.downloaded);
  const seconds = creditedSeconds(report.nowMs - previous.lastAnnounceMs, announceIntervalSeconds);
  return {
    actualUploaded,
    actualDownloaded,
    creditedUploaded: credit(actualUploaded, factors.uploadFactor),
    creditedDownloaded: credit(actualDownloaded, factors.downloadFactor),
    seedSeconds: previous.seeding ? seconds : 0,
    leechSeconds: previous.seeding ? 0 : seconds,
    completions,
  };
}
