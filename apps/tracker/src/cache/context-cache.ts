// Per-worker caches of what every announce needs (passkey → member, (tenant, info hash)
// → torrent, tenant → settings), bulk-loaded at start so the hot path answers from
// memory; only an unknown key reaches PostgreSQL, once, then sits in a negative cache.
import type { MemberContext, TorrentContext } from '@swarmhost/tracker-core';
import type { ContextRows, MemberRow, TenantRow, TorrentRow } from './context-rows';
import { NegativeCache } from './negative-cache';
import { buildTenantEntry, tenantEntryFromRow, type TenantEntry } from './tenant-entry';

interface MemberEntry {
  context: MemberContext;
  passkey: string;
  /** ms since the epoch until which personal freeleech applies; 0 when none. */
  freeleechUntilMs: number;
  /** When each hit-and-run warning in force ends (ms), soonest first: one ending lowers the count by itself. */
  warningExpiriesMs: number[];
}

export interface ContextCacheOptions {
  readonly rows: ContextRows;
  readonly negativeTtlMs?: number;
  readonly negativeMaxEntries?: number;
  readonly onError?: (message: string, error: unknown) => void;
  /** Called for every query a cache miss sends to PostgreSQL (metrics, tests). */
  readonly onMissLoad?: () => void;
}

export type Lookup<T> = T | undefined | Promise<T | undefined>;

function memberEntry(row: MemberRow, nowMs: number): MemberEntry {
  const freeleechUntilMs = row.personal_freeleech_until?.getTime() ?? 0;
  const warningExpiriesMs = row.hit_and_run_expiries.map(Number).filter((endsMs) => endsMs > nowMs);
  return {
    passkey: row.passkey,
    freeleechUntilMs,
    warningExpiriesMs,
    context: {
      tenantId: row.tenant_id,
      memberId: row.id,
      status: row.status === 'active' ? 'active' : 'disabled',
      ...(row.status === 'pending'
        ? { disabledReason: 'account awaiting approval by staff' }
        : row.disabled_reason !== null
          ? { disabledReason: row.disabled_reason }
          : {}),
      personalFreeleech: freeleechUntilMs > nowMs,
      canDownload: row.can_download,
      ...(row.freeleech_torrent_ids.length > 0 ? { freeleechTorrentIds: new Set(row.freeleech_torrent_ids) } : {}),
      ...(warningExpiriesMs.length > 0 ? { activeHitAndRunWarnings: warningExpiriesMs.length } : {}),
    },
  };
}

function torrentContext(row: TorrentRow): TorrentContext {
  return {
    tenantId: row.tenant_id,
    torrentId: row.id,
    infoHash: row.info_hash,
    status: row.status,
    ...(row.status_reason !== null ? { statusReason: row.status_reason } : {}),
    freeleechPercent: [0, 25, 50, 75, 100].includes(row.freeleech_percent)
      ? (row.freeleech_percent as TorrentContext['freeleechPercent'])
      : 0,
    doubleUpload: row.double_upload,
  };
}

export class ContextCache {
  private readonly members = new Map<string, MemberEntry>();
  private readonly passkeyByMemberId = new Map<string, string>();
  private readonly torrents = new Map<string, Map<string, TorrentContext>>();
  private readonly tenants = new Map<string, TenantEntry>();
  private readonly unknownPasskeys: NegativeCache;
  private readonly unknownTorrents: NegativeCache;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Bumped by every invalidation: a miss load that overlapped one may be stale, so it is not cached. */
  private generation = 0;
  private readonly rows: ContextRows;
  private readonly onError: (message: string, error: unknown) => void;
  private readonly onMissLoad: () => void;
  /** Queries cache misses sent to PostgreSQL since start. */
  missLoads = 0;

  constructor(options: ContextCacheOptions) {
    this.rows = options.rows;
    this.unknownPasskeys = new NegativeCache(options.negativeTtlMs ?? 5000, options.negativeMaxEntries ?? 100_000);
    this.unknownTorrents = new NegativeCache(options.negativeTtlMs ?? 5000, options.negativeMaxEntries ?? 100_000);
    this.onError = options.onError ?? (() => undefined);
    this.onMissLoad = options.onMissLoad ?? (() => undefined);
  }

