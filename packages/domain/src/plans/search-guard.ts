// Keeps one community's searches from slowing the others (issue 14, noisy neighbour):
// a search budget per tenant from its plan (searches a second for the whole tenant,
// every site process together: a token bucket in Redis), remembered in each process
// once it runs dry so a flood is refused from memory without Redis or the database
// until the next token is due; a pace, so a full bucket spent at once (a flood's first
// second) does not land on the database together: the first quarter second's worth go
// at once and the rest wait their turn at the plan's rate, as nginx's limit_req with
// burst and delay does; and a cap on one tenant's searches running at once in this
// process, so it never holds more than a few of the database pool's connections.
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
   * Takes one search from the tenant's budget, waiting its turn when the tenant is
   * searching faster than its rate (at most about a second); TOO_MANY_REQUESTS
   * (details.retryAfterSeconds) when the budget is spent.
   */
  take(tenant: SearchingTenant): Promise<void>;
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

/** Searches a tenant may start at once from a full bucket: a quarter second's worth, at least 3 (or the whole budget, if smaller). */
export function searchesAtOnce(searchesPerSecond: number): number {
  const rate = Math.max(1, searchesPerSecond);
  return Math.min(rate, Math.max(3, Math.ceil(rate / 4)));
}

/**
 * A token bucket holding one second of the budget, refilled continuously, on Redis's
 * clock (every process sees the same time). Returns { wait, pace } in milliseconds:
 * wait > 0 when the bucket is dry (the time until a token is due: refuse); else a token
 * was taken, and pace is how long this search waits before it starts — 0 while no more
 * than ARGV[2] tokens are spent, then the time the bucket needs to refill back to that
 * line, so searches past it start one every 1/rate seconds.
 */
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local atOnce = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then tokens = rate; at = now end
if now > at then tokens = math.min(rate, tokens + (now - at) * rate / 1000); at = now end
local wait = 0
local pace = 0
if tokens >= 1 then
  tokens = tokens - 1
  local behind = (rate - atOnce) - tokens
  if behind > 0 then pace = math.ceil(behind * 1000 / rate) end
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], 2000)
return { wait, pace }
`;

export const searchBudgetKey = (tenantId: string) => `swarmhost:search-budget:${tenantId}`;

export function tooManySearches(tenant: Pick<SearchingTenant, 'name' | 'searchesPerSecond'>, waitMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError(
    'TOO_MANY_REQUESTS',
    `${tenant.name} is searching more than its plan allows (${tenant.searchesPerSecond.toLocaleString('en')} searches a second for the whole community); wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'} and search again (browsing the list still works)`,
    { retryAfterSeconds },
  );
}

export function createSearchGuard(options: SearchGuardOptions): SearchGuard {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const concurrency = options.concurrency ?? SEARCH_CONCURRENCY_PER_TENANT;
  const queueLimit = options.queue ?? SEARCH_QUEUE_PER_TENANT;
  const refusedUntil = new Map<string, number>();
  const lanes = new Map<string, { running: number; waiting: (() => void)[] }>();

  function refusedFor(tenantId: string): number {
    const until = refusedUntil.get(tenantId);
    if (until === undefined) return 0;
    const left = until - now();
    if (left > 0) return left;
    refusedUntil.delete(tenantId);
    return 0;
  }

  return {
    refusedFor,

    async take(tenant) {
      const known = refusedFor(tenant.id);
      if (known > 0) throw tooManySearches(tenant, known);
      const rate = Math.max(1, tenant.searchesPerSecond);
      let wait: number;
      let pace: number;
      try {
        const answer = (await options.redis.eval(TAKE_SCRIPT, 1, searchBudgetKey(tenant.id), rate, searchesAtOnce(rate))) as [number, number];
        wait = Number(answer[0]);
        pace = Number(answer[1]);
      } catch (error) {
        options.onRedisError?.(error);
        return;
      }
      if (wait > 0) {
        refusedUntil.set(tenant.id, now() + wait);
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
