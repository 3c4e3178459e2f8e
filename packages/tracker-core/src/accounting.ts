// Ratio accounting for one announce, with Ocelot/UNIT3D semantics: what a peer moved
// since its previous announce (BEP 3 totals are per client session), what the member
// is credited after freeleech and double upload, and how long it seeded or leeched.
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

/** The member's side of freeleech: a personal period, and the torrents they spent a token on. */
export type MemberFreeleech = Pick<MemberContext, 'personalFreeleech' | 'freeleechTorrentIds'>;

/**
 * The strongest freeleech that applies: torrent, an active tenant event, or the member's
 * own (100) — personal freeleech, or a freeleech token spent on this torrent.
 */
export function effectiveFreeleechPercent(
  torrent: Pick<TorrentContext, 'freeleechPercent'> & Partial<Pick<TorrentContext, 'torrentId'>>,
  tenant: TenantFreeleech,
  member: MemberFreeleech,
): number {
  if (member.personalFreeleech) return 100;
  if (torrent.torrentId !== undefined && member.freeleechTorrentIds?.has(torrent.torrentId) === true) return 100;
  const event = tenant.settings.freeleechEvent;
  const eventPercent = event.active ? event.percent : 0;
  return Math.max(torrent.freeleechPercent, eventPercent);
}

export function creditFactors(
  torrent: Pick<TorrentContext, 'freeleechPercent' | 'doubleUpload'> & Partial<Pick<TorrentContext, 'torrentId'>>,
  tenant: TenantFreeleech,
  member: MemberFreeleech,
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

/** Why an announce's reported transfer was not credited in full. */
export type FlagReason = 'speed' | 'no_leechers';

/** Flag reasons as numeric codes (0 = none). */
export const FLAG_REASON_CODES: Readonly<Record<FlagReason, number>> = { speed: 1, no_leechers: 2 };

/** A gap shorter than this counts as this long when bounding a transfer (`stopped` 8 ms after `started`). */
export const MIN_ELAPSED_MS = 1000;

/**
 * The most one peer can plausibly have moved, each way, in `gapMs` at the tenant's
 * maximum speed (gaps under a second count as one second), in whole bytes that stay
 * exact in a double. The Lua script computes it with the same operations.
 */
export function plausibleBytes(gapMs: number, maxBytesPerSecond: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.floor((Math.max(gapMs, MIN_ELAPSED_MS) / 1000) * maxBytesPerSecond));
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

/** What the store knows about the swarm and the tenant's limits for one announce. */
export interface AccountingRules {
  readonly announceIntervalSeconds: number;
  readonly factors: CreditFactors;
  /** The tenant's maximum plausible speed of one peer, each way. */
  readonly maxBytesPerSecond: number;
  /**
   * Another member had a downloader in the swarm between this peer's previous announce
   * and now (Ocelot/UNIT3D: upload to nobody is not upload). Stores may compute it
   * lazily: it is only read when the peer reports upload.
   */
  readonly otherLeechers: () => boolean;
  /** When any peer of this member last earned seed time on this torrent, if known. */
  readonly memberSeedAccruedMs?: number;
}

export interface AnnounceAccounting {
  /** Growth of the client's totals since its previous announce, as reported. */
  readonly reportedUploaded: number;
  readonly reportedDownloaded: number;
  /** What is believed: the reported growth bounded by speed, upload only to other members. */
  readonly actualUploaded: number;
  readonly actualDownloaded: number;
  readonly creditedUploaded: number;
  readonly creditedDownloaded: number;
  readonly seedSeconds: number;
  readonly leechSeconds: number;
  /** 1 when this announce completes the peer's download for the first time. */
  readonly completions: 0 | 1;
  /** Set when part of the reported transfer was not believed. */
  readonly flag?: FlagReason;
}

const BASELINE: AnnounceAccounting = {
  reportedUploaded: 0,
  reportedDownloaded: 0,
  actualUploaded: 0,
  actualDownloaded: 0,
  creditedUploaded: 0,
  creditedDownloaded: 0,
  seedSeconds: 0,
  leechSeconds: 0,
  completions: 0,
};

/**
 * Accounting for one announce of one peer.
 *
 * - A peer the store does not know (first announce, or back after being reaped) is
 *   baselined: its totals become the base and nothing is credited, as Ocelot does, so
 *   totals a reaped peer already reported are never counted twice.
 * - Each way, the growth counts up to `plausibleBytes` of the time since the peer's
 *   previous announce; upload counts only when another member was downloading in that
 *   time. Anything not believed flags the announce (`speed` before `no_leechers`).
 * - The time since the previous announce counts as seeding when that previous announce
 *   had `left == 0` (the state the peer told us it was in during the gap), else as
 *   leeching; a BEP 21 partial seed (`paused`, left > 0) therefore earns leech time.
 *   Seed time is counted once per member and torrent: a gap already covered by another
 *   of the member's peers (since `memberSeedAccruedMs`) earns nothing again.
 * - A completion counts once per peer, only when a known peer that had `left > 0`
 *   reports `left == 0`, whatever the event (aria2 `--seed-time=0` sends only
 *   `stopped`). A `completed` event from a new peer or with `left > 0` is not one.
 *   The flusher makes snatches unique per member.
 */
export function accountAnnounce(
  previous: PeerMemory | undefined,
  report: AnnounceReport,
  rules: AccountingRules,
): AnnounceAccounting {
  if (previous === undefined) return BASELINE;
  const finished = !previous.seeding && report.left === 0;
  const completions = finished && !previous.completionCounted ? 1 : 0;
  const gapMs = report.nowMs - previous.lastAnnounceMs;
  const bound = plausibleBytes(gapMs, rules.maxBytesPerSecond);
  const reportedUploaded = transferDelta(report.uploaded, previous.uploaded);
  const reportedDownloaded = transferDelta(report.downloaded, previous.downloaded);
  let flag: FlagReason | undefined;
  if (reportedUploaded > bound || reportedDownloaded > bound) flag = 'speed';
  const uploadBelieved = reportedUploaded === 0 || rules.otherLeechers();
  if (!uploadBelieved) flag ??= 'no_leechers';
  const actualUploaded = uploadBelieved ? Math.min(reportedUploaded, bound) : 0;
  const actualDownloaded = Math.min(reportedDownloaded, bound);
  let seedSeconds = 0;
  let leechSeconds = 0;
  if (previous.seeding) {
    const seedFromMs = Math.max(previous.lastAnnounceMs, rules.memberSeedAccruedMs ?? previous.lastAnnounceMs);
    seedSeconds = creditedSeconds(report.nowMs - seedFromMs, rules.announceIntervalSeconds);
  } else {
    leechSeconds = creditedSeconds(gapMs, rules.announceIntervalSeconds);
  }
  return {
    reportedUploaded,
    reportedDownloaded,
    actualUploaded,
    actualDownloaded,
    creditedUploaded: credit(actualUploaded, rules.factors.uploadFactor),
    creditedDownloaded: credit(actualDownloaded, rules.factors.downloadFactor),
    seedSeconds,
    leechSeconds,
    completions,
    ...(flag === undefined ? {} : { flag }),
  };
}
