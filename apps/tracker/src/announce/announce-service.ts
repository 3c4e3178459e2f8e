// The announce and scrape paths shared by HTTP and UDP: parsed request → cached
// contexts (PostgreSQL only on a cache miss) → tenant rate limit → tracker-core's
// decision with its one store round trip → an answer. Transports only parse and encode.
import type { AnnounceParams } from '@swarmhost/bittorrent/announce';
import { encodeCompactPeer } from '@swarmhost/bittorrent/announce';
import type { SwarmCounts, TorrentContext, TrackerCoreOptions } from '@swarmhost/tracker-core';
import { checkAccess, checkTorrent, decideAnnounce } from '@swarmhost/tracker-core';
import type { ContextCache, Lookup } from '../cache/context-cache';
import type { TenantEntry } from '../cache/tenant-entry';
import type { EventCollector } from '../events/live-events';
import type { ClientAddress } from '../http/client-address';
import type { WorkerMetrics } from '../metrics/metrics';
import type { RateLimiter } from './rate-limiter';

/** What a transport encodes: peers or a failure with a reason code for metrics. */
export type AnnounceOutcome =
  | {
      readonly ok: true;
      readonly interval: number;
      readonly minInterval: number;
      readonly complete: number;
      readonly incomplete: number;
      readonly downloaded: number;
      readonly peers4: Buffer;
      readonly peers6: Buffer;
    }
  | { readonly ok: false; readonly code: string; readonly reason: string };

export type ScrapeOutcome =
  | { readonly ok: true; readonly files: Map<string, SwarmCounts> }
  | { readonly ok: false; readonly code: string; readonly reason: string };

export interface AnnounceServiceOptions {
  readonly cache: ContextCache;
  readonly core: TrackerCoreOptions;
  /** Keyed by tenant id (plan's announcesPerSecond). */
  readonly tenantLimiter: RateLimiter;
  /** Keyed by passkey (the tenant setting announceRateLimitPerSecond). */
  readonly passkeyLimiter: RateLimiter;
  readonly metrics: WorkerMetrics;
  readonly events: EventCollector;
}

const UNKNOWN_TENANT = '-';

function isPromise<T>(value: Lookup<T>): value is Promise<T | undefined> {
  return value instanceof Promise;
}

export function refusal(code: string, reason: string): { ok: false; code: string; reason: string } {
  return { ok: false, code, reason };
}

export class AnnounceService {
  constructor(private readonly options: AnnounceServiceOptions) {}

  /** Records a request refused before it could be attributed (malformed, bad path). */
  malformed(code: string, reason: string): { ok: false; code: string; reason: string } {
    this.options.metrics.failed(UNKNOWN_TENANT, code);
    return refusal(code, reason);
  }

  async announce(passkey: string, params: AnnounceParams, client: ClientAddress, transport: 'http' | 'udp'): Promise<AnnounceOutcome> {
    const { cache, core, tenantLimiter, passkeyLimiter, metrics, events } = this.options;
    const startedAt = performance.now();
    const nowMs = core.clock();
    const memberLookup = cache.member(passkey, nowMs);
    const member = isPromise(memberLookup) ? await memberLookup : memberLookup;
    if (member === undefined) return this.fail(undefined, 'unknown_passkey', 'unknown passkey: download the .torrent again from the site');
    const tenantLookup = cache.tenant(member.tenantId, nowMs);
    const tenant = isPromise(tenantLookup) ? await tenantLookup : tenantLookup;
    // The passkey first: a member over their own limit must not spend the community's budget.
    if (tenant !== undefined && !passkeyLimiter.take(passkey, tenant.settings.announceRateLimitPerSecond, nowMs)) {
      return this.fail(tenant, 'passkey_rate_limited', `too many announces from your passkey: at most ${tenant.settings.announceRateLimitPerSecond} a second`);
    }
    if (tenant !== undefined && !tenantLimiter.take(tenant.context.tenantId, tenant.announcesPerSecond, nowMs)) {
      return this.fail(tenant, 'rate_limited', 'tracker busy for this community: announce again in a minute');
    }
    let torrent: TorrentContext | undefined;
    if (tenant !== undefined && tenant.context.status === 'active' && member.status === 'active') {
      const torrentLookup = cache.torrent(member.tenantId, params.infoHash, nowMs);
      torrent = isPromise(torrentLookup) ? await torrentLookup : torrentLookup;
    }
    let compactAddress: Buffer;
    try {
      compactAddress = encodeCompactPeer(client.ip, params.port);
    } catch {
      return this.fail(tenant, 'malformed', `invalid port ${params.port}: use 1-65535`);
    }
    const decision = await decideAnnounce(
      {
        request: { ...params, transport, passkey, ip: client.ip, ipFamily: client.family },
        compactAddress,
        tenant: tenant?.context,
        member,
        torrent,
      },
      core,
    );
    if (!decision.ok) {
      const reason = decision.code === 'tenant_suspended' && tenant?.suspendedReason !== undefined
        ? `${decision.failureReason} (${tenant.suspendedReason})`
        : decision.failureReason;
      return this.fail(tenant, decision.code, reason);
    }
    const slug = tenant?.context.slug ?? UNKNOWN_TENANT;
    metrics.announced(slug, transport, (performance.now() - startedAt) / 1000);
    if (tenant !== undefined && torrent !== undefined) {
      events.announce(tenant.context.tenantId);
      events.swarm({
        tenantId: torrent.tenantId,
        torrentId: torrent.torrentId,
        infoHash: torrent.infoHash,
        seeders: decision.complete,
        leechers: decision.incomplete,
        timesCompleted: decision.downloaded,
        at: nowMs,
      });
    }
    return decision;
  }

  async scrape(passkey: string, infoHashes: readonly string[], transport: 'http' | 'udp'): Promise<ScrapeOutcome> {
    const { cache, core, metrics } = this.options;
    const nowMs = core.clock();
    const memberLookup = cache.member(passkey, nowMs);
    const member = isPromise(memberLookup) ? await memberLookup : memberLookup;
    const tenantLookup = member === undefined ? undefined : cache.tenant(member.tenantId, nowMs);
    const tenant = isPromise(tenantLookup) ? await tenantLookup : tenantLookup;
    const access = checkAccess(tenant?.context, member);
    if ('ok' in access) return this.fail(tenant, access.code, access.failureReason);
    // BEP 48 lists only files the tracker serves: approved torrents of this tenant.
    const served: string[] = [];
    for (const infoHash of infoHashes) {
      const lookup = cache.torrent(access.tenant.tenantId, infoHash, nowMs);
      const torrent = isPromise(lookup) ? await lookup : lookup;
      if (!('ok' in checkTorrent(access.tenant, infoHash, torrent))) served.push(infoHash);
    }
    const files =
      served.length === 0
        ? new Map<string, SwarmCounts>()
        : await core.store.scrape({
            tenantId: access.tenant.tenantId,
            infoHashes: served,
            nowMs,
            peerTtlSeconds: access.tenant.settings.peerTtlSeconds,
          });
    metrics.scraped(access.tenant.slug, transport);
    return { ok: true, files };
  }

  private fail(tenant: TenantEntry | undefined, code: string, reason: string): { ok: false; code: string; reason: string } {
    this.options.metrics.failed(tenant?.context.slug ?? UNKNOWN_TENANT, code);
    if (tenant !== undefined) this.options.events.failure(tenant.context.tenantId, code);
    return refusal(code, reason);
  }
}
