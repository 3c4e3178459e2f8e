// What every procedure knows about its request: the site (tenant or console), who is
// signed in there, the client's address, and the services use cases need.
import { createHash } from 'node:crypto';
import type { RelyingParty } from '@swarmhost/auth/webauthn';
import {
  resolveMemberSession,
  resolveOperatorSession,
  type LivePeerSource,
  type LoginLimits,
  type MailTransport,
  type ResolvedSession,
  type SessionOperator,
} from '@swarmhost/domain';
import { publishInvalidation, type Invalidation, type LiveEmitter, type Publisher } from '@swarmhost/events';
import type { SearchGuard } from '@swarmhost/domain/plans/search-guard';
import type { SearchIndex } from '@swarmhost/search';
import type { Redis } from 'ioredis';
import { singleFlight } from './single-flight';
import { forgetTenantSites, resolveSite, type Site } from './site';
import type { PageCache } from './page-cache';

export const MEMBER_COOKIE = 'sh_session';
export const OPERATOR_COOKIE = 'sh_operator';

export interface ApiServices {
  redis: Redis;
  publisher: Publisher;
  mail: MailTransport;
  searchIndex: SearchIndex;
  baseDomain: string;
  protocol: 'http' | 'https';
  trackerBaseUrl: string;
  /** Where swarm peers are read; the tracker's persisted `peers` table when unset. */
  peerSource?: LivePeerSource;
  loginLimits: LoginLimits;
  /** Torrent list and search pages shared by a tenant's members for a moment (page-cache.ts); none: always read. */
  pageCache?: PageCache;
  /** Each tenant's search budget and per-process search concurrency (noisy neighbour); none: searches unlimited. */
  searchGuard?: SearchGuard;
  /** The gateways' emitter (@swarmhost/events/emitter) for the unread count after "mark read" (the worker sends notifications); none: no push. */
  liveEmitter?: LiveEmitter;
}

export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, expires: Date): void;
  clear(name: string): void;
}

export interface RequestInfo {
  host: string;
  ip: string;
  userAgent?: string;
}

export interface ApiContext {
  services: ApiServices;
  site: Site;
  request: RequestInfo;
  cookies: CookieJar;
  member: ResolvedSession | null;
  operator: SessionOperator | null;
  /** scheme://host[:port] of this site, for links in mails and WebAuthn origins. */
  siteUrl: string;
  /** The site's route already took this search from the tenant's budget (search-guard.ts). */
  searchBudgetTaken?: boolean;
}

/**
 * How long a process reuses a resolved member session. Every tRPC call needs the
 * session, and resolving it is a transaction of its own (set the tenant, read session
 * and member); browsing fires several calls a second. A logout, "log out everywhere",
 * a password change or a disabled member drops the member's entries at once in every
 * site process that hears the Redis invalidation ({ kind: 'member' }); without it
 * (a missed message, a reset by e-mail link) they take effect within this long.
 */
export const SESSION_CACHE_MS = 1000;
const SESSION_CACHE_MAX = 10_000;
const sessionCache = new Map<string, { session: ResolvedSession | null; at: number }>();
const lookUpSession = singleFlight(
  (asked: { key: string; tenantId: string; token: string }) => resolveMemberSession(asked.tenantId, asked.token),
  (asked) => asked.key,
);

/** Forgets a member's cached sessions (a logout here, or an invalidation from elsewhere). */
export function forgetMemberSessions(memberId: string): void {
  for (const [key, entry] of sessionCache) {
    if (entry.session?.member.id === memberId) sessionCache.delete(key);
  }
}

/** The member a session token signs in on a tenant (null: none), through the process's short cache. */
export async function cachedMemberSession(tenantId: string, token: string): Promise<ResolvedSession | null> {
  // Keyed by a hash: the cache never holds a usable cookie value.
  const key = createHash('sha256').update(`${tenantId}\0${token}`).digest('base64url');
  const now = Date.now();
  const hit = sessionCache.get(key);
  if (hit && now - hit.at < SESSION_CACHE_MS) return hit.session;
  // One look-up per session at a time (single-flight.ts): when the entry expires under
  // many requests in flight (a busy member, a client with many connections), they all
  // wait for the same transaction instead of each taking a database connection.
  const session = await lookUpSession({ key, tenantId, token });
  if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
  sessionCache.set(key, { session, at: now });
  return session;
}

/** Drops every cached session (tests; after a logout handled by this process). */
export function clearSessionCache(): void {
  sessionCache.clear();
}

/**
 * Applies a message from the invalidation channel to this process's caches: tenants
 * (suspension, settings) drop their sites, members their sessions. The site subscribes
 * once per process and hands every message here.
 */
export function applyInvalidation(message: Invalidation): void {
  if (message.kind === 'tenant') forgetTenantSites(message.tenantId);
  else if (message.kind === 'member') forgetMemberSessions(message.memberId);
}

export async function createApiContext(options: { services: ApiServices; request: RequestInfo; cookies: CookieJar; searchBudgetTaken?: boolean }): Promise<ApiContext> {
  const { services, request, cookies } = options;
  const site = await resolveSite(request.host, services.baseDomain);
  const memberToken = site.kind === 'tenant' ? cookies.get(MEMBER_COOKIE) : undefined;
  const operatorToken = site.kind === 'console' ? cookies.get(OPERATOR_COOKIE) : undefined;
  const [member, operator] = await Promise.all([
    memberToken && site.kind === 'tenant' ? cachedMemberSession(site.tenant.id, memberToken) : null,
    operatorToken ? resolveOperatorSession(services.redis, operatorToken) : null,
  ]);
  // A logout, "log out everywhere" or password change clears the member cookie after
  // ending the sessions in the database: drop the cached ones here at once, and tell
  // the other site processes (best effort: their cache expires within a second anyway).
  const jar: CookieJar =
    member && site.kind === 'tenant'
      ? {
          get: (name) => cookies.get(name),
          set: (name, value, expires) => cookies.set(name, value, expires),
          clear: (name) => {
            if (name === MEMBER_COOKIE) {
              forgetMemberSessions(member.member.id);
              publishInvalidation(services.publisher, { kind: 'member', tenantId: site.tenant.id, memberId: member.member.id }).catch(() => undefined);
            }
            cookies.clear(name);
          },
        }
      : cookies;
  return { services, site, request, cookies: jar, member, operator, siteUrl: `${services.protocol}://${request.host}`, searchBudgetTaken: options.searchBudgetTaken };
}

export function relyingPartyFor(context: ApiContext, name: string): RelyingParty {
  return { name, id: context.request.host.replace(/:\d+$/, ''), origin: context.siteUrl };
}
