// The noisy-neighbour guard against real Redis: a tenant's search budget holds across
// site processes (two guards, one Redis), a refused tenant is refused from memory
// without another Redis call, another tenant is never refused because of it, and one
// tenant's searches at once are capped per process while another's run.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSearchGuard, memberSearchBudgetKey, searchBudgetKey, searchesAtOnce, searchesPerMember, type SearchingTenant } from '../src/plans/search-guard';
import { redis } from './helpers';

const used: string[] = [];
afterAll(async () => {
  if (used.length > 0) await redis.del(...used.map(searchBudgetKey));
  await redis.quit();
});

function tenant(name: string, searchesPerSecond: number): SearchingTenant {
  const id = randomUUID();
  used.push(id);
  return { id, name, searchesPerSecond };
}

/** Paced takes go on at once where a test counts the budget, not the pace. */
const instant = async () => {};

/** How many of `count` takes went through, and the refusals' errors. */
async function takes(guard: ReturnType<typeof createSearchGuard>, who: SearchingTenant, count: number) {
  const results = await Promise.allSettled(Array.from({ length: count }, () => guard.take(who)));
  return { passed: results.filter((result) => result.status === 'fulfilled').length, refusals: results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : [])) };
}

/** Counts the guard's Redis round trips on a real connection. */
function countingRedis() {
  const calls = { eval: 0 };
  const connection = new Redis(redis.options);
  const counted = new Proxy(connection, {
    get(target, property, receiver) {
      if (property === 'eval') {
        return (...args: Parameters<Redis['eval']>) => {
          calls.eval += 1;
          return target.eval(...args);
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { redis: counted, calls, quit: () => connection.quit() };
}

describe('search budget', () => {
  it('lets a tenant search as often as its plan says, across processes, then refuses with Retry-After', async () => {
    const noisy = tenant('Noisy Club', 5);
    const processOne = createSearchGuard({ redis, sleep: instant });
    const processTwo = createSearchGuard({ redis, sleep: instant });
    const first = await takes(processOne, noisy, 3);
    const second = await takes(processTwo, noisy, 10);
    // One second's budget for the tenant, whichever process asks (a little refill may come in meanwhile).
    expect(first.passed + second.passed).toBeGreaterThanOrEqual(5);
    expect(first.passed + second.passed).toBeLessThanOrEqual(6);
    expect(second.refusals.length).toBeGreaterThanOrEqual(7);
    expect(second.refusals[0]).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining('Noisy Club is searching more than its plan allows (5 searches a second'),
      details: { retryAfterSeconds: 1 },
    });
    expect(processTwo.refusedFor(noisy.id)).toBeGreaterThan(0);
  });

  it('never refuses another tenant while one is over its budget', async () => {
    const guard = createSearchGuard({ redis, sleep: instant });
    const noisy = tenant('Noisy', 10);
    const quiet = tenant('Quiet', 10);
    const flood = await takes(guard, noisy, 100);
    expect(flood.passed).toBeLessThanOrEqual(11);
    expect(guard.refusedFor(noisy.id)).toBeGreaterThan(0);
    expect(guard.refusedFor(quiet.id)).toBe(0);
    const calm = await takes(guard, quiet, 10);
    expect(calm.refusals).toEqual([]);
    expect(calm.passed).toBe(10);
  });

  it('refuses a tenant it knows to be over budget from memory, then asks Redis again once a token is due', async () => {
    const counting = countingRedis();
    try {
      const guard = createSearchGuard({ redis: counting.redis, sleep: instant });
      const noisy = tenant('Noisy', 4);
      await takes(guard, noisy, 4);
      await expect(guard.take(noisy)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      const callsAfterRefusal = counting.calls.eval;
      const known = await takes(guard, noisy, 50);
      expect(known.passed).toBe(0);
      expect(counting.calls.eval).toBe(callsAfterRefusal);
      // 4 a second: the next token is due in 250 ms.
      const wait = guard.refusedFor(noisy.id);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(250);
      await new Promise((resolve) => setTimeout(resolve, wait + 30));
      await expect(guard.take(noisy)).resolves.toBeUndefined();
      expect(counting.calls.eval).toBe(callsAfterRefusal + 1);
    } finally {
      await counting.quit();
    }
  });

  it('paces a full bucket spent at once: a quarter second goes at once, the rest wait their turn at the rate', async () => {
    const waits: number[] = [];
    const guard = createSearchGuard({ redis, sleep: async (ms) => void waits.push(ms) });
    const burst = tenant('Bursty', 20);
    expect(searchesAtOnce(20)).toBe(5);
    const all = await takes(guard, burst, 20);
    expect(all.passed).toBe(20);
    // 5 started at once; the other 15 waited 50 ms more each (less the bucket's refill meanwhile).
    expect(waits).toHaveLength(15);
    waits.sort((a, b) => a - b);
    expect(waits[0]).toBeLessThanOrEqual(50);
    expect(waits[14]).toBeGreaterThan(600);
    expect(waits[14]).toBeLessThanOrEqual(750);
    for (let index = 1; index < waits.length; index++) expect(waits[index]! - waits[index - 1]!).toBeGreaterThanOrEqual(40);
    await expect(guard.take(burst)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('never paces a tenant searching within its quarter second, nor a small plan below 3 at once', async () => {
    const waits: number[] = [];
    const guard = createSearchGuard({ redis, sleep: async (ms) => void waits.push(ms) });
    expect(searchesAtOnce(2)).toBe(2);
    expect(searchesAtOnce(5)).toBe(3);
    expect(searchesAtOnce(100)).toBe(25);
    expect((await takes(guard, tenant('Small', 2), 2)).passed).toBe(2);
    expect((await takes(guard, tenant('Calm', 40), 10)).passed).toBe(10);
    expect(waits).toEqual([]);
  });

  it('gives each member a quarter of the budget, refuses a member past it alone, from memory after, and takes nothing from the community for it', async () => {
    const counting = countingRedis();
    try {
      const guard = createSearchGuard({ redis: counting.redis, sleep: instant });
      const club = tenant('Share Club', 8);
      const greedy = randomUUID();
      const other = randomUUID();
      expect(searchesPerMember(8)).toBe(2);
      expect(searchesPerMember(1)).toBe(1);
      expect(searchesPerMember(20)).toBe(5);
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => guard.take(club, greedy)));
      const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as { code: string; message: string }] : []));
      expect(10 - refusals.length).toBeGreaterThanOrEqual(2);
      expect(10 - refusals.length).toBeLessThanOrEqual(3);
      expect(refusals[0]).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringContaining("You are searching more than your share of Share Club's searches (2 a second for each member)") });
      // Known over: the next one is refused without Redis.
      const calls = counting.calls.eval;
      await expect(guard.take(club, greedy)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      expect(counting.calls.eval).toBe(calls);
      // The community is not refused, and its bucket lost only the greedy member's 2-3.
      expect(guard.refusedFor(club.id)).toBe(0);
      expect(Number(await redis.hget(searchBudgetKey(club.id), 'tokens'))).toBeGreaterThanOrEqual(5);
      await expect(guard.take(club, other)).resolves.toBeUndefined();
      await expect(guard.take(club)).resolves.toBeUndefined();
      expect(await redis.exists(memberSearchBudgetKey(club.id, greedy))).toBe(1);
      await redis.del(memberSearchBudgetKey(club.id, greedy), memberSearchBudgetKey(club.id, other));
    } finally {
      await counting.quit();
    }
  });

  it('lets searches through when Redis is unreachable, and says so', async () => {
    const down = new Redis({ port: 1, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    const failures: unknown[] = [];
    const guard = createSearchGuard({ redis: down, onRedisError: (error) => failures.push(error) });
    await expect(guard.take(tenant('Any', 1))).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
    down.disconnect();
  });
});

describe('search concurrency per tenant and process', () => {
  it('runs at most 3 of one tenant’s searches at once, queues 12, refuses the rest, and never holds up another tenant', async () => {
    const guard = createSearchGuard({ redis });
    const noisy = tenant('Noisy', 1000);
    const quiet = tenant('Quiet', 1000);
    let running = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const search = async () => {
      running += 1;
      most = Math.max(most, running);
      await gate;
      running -= 1;
      return 'rows';
    };
    const flood = Array.from({ length: 20 }, () => guard.run(noisy, search));
    const settledFlood = Promise.allSettled(flood);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(running).toBe(3);
    // The other community's search runs at once although Noisy's line is full.
    await expect(guard.run(quiet, async () => 'quiet rows')).resolves.toBe('quiet rows');
    release();
    const results = await settledFlood;
    expect(most).toBe(3);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(15);
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(refused).toHaveLength(5);
    expect(refused[0]).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('Noisy has too many searches running at once') });
    // A failed search gives its place back.
    await expect(guard.run(noisy, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(guard.run(noisy, async () => 'again')).resolves.toBe('again');
  });
});
