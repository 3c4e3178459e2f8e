// Keeps one community's searches from slowing the others (issue 14, noisy neighbour):
// a search budget per tenant from its plan (searches a second for the whole tenant,
// every site process together: a token bucket in Redis), remembered in each process
// once it runs dry so a flood is refused from memory without Redis or the database
// until the next token is due; a pace, so a full bucket spent at once (a flood's first
// second) does not land on the database together: the first quarter second's worth go
// at once and the rest wait their turn at the plan's rate, as nginx's limit_req with
// burst and delay does; and a cap on one tenant's searches running at once in this
// process, so it never holds more than a few of the database pool's connections. Each
// member has a share of the community's budget too (a quarter, at least 1 a second): one
// member's flood (a script, a misconfigured client) is refused on its own while the rest
// of the community goes on searching.
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

export interface SearchingTenant {
  id: string;
  name: string;
  /** The plan's searches a second (with the tenant's own exception, if any). */
  searchesPerSecond: number;
}

export interface SearchGuard {
  /** Milliseconds until this tenant may search again as far as this process knows (0: go on). Memory only. */
  refusedFor(tenantId: string): number;
  /**
   * Takes one search from the tenant's budget (and from the member's share of it, when
   * the search is a member's), waiting its turn when the tenant is searching faster than
   * its rate (at most about a second); TOO_MANY_REQUESTS (details.retryAfterSeconds) when
   * either is spent. A refused search takes nothing from either.
   */
  take(tenant: SearchingTenant, memberId?: string): Promise<void>;
  /** Runs one search's database work under the tenant's per-process concurrency cap. */
  run<T>(tenant: SearchingTenant, work: () => Promise<T>): Promise<T>;
}

export interface SearchGuardOptions {
  redis: Redis;
  /** One tenant's searches at once in this process; more wait in line. Default 3. */
  concurrency?: number;
  /** Searches that may wait for a place; past it they are refused. Default 12. */
  queue?: number;
  now?: () => number;
  /** Told when Redis fails (the search then goes on: the concurrency cap still holds). */
  onRedisError?: (error: unknown) => void;
  /** How a paced search waits its turn (tests count the waits). Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export const SEARCH_CONCURRENCY_PER_TENANT = 3;
export const SEARCH_QUEUE_PER_TENANT = 12;

/** One member's share of the community's searches a second: a quarter, at least 1. */
export function searchesPerMember(searchesPerSecond: number): number {
  return Math.max(1, Math.ceil(Math.max(1, searchesPerSecond) / 4));
}

/** Searches a tenant may start at once from a full bucket: a quarter second's worth, at least 3 (or the whole budget, if smaller). */
export function searchesAtOnce(searchesPerSecond: number): number {
  const rate = Math.max(1, searchesPerSecond);
  return Math.min(rate, Math.max(3, Math.ceil(rate / 4)));
}

/**
 * Token buckets holding one second of the budget (KEYS[1], the community's) and of the
 * member's share (KEYS[2], when given), refilled continuously, on Redis's clock (every
 * process sees the same time). Returns { wait, pace, member } in milliseconds: wait > 0
 * when a bucket is dry (the time until its token is due: refuse; member = 1 when it was
 * the member's share) and then nothing is taken; else a token was taken from each, and
 * pace is how long this search waits before it starts — 0 while no more than ARGV[2] of
 * the community's tokens are spent, then the time its bucket needs to refill back to
 * that line, so searches past it start one every 1/rate seconds.
 */
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local atOnce = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function refilled(key, perSecond)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1])
  local at = tonumber(state[2])
  if tokens == nil or at == nil then return perSecond end
  if now > at then return math.min(perSecond, tokens + (now - at) * perSecond / 1000) end
  return tokens
end
local function store(key, tokens)
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', key, 2000)
end
local share = nil
local mine = 0
if #KEYS > 1 then
  share = tonumber(ARGV[3])
  mine = refilled(KEYS[2], share)
  if mine < 1 then
    store(KEYS[2], mine)
    return { math.ceil((1 - mine) * 1000 / share), 0, 1 }
  end
end
local tokens = refilled(KEYS[1], rate)
if tokens < 1 then
  store(KEYS[1], tokens)
  return { math.ceil((1 - tokens) * 1000 / rate), 0, 0 }