  /** Whether `member(passkey)` answers from memory (known, or known to be unknown). */
  knowsPasskey(passkey: string, nowMs: number): boolean {
    return this.members.has(passkey) || this.unknownPasskeys.has(passkey, nowMs);
  }

  /** Whether `torrent(tenantId, infoHash)` answers from memory. */
  knowsTorrent(tenantId: string, infoHash: string, nowMs: number): boolean {
    return this.torrents.get(tenantId)?.has(infoHash) === true || this.unknownTorrents.has(`${tenantId}:${infoHash}`, nowMs);
  }

  /** Loads every tenant, member and torrent; called at start and as a safety net. */
  async loadAll(nowMs = Date.now()): Promise<{ tenants: number; members: number; torrents: number }> {
    const [tenants, members, torrents] = await Promise.all([
      this.rows.allTenants(),
      this.rows.allMembers(),
      this.rows.allTorrents(),
    ]);
    for (const row of tenants) this.putTenant(row);
    for (const row of members) this.putMember(row, nowMs);
    for (const row of torrents) this.putTorrent(row);
    return { tenants: tenants.length, members: members.length, torrents: torrents.length };
  }

  member(passkey: string, nowMs: number): Lookup<MemberContext> {
    const entry = this.members.get(passkey);
    if (entry !== undefined) {
      if (entry.context.personalFreeleech && entry.freeleechUntilMs <= nowMs) {
        entry.context = { ...entry.context, personalFreeleech: false };
      }
      const firstExpiry = entry.warningExpiriesMs[0];
      if (firstExpiry !== undefined && firstExpiry <= nowMs) {
        // A warning ended by itself: count only those still in force.
        entry.warningExpiriesMs = entry.warningExpiriesMs.filter((endsMs) => endsMs > nowMs);
        entry.context = { ...entry.context, activeHitAndRunWarnings: entry.warningExpiriesMs.length };
      }
      return entry.context;
    }
    if (this.unknownPasskeys.has(passkey, nowMs)) return undefined;
    const generation = this.generation;
    return this.once(`p:${passkey}`, async () => {
      this.countMissLoad();
      const row = await this.rows.memberByPasskey(passkey);
      const fresh = generation === this.generation;
      if (row === undefined) {
        if (fresh) this.unknownPasskeys.add(passkey, Date.now());
        return undefined;
      }
      return fresh ? this.putMember(row, Date.now()).context : memberEntry(row, Date.now()).context;
    });
  }

  /** The member when cached; undefined otherwise (never a PostgreSQL lookup). */
  cachedMember(passkey: string, nowMs: number): MemberContext | undefined {
    return this.members.has(passkey) ? (this.member(passkey, nowMs) as MemberContext) : undefined;
  }

  /** The tenant when cached; undefined otherwise (never a PostgreSQL lookup). */
  cachedTenant(tenantId: string, nowMs: number): TenantEntry | undefined {
    return this.tenants.has(tenantId) ? (this.tenant(tenantId, nowMs) as TenantEntry) : undefined;
  }

  torrent(tenantId: string, infoHash: string, nowMs: number): Lookup<TorrentContext> {
    const cached = this.torrents.get(tenantId)?.get(infoHash);
    if (cached !== undefined) return cached;
    const key = `${tenantId}:${infoHash}`;
    if (this.unknownTorrents.has(key, nowMs)) return undefined;
    const generation = this.generation;
    return this.once(`t:${key}`, async () => {
      this.countMissLoad();
      const row = await this.rows.torrent(tenantId, infoHash);
      const fresh = generation === this.generation;
      if (row === undefined) {
        if (fresh) this.unknownTorrents.add(key, Date.now());
        return undefined;
      }
      return fresh ? this.putTorrent(row) : torrentContext(row);
    });
  }

  /** Torrents already cached (scrape answers only about known ones, never waits). */
  cachedTorrent(tenantId: string, infoHash: string): TorrentContext | undefined {
    return this.torrents.get(tenantId)?.get(infoHash);
  }

