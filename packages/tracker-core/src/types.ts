// What the caller (apps/tracker) resolves from its caches before asking for a decision:
// who announces (member), in which community (tenant) and about what (torrent).

export interface MemberContext {
  readonly tenantId: string;
  readonly memberId: string;
  readonly status: 'active' | 'disabled';
  readonly disabledReason?: string;
  /** Already resolved by the caller from freeleech tokens / personal freeleech windows. */
  readonly personalFreeleech: boolean;
  /** False when staff revoked download rights; the member may still seed. */
  readonly canDownload?: boolean;
  /** Torrents (ids) the member spent a freeleech token on: their download there is not counted. */
  readonly freeleechTorrentIds?: ReadonlySet<string>;
  /** Hit-and-run warnings in force (not expired, not pardoned); see TenantTrackerSettings.hitAndRunWarningLimit. */
  readonly activeHitAndRunWarnings?: number;
}

export type FreeleechPercent = 0 | 25 | 50 | 75 | 100;

export interface TorrentContext {
  readonly tenantId: string;
  readonly torrentId: string;
  /** 40 lowercase hex characters. */
  readonly infoHash: string;
  readonly status: 'approved' | 'pending' | 'rejected' | 'deleted';
  readonly statusReason?: string;
  readonly freeleechPercent: FreeleechPercent;
  readonly doubleUpload: boolean;
}

export interface FreeleechEvent {
  readonly active: boolean;
  readonly percent: FreeleechPercent;
  readonly doubleUpload: boolean;
}

export interface TenantTrackerSettings {
  readonly announceIntervalSeconds: number;
  readonly minAnnounceIntervalSeconds: number;
  /** A peer that has not announced for this long is dropped from its swarm. */
  readonly peerTtlSeconds: number;
  /** Clients (peers) one member may run on one torrent at the same time. */
  readonly maxPeersPerMemberTorrent: number;
  /** The fastest one peer may plausibly move data, each way; reported transfer beyond it is not credited. */
  readonly maxSpeedBytesPerSecond: number;
  /** peer_id prefixes as ASCII, e.g. '-qB', '-TR'; empty allows every client not denied. */
  readonly clientAllowList: readonly string[];
  readonly clientDenyList: readonly string[];
  readonly freeleechEvent: FreeleechEvent;
  /** With this many active hit-and-run warnings a member may only seed; undefined when hit-and-run is off. */
  readonly hitAndRunWarningLimit?: number;
}

export interface TenantContext {
  readonly tenantId: string;
  readonly slug: string;
  readonly status: 'active' | 'suspended';
  readonly settings: TenantTrackerSettings;
}
