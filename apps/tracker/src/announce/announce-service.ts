// The announce and scrape paths shared by HTTP and UDP: parsed request → cached
// contexts (PostgreSQL only on a cache miss, and only a few misses a second per source
// address) → passkey, then tenant rate limit → tracker-core's decision with its one
// store round trip → an answer. Scrapes answer from the caches alone. Transports only
// parse and encode.
import type { AnnounceParams, AnnounceRequest } from '@swarmhost/bittorrent/announce';
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
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly retryInSeconds?: number };

/** A refusal the service answers the same way every time (shared, never mutated). */
export interface StockRefusal {
  readonly ok: false;
  readonly code: 'rate_limited' | 'passkey_rate_limited';
  readonly reason: string;
  readonly retryInSeconds?: number;
}

/**
 * The budget gate's verdict before the query is parsed: `GATE_PASSED` (the passkey's and
 * the community's tokens are taken: call `announce` with `gated`), `GATE_UNDECIDED`
 * (member or tenant not in the caches: `announce` checks everything), or a stock refusal.
 */
export const GATE_PASSED = 'passed';
export const GATE_UNDECIDED = 'undecided';
export type GateVerdict = typeof GATE_PASSED | typeof GATE_UNDECIDED | StockRefusal;

export type ScrapeOutcome =
  | { readonly ok: true; readonly files: Map<string, SwarmCounts> }
  | { readonly ok: false; readonly code: string; readonly reason: string };

export interface AnnounceServiceOptions {
  readonly cache: ContextCache;
  readonly core: TrackerCoreOptions;
  /** Keyed by tenant id (plan's announcesPerSecond). */
  readonly tenantLimiter: RateLimiter;
  /** Keyed by passkey (the tenant setting announceRateLimitPerSecond); announces and scrapes. */
  readonly passkeyLimiter: RateLimiter;
  /** Keyed by client address: lookups that miss the caches and go to PostgreSQL. */
  readonly missLimiter: RateLimiter;
  /** Pool-wide cache misses a second one address may cause (TRACKER_CACHE_MISSES_PER_ADDRESS). */
  readonly missesPerAddressPerSecond: number;
  readonly metrics: WorkerMetrics;
  readonly events: EventCollector;
  /**
   * Makes everything the swarm's store booked so far durable (memory store: a
   * group-committed flush by the swarm's owner worker). Awaited before answering a peer's last word, `stopped` or `completed`; when
   * it fails the client is told to retry rather than given an answer that could be lost.
   */
  readonly durable?: (tenantId: string, infoHash: string) => Promise<unknown>;
}

const NOT_DURABLE = 'tracker cannot record this right now: announce again in a minute';

const UNKNOWN_TENANT = '-';
/** How long a client over its community's announce budget is asked to wait. */
export const OVER_BUDGET_RETRY_SECONDS = 60;
const TOO_MANY_MISSES = 'too many unknown passkeys or torrents from your address: check your .torrent and retry in a minute';

function isPromise<T>(value: Lookup<T>): value is Promise<T | undefined> {
  return value instanceof Promise;
}

export function refusal(code: string, reason: string): { ok: false; code: string; reason: string } {
  return { ok: false, code, reason };
}

/** Stock refusals kept per limit value at most; more distinct values than this is not a real pool. */
const STOCK_REFUSALS_KEPT = 1000;

function stockRefusal(cache: Map<number, StockRefusal>, limit: number, make: (limit: number) => StockRefusal): StockRefusal {
  let refusal = cache.get(limit);
  if (refusal === undefined) {
    if (cache.size >= STOCK_REFUSALS_KEPT) cache.clear();
    refusal = make(limit);
    cache.set(limit, refusal);
  }
  return refusal;
}

const overBudgetRefusal = (perSecond: number): StockRefusal => ({
  ok: false,
  code: 'rate_limited',
  reason: `tracker busy for this community (over its ${perSecond} announces a second): retry in ${OVER_BUDGET_RETRY_SECONDS} seconds, nothing is lost`,
  retryInSeconds: OVER_BUDGET_RETRY_SECONDS,
});

const passkeyLimitedRefusal = (perSecond: number): StockRefusal => ({
  ok: false,
  code: 'passkey_rate_limited',
  reason: `too many announces from your passkey: at most ${perSecond} a second`,
});

/**
 * Whether an announce query may be a peer's last word (`event=stopped` or
 * `event=completed`), without parsing it: the parser reads the name and value literally,
 * so every last word contains one of these strings (a false positive only costs the gate).
 */
