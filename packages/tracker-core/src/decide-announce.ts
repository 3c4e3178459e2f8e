// The announce decision, independent of transport (BEP 3, BEP 7, BEP 21, BEP 23):
// validate synchronously from cached contexts, then make the one store round trip.
import { checkAccess, checkTorrent, failure } from './access.js';
import type { AnnounceFailure } from './access.js';
import { creditFactors } from './accounting.js';
import { clientRefusal } from './client-filter.js';
import { jitteredInterval } from './interval.js';
import type { AnnounceRequest } from './protocol.js';
import type { StoreAnnounceInput, StoreAnnounceResult, SwarmStore } from './store.js';
import type { MemberContext, TenantContext, TorrentContext } from './types.js';

export interface TrackerCoreOptions {
  readonly store: SwarmStore;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** [0, 1), for interval jitter. */
  readonly random: () => number;
  /** Peers returned when the client does not say; default 50. */
  readonly defaultNumwant?: number;
  /** Hard cap on numwant; default 80. */
  readonly maxNumwant?: number;
}

export interface AnnounceDecisionInput {
  readonly request: AnnounceRequest;
  /** The client's address and port, compact-encoded by the caller (6 or 18 bytes). */
  readonly compactAddress: Buffer;
  /** Resolved by the caller from its caches; undefined when unknown. */
  readonly tenant: TenantContext | undefined;
  readonly member: MemberContext | undefined;
  readonly torrent: TorrentContext | undefined;
}

export interface AnnounceSuccess {
  readonly ok: true;
  /** Seconds, jittered ±10%. */
  readonly interval: number;
  readonly minInterval: number;
  readonly complete: number;
  readonly incomplete: number;
  /** BEP 21: incomplete peers that are not partial seeds. */
  readonly downloaders: number;
  readonly downloaded: number;
  readonly peers4: Buffer;
  readonly peers6: Buffer;
  readonly store: StoreAnnounceResult;
}

export type AnnounceDecision = AnnounceSuccess | AnnounceFailure;

export const DEFAULT_NUMWANT = 50;
export const MAX_NUMWANT = 80;

/** The store input for an announce that passes every check, or why it fails. */
export function validateAnnounce(
  input: AnnounceDecisionInput,
  options: Pick<TrackerCoreOptions, 'clock' | 'defaultNumwant' | 'maxNumwant'>,
): AnnounceFailure | StoreAnnounceInput {
  const { request } = input;
  const access = checkAccess(input.tenant, input.member);
  if ('ok' in access) return access;
  const { tenant, member } = access;
  const torrent = checkTorrent(tenant, request.infoHash, input.torrent);
  if ('ok' in torrent) return torrent;
  const settings = tenant.settings;
  const clientFailure = clientRefusal(request.peerId, settings.clientAllowList, settings.clientDenyList);
  if (clientFailure !== undefined) return failure('client_banned', clientFailure);
  if (member.canDownload === false && request.left > 0 && request.event !== 'stopped') {
    return failure('download_disabled', 'your download privileges are disabled: you may only seed');
  }
  const warnings = member.activeHitAndRunWarnings ?? 0;
  const warningLimit = settings.hitAndRunWarningLimit;
  if (warningLimit !== undefined && warnings >= warningLimit && request.left > 0 && request.event !== 'stopped') {
    return failure('download_disabled', `downloads disabled: ${warnings} active hit-and-run warning${warnings === 1 ? '' : 's'}`);
  }
  const maxNumwant = options.maxNumwant ?? MAX_NUMWANT;
  const asked = request.numwant ?? options.defaultNumwant ?? DEFAULT_NUMWANT;
  return {
    tenantId: tenant.tenantId,
    infoHash: request.infoHash,
    memberId: member.memberId,
    peerId: request.peerId,
    compactAddress: input.compactAddress,
    uploaded: Math.min(request.uploaded, Number.MAX_SAFE_INTEGER),
    downloaded: Math.min(request.downloaded, Number.MAX_SAFE_INTEGER),
    left: request.left,
    event: request.event,
    numwant: request.event === 'stopped' ? 0 : Math.max(0, Math.min(asked, maxNumwant)),
    nowMs: options.clock(),
    intervalSeconds: settings.announceIntervalSeconds,
    minIntervalSeconds: settings.minAnnounceIntervalSeconds,
    peerTtlSeconds: settings.peerTtlSeconds,
    maxPeersPerMember: settings.maxPeersPerMemberTorrent,
    creditFactors: creditFactors(torrent, tenant, member),
    maxBytesPerSecond: settings.maxSpeedBytesPerSecond,
  };
}

export async function decideAnnounce(
  input: AnnounceDecisionInput,
  options: TrackerCoreOptions,
): Promise<AnnounceDecision> {
  const validated = validateAnnounce(input, options);
  if ('ok' in validated) return validated;
  const result = await options.store.announce(validated);
  if (result.refused === 'min_interval') {
    return failure(
      'min_interval',
      `announcing too often: wait at least ${validated.minIntervalSeconds} seconds between announces`,
    );
  }
  if (result.refused === 'too_many_peers') {
    return failure(
      'too_many_peers',
      `too many clients on this torrent: at most ${validated.maxPeersPerMember} per member, stop one first`,
    );
  }
  return {
    ok: true,
    interval: jitteredInterval(validated.intervalSeconds, validated.minIntervalSeconds, options.random),
    minInterval: validated.minIntervalSeconds,
    complete: result.complete,
    incomplete: result.incomplete,
    downloaders: result.downloaders,
    downloaded: result.downloaded,
    peers4: result.peers4,
    peers6: result.peers6,
    store: result,
  };
}