  tenant(tenantId: string, nowMs: number): Lookup<TenantEntry> {
    const cached = this.tenants.get(tenantId);
    if (cached !== undefined) {
      if (cached.freeleechEndsAtMs > nowMs) return cached;
      // The freeleech event ended by itself: rebuild the context without it.
      const row = { id: tenantId, slug: cached.context.slug, status: cached.context.status };
      const rebuilt = buildTenantEntry(
        { ...row, suspended_reason: cached.suspendedReason ?? null },
        cached.settings,
        cached.announcesPerSecond,
        new Date(nowMs),
      );
      this.tenants.set(tenantId, rebuilt);
      return rebuilt;
    }
    return this.once(`n:${tenantId}`, async () => {
      const row = await this.rows.tenant(tenantId);
      return row === undefined ? undefined : this.putTenant(row);
    });
  }

  tenantIds(): IterableIterator<string> {
    return this.tenants.keys();
  }

  /** A passkey was rotated or revoked: forget it at once (a stale entry would admit it). */
  dropPasskey(passkey: string): void {
    this.generation += 1;
    const entry = this.members.get(passkey);
    this.members.delete(passkey);
    if (entry !== undefined && this.passkeyByMemberId.get(entry.context.memberId) === passkey) {
      this.passkeyByMemberId.delete(entry.context.memberId);
    }
    this.unknownPasskeys.delete(passkey);
  }

  /** A member changed: drop the cached copy, then reload it (a new passkey is learnt). */
  async refreshMember(memberId: string): Promise<void> {
    const passkey = this.passkeyByMemberId.get(memberId);
    if (passkey !== undefined) this.dropPasskey(passkey);
    const row = await this.rows.memberById(memberId);
    if (row === undefined) return;
    this.dropPasskey(row.passkey);
    this.putMember(row, Date.now());
  }

  async refreshTorrent(tenantId: string, infoHash: string): Promise<void> {
    this.generation += 1;
    this.torrents.get(tenantId)?.delete(infoHash);
    this.unknownTorrents.delete(`${tenantId}:${infoHash}`);
    const row = await this.rows.torrent(tenantId, infoHash);
    if (row !== undefined) this.putTorrent(row);
  }

  /**
   * Reloads a tenant; 'gone' when its row no longer exists (deleted): then its members
   * and torrents are forgotten too, so its passkeys fall to the negative cache.
   */
  async refreshTenant(tenantId: string): Promise<'present' | 'gone'> {
    this.generation += 1;
    const row = await this.rows.tenant(tenantId);
    if (row !== undefined) {
      this.putTenant(row);
      return 'present';
    }
    this.generation += 1;
    this.tenants.delete(tenantId);
    this.torrents.delete(tenantId);
    for (const [passkey, entry] of this.members) {
      if (entry.context.tenantId !== tenantId) continue;
      this.members.delete(passkey);
      this.passkeyByMemberId.delete(entry.context.memberId);
    }
    return 'gone';
  }

  /** After a reconnect to Redis, messages may have been missed: forget every miss. */
  clearNegatives(): void {
    this.unknownPasskeys.clear();
    this.unknownTorrents.clear();
  }

  private putMember(row: MemberRow, nowMs: number): MemberEntry {
    const entry = memberEntry(row, nowMs);
    const previousPasskey = this.passkeyByMemberId.get(row.id);
    if (previousPasskey !== undefined && previousPasskey !== row.passkey) this.members.delete(previousPasskey);
    this.members.set(row.passkey, entry);
    this.passkeyByMemberId.set(row.id, row.passkey);
    this.unknownPasskeys.delete(row.passkey);
    return entry;
  }

  private putTorrent(row: TorrentRow): TorrentContext {
    const context = torrentContext(row);
    let perTenant = this.torrents.get(row.tenant_id);
    if (perTenant === undefined) {
      perTenant = new Map();
      this.torrents.set(row.tenant_id, perTenant);
    }
    perTenant.set(row.info_hash, context);
    return context;
  }

  private putTenant(row: TenantRow): TenantEntry {
    const entry = tenantEntryFromRow(row, new Date(), (message) => this.onError(message, undefined));
    this.tenants.set(row.id, entry);
    return entry;
  }

  private countMissLoad(): void {
    this.missLoads += 1;
    this.onMissLoad();
  }

  /** One query per key at a time; a failed query is not cached and fails the request. */
  private once<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const running = this.inFlight.get(key) as Promise<T | undefined> | undefined;
    if (running !== undefined) return running;
    const promise = load()
      .catch((error: unknown) => {
        this.onError(`cache load failed for ${key}`, error);
        throw error;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }
}