export function mayBeLastWord(query: string): boolean {
  return query.includes('event=stopped') || query.includes('event=completed');
}

export class AnnounceService {
  private readonly overBudgetRefusals = new Map<number, StockRefusal>();
  private readonly passkeyRefusals = new Map<number, StockRefusal>();
  /** Announces refused over their community's budget since the last `takeOverBudgetCounts`, by tenant slug. */
  private overBudgetCounts = new Map<string, number>();

  constructor(private readonly options: AnnounceServiceOptions) {}

  /**
   * The passkey's limit and the community's budget, decided from the caches before the
   * query is parsed, so an announce over the budget costs two map lookups, two token
   * buckets and a shared answer: no parse, no swarm, no log line (counted instead, see
   * `takeOverBudgetCounts`). Same order and tokens as `announce`: the passkey first (a
   * member over their own limit must not spend the community's budget). Not for a query
   * that may be a last word (`mayBeLastWord`): those are never refused for the budget,
   * so `announce` decides them once parsed.
   */
  gate(passkey: string): GateVerdict {
    const { cache, core, tenantLimiter, passkeyLimiter } = this.options;
    const nowMs = core.clock();
    const member = cache.cachedMember(passkey, nowMs);
    if (member === undefined) return GATE_UNDECIDED;
    const tenant = cache.cachedTenant(member.tenantId, nowMs);
    if (tenant === undefined) return GATE_UNDECIDED;
    const perPasskey = tenant.settings.announceRateLimitPerSecond;
    if (!passkeyLimiter.take(passkey, perPasskey, nowMs)) {
      return this.failStock(tenant, stockRefusal(this.passkeyRefusals, perPasskey, passkeyLimitedRefusal));
    }
    if (!tenantLimiter.take(tenant.context.tenantId, tenant.announcesPerSecond, nowMs)) {
      const slug = tenant.context.slug;
      this.overBudgetCounts.set(slug, (this.overBudgetCounts.get(slug) ?? 0) + 1);
      return this.failStock(tenant, stockRefusal(this.overBudgetRefusals, tenant.announcesPerSecond, overBudgetRefusal));
    }
    return GATE_PASSED;
  }

  /** Announces refused over budget per tenant slug since the previous call (one log line a second, not one per refusal). */
  takeOverBudgetCounts(): Map<string, number> {
    const counts = this.overBudgetCounts;
    this.overBudgetCounts = new Map();
    return counts;
  }

  /** Records a request refused before it could be attributed (malformed, bad path). */
  malformed(code: string, reason: string): { ok: false; code: string; reason: string } {
    this.options.metrics.failed(UNKNOWN_TENANT, code);
    return refusal(code, reason);
  }