end
tokens = tokens - 1
store(KEYS[1], tokens)
if share then store(KEYS[2], mine - 1) end
local pace = 0
local behind = (rate - atOnce) - tokens
if behind > 0 then pace = math.ceil(behind * 1000 / rate) end
return { 0, pace, 0 }
`;

export const searchBudgetKey = (tenantId: string) => `swarmhost:search-budget:${tenantId}`;
/** A member's share: named by the tenant too, so the tenant's deletion finds it (purge-redis.ts). */
export const memberSearchBudgetKey = (tenantId: string, memberId: string) => `swarmhost:search-budget:${tenantId}:member:${memberId}`;

/** Tenants or members this process remembers as over at once; past it a memory starts afresh. */
const MEMORY_MAX = 10_000;

export function tooManySearches(tenant: Pick<SearchingTenant, 'name' | 'searchesPerSecond'>, waitMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError(
    'TOO_MANY_REQUESTS',
    `${tenant.name} is searching more than its plan allows (${tenant.searchesPerSecond.toLocaleString('en')} searches a second for the whole community); wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'} and search again (browsing the list still works)`,
    { retryAfterSeconds },
  );
}

export function tooManySearchesByMember(tenant: Pick<SearchingTenant, 'name' | 'searchesPerSecond'>, waitMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  const share = searchesPerMember(tenant.searchesPerSecond);
  return new AppError(
    'TOO_MANY_REQUESTS',
    `You are searching more than your share of ${tenant.name}'s searches (${share.toLocaleString('en')} a second for each member); wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'} and search again (browsing the list still works)`,
    { retryAfterSeconds },
  );
}

export function createSearchGuard(options: SearchGuardOptions): SearchGuard {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const concurrency = options.concurrency ?? SEARCH_CONCURRENCY_PER_TENANT;
  const queueLimit = options.queue ?? SEARCH_QUEUE_PER_TENANT;
  const refusedUntil = new Map<string, number>();
  const memberRefusedUntil = new Map<string, number>();
  const lanes = new Map<string, { running: number; waiting: (() => void)[] }>();

  /** Milliseconds left of a remembered refusal (0: none, or it has lapsed and is forgotten). */
  function remaining(memory: Map<string, number>, key: string): number {
    const until = memory.get(key);
    if (until === undefined) return 0;
    const left = until - now();
    if (left > 0) return left;
    memory.delete(key);
    return 0;
  }

  function remember(memory: Map<string, number>, key: string, waitMs: number): void {
    if (memory.size >= MEMORY_MAX) memory.clear();
    memory.set(key, now() + waitMs);
  }

  const refusedFor = (tenantId: string) => remaining(refusedUntil, tenantId);

  return {
    refusedFor,

    async take(tenant, memberId) {
      const known = refusedFor(tenant.id);
      if (known > 0) throw tooManySearches(tenant, known);
      const memberKey = memberId === undefined ? undefined : `${tenant.id}:${memberId}`;
      const knownMember = memberKey === undefined ? 0 : remaining(memberRefusedUntil, memberKey);
      if (knownMember > 0) throw tooManySearchesByMember(tenant, knownMember);
      const rate = Math.max(1, tenant.searchesPerSecond);
      let wait: number;
      let pace: number;
      let byMember: boolean;
      try {
        const keys = memberId === undefined ? [searchBudgetKey(tenant.id)] : [searchBudgetKey(tenant.id), memberSearchBudgetKey(tenant.id, memberId)];
        const answer = (await options.redis.eval(TAKE_SCRIPT, keys.length, ...keys, rate, searchesAtOnce(rate), searchesPerMember(rate))) as [number, number, number];
        wait = Number(answer[0]);
        pace = Number(answer[1]);
        byMember = Number(answer[2]) === 1;
      } catch (error) {
        options.onRedisError?.(error);
        return;
      }
      if (wait > 0 && byMember && memberKey !== undefined) {
        remember(memberRefusedUntil, memberKey, wait);
        throw tooManySearchesByMember(tenant, wait);
      }
      if (wait > 0) {
        remember(refusedUntil, tenant.id, wait);
        throw tooManySearches(tenant, wait);
      }
      if (pace > 0) await sleep(pace);
    },

    async run(tenant, work) {
      let lane = lanes.get(tenant.id);
      if (!lane) {
        lane = { running: 0, waiting: [] };
        lanes.set(tenant.id, lane);
      }
      if (lane.running >= concurrency) {
        if (lane.waiting.length >= queueLimit) {
          throw new AppError('TOO_MANY_REQUESTS', `${tenant.name} has too many searches running at once; wait a second and search again`, { retryAfterSeconds: 1 });
        }
        await new Promise<void>((resolve) => lane.waiting.push(resolve));
      } else {
        lane.running += 1;
      }
      try {
        return await work();
      } finally {
        // The place passes straight to the next in line, or is given back.
        const next = lane.waiting.shift();
        if (next) next();
        else {
          lane.running -= 1;
          if (lane.running === 0) lanes.delete(tenant.id);
        }
      }
    },
  };
}