  /** `gated`: `gate` passed this announce just now (its tokens are taken). */
  async announce(passkey: string, params: AnnounceParams, client: ClientAddress, transport: 'http' | 'udp', gated = false): Promise<AnnounceOutcome> {
    const { cache, core, tenantLimiter, passkeyLimiter, metrics, events } = this.options;
    const startedAt = performance.now();
    const nowMs = core.clock();
    if (!gated && !cache.knowsPasskey(passkey, nowMs) && !this.mayMiss(client, nowMs)) return this.fail(undefined, 'miss_rate_limited', TOO_MANY_MISSES);
    const memberLookup = cache.member(passkey, nowMs);
    const member = isPromise(memberLookup) ? await memberLookup : memberLookup;
    if (member === undefined) return this.fail(undefined, 'unknown_passkey', 'unknown passkey: download the .torrent again from the site');
    const tenantLookup = cache.tenant(member.tenantId, nowMs);
    const tenant = isPromise(tenantLookup) ? await tenantLookup : tenantLookup;
    // The passkey first: a member over their own limit must not spend the community's budget.
    if (!gated && tenant !== undefined && !passkeyLimiter.take(passkey, tenant.settings.announceRateLimitPerSecond, nowMs)) {
      return this.failStock(tenant, stockRefusal(this.passkeyRefusals, tenant.settings.announceRateLimitPerSecond, passkeyLimitedRefusal));
    }
    // Over the plan's budget: told to come back (BEP 31 `retry in`), nothing booked, so the
    // next announce carries the same totals and the peer, well inside its TTL, stays. A
    // peer's last word (stopped, completed) is never refused for the budget: clients do
    // not reliably resend it, and its credit would be lost.
    if (!gated && tenant !== undefined && !tenantLimiter.take(tenant.context.tenantId, tenant.announcesPerSecond, nowMs) && params.event !== 'stopped' && params.event !== 'completed') {
      const slug = tenant.context.slug;
      this.overBudgetCounts.set(slug, (this.overBudgetCounts.get(slug) ?? 0) + 1);
      return this.failStock(tenant, stockRefusal(this.overBudgetRefusals, tenant.announcesPerSecond, overBudgetRefusal));
    }
    let torrent: TorrentContext | undefined;
    if (tenant !== undefined && tenant.context.status === 'active' && member.status === 'active') {
      if (!cache.knowsTorrent(member.tenantId, params.infoHash, nowMs) && !this.mayMiss(client, nowMs)) {
        return this.fail(tenant, 'miss_rate_limited', TOO_MANY_MISSES);
      }
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
        request: announceRequest(params, transport, passkey, client),
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
    if (this.options.durable !== undefined && member !== undefined && (params.event === 'stopped' || params.event === 'completed')) {
      try {
        await this.options.durable(member.tenantId, params.infoHash);
      } catch {
        // The deltas stay booked in memory for the next flush; only the answer is withheld.
        return this.fail(tenant, 'not_durable', NOT_DURABLE);
      }
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

  async scrape(passkey: string, infoHashes: readonly string[], client: ClientAddress, transport: 'http' | 'udp'): Promise<ScrapeOutcome> {
    const { cache, core, metrics, passkeyLimiter } = this.options;
    const nowMs = core.clock();
    if (!cache.knowsPasskey(passkey, nowMs) && !this.mayMiss(client, nowMs)) return this.fail(undefined, 'miss_rate_limited', TOO_MANY_MISSES);
    const memberLookup = cache.member(passkey, nowMs);
    const member = isPromise(memberLookup) ? await memberLookup : memberLookup;
    const tenantLookup = member === undefined ? undefined : cache.tenant(member.tenantId, nowMs);
    const tenant = isPromise(tenantLookup) ? await tenantLookup : tenantLookup;
    const access = checkAccess(tenant?.context, member);
    if ('ok' in access) return this.fail(tenant, access.code, access.failureReason);
    if (tenant !== undefined && !passkeyLimiter.take(passkey, tenant.settings.announceRateLimitPerSecond, nowMs)) {
      return this.fail(tenant, 'passkey_rate_limited', `too many requests from your passkey: at most ${tenant.settings.announceRateLimitPerSecond} a second`);
    }
    // BEP 48 lists only files the tracker serves: approved torrents of this tenant. From
    // the caches alone (bulk-loaded, kept current by invalidations): a scrape of unknown
    // hashes costs no PostgreSQL query.
    const served: string[] = [];
    for (const infoHash of infoHashes) {
      const torrent = cache.cachedTorrent(access.tenant.tenantId, infoHash);
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

  /** Takes one of the address's cache-miss tokens; false when it has none left. */
  private mayMiss(client: ClientAddress, nowMs: number): boolean {
    return this.options.missLimiter.take(client.ip, this.options.missesPerAddressPerSecond, nowMs);
  }

  private failStock(tenant: TenantEntry, refusal: StockRefusal): StockRefusal {
    this.options.metrics.failed(tenant.context.slug, refusal.code);
    this.options.events.failure(tenant.context.tenantId, refusal.code);
    return refusal;
  }

  private fail(tenant: TenantEntry | undefined, code: string, reason: string): { ok: false; code: string; reason: string } {
    this.options.metrics.failed(tenant?.context.slug ?? UNKNOWN_TENANT, code);
    if (tenant !== undefined) this.options.events.failure(tenant.context.tenantId, code);
    return refusal(code, reason);
  }
}

/**
 * The core's view of one announce, field by field: every AnnounceParams key is required,
 * so a new one fails to compile here rather than being dropped. The address is always
 * the connection's (a query's own `ip` never reaches the core). Not `{ ...params, … }`:
 * on Node 20 that is a runtime copy of ~3 µs per announce.
 */
function announceRequest(params: AnnounceParams, transport: 'http' | 'udp', passkey: string, client: ClientAddress): AnnounceRequest {
  return {
    infoHash: params.infoHash,
    peerId: params.peerId,
    port: params.port,
    uploaded: params.uploaded,
    downloaded: params.downloaded,
    left: params.left,
    event: params.event,
    numwant: params.numwant,
    key: params.key,
    compact: params.compact,
    noPeerId: params.noPeerId,
    trackerId: params.trackerId,
    transport,
    passkey,
    ip: client.ip,
    ipFamily: client.family,
  };
}
