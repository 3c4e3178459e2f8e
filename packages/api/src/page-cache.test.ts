import { describe, expect, it } from 'vitest';
import { createPageCache } from './page-cache';

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

function counter<T>(values: T[]) {
  let calls = 0;
  return {
    compute: () => Promise.resolve(values[Math.min(calls++, values.length - 1)]!),
    calls: () => calls,
  };
}

describe('createPageCache', () => {
  it('reuses a page for the TTL, then reads it again', async () => {
    const time = clock();
    const cache = createPageCache({ ttlMs: 2000, now: time.now });
    const source = counter(['first', 'second']);
    expect(await cache.get('tenant-a', 'list:{}', source.compute)).toBe('first');
    time.advance(1999);
    expect(await cache.get('tenant-a', 'list:{}', source.compute)).toBe('first');
    time.advance(1);
    expect(await cache.get('tenant-a', 'list:{}', source.compute)).toBe('second');
    expect(source.calls()).toBe(2);
  });

  it('keeps tenants and keys apart', async () => {
    const cache = createPageCache({ ttlMs: 2000 });
    await cache.get('tenant-a', 'k', () => Promise.resolve('a'));
    expect(await cache.get('tenant-b', 'k', () => Promise.resolve('b'))).toBe('b');
    expect(await cache.get('tenant-a', 'other', () => Promise.resolve('c'))).toBe('c');
    expect(await cache.get('tenant-a', 'k', () => Promise.resolve('not read'))).toBe('a');
  });

  it('shares one computation between concurrent callers', async () => {
    const cache = createPageCache({ ttlMs: 2000 });
    let calls = 0;
    let finish: (value: string) => void = () => undefined;
    const compute = () => {
      calls++;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const pages = [cache.get('t', 'k', compute), cache.get('t', 'k', compute), cache.get('t', 'k', compute)];
    finish('page');
    expect(await Promise.all(pages)).toEqual(['page', 'page', 'page']);
    expect(calls).toBe(1);
  });

  it('never keeps a failure', async () => {
    const cache = createPageCache({ ttlMs: 2000 });
    await expect(cache.get('t', 'k', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.get('t', 'k', () => Promise.resolve('recovered'))).toBe('recovered');
  });

  it('drops a tenant’s pages on invalidation, and only that tenant’s', async () => {
    const cache = createPageCache({ ttlMs: 60_000 });
    await cache.get('tenant-a', 'k', () => Promise.resolve('old a'));
    await cache.get('tenant-b', 'k', () => Promise.resolve('old b'));
    cache.invalidateTenant('tenant-a');
    expect(await cache.get('tenant-a', 'k', () => Promise.resolve('new a'))).toBe('new a');
    expect(await cache.get('tenant-b', 'k', () => Promise.resolve('new b'))).toBe('old b');
  });

  it('hands a page read before an invalidation to its callers but does not keep it', async () => {
    const cache = createPageCache({ ttlMs: 60_000 });
    let finish: (value: string) => void = () => undefined;
    const inFlight = cache.get('t', 'k', () => new Promise<string>((resolve) => (finish = resolve)));
    // A torrent changes while the page's rows are being read: they may predate the change.
    cache.invalidateTenant('t');
    finish('read before the change');
    expect(await inFlight).toBe('read before the change');
    expect(await cache.get('t', 'k', () => Promise.resolve('read after'))).toBe('read after');
  });

  it('is off with a TTL of 0 and bounded by maxEntries', async () => {
    const off = createPageCache({ ttlMs: 0 });
    const source = counter(['a', 'b']);
    await off.get('t', 'k', source.compute);
    expect(await off.get('t', 'k', source.compute)).toBe('b');

    const small = createPageCache({ ttlMs: 60_000, maxEntries: 2 });
    for (const key of ['1', '2', '3']) await small.get('t', key, () => Promise.resolve(`v${key}`));
    // The oldest page went when the third arrived.
    expect(await small.get('t', '1', () => Promise.resolve('read again'))).toBe('read again');
    expect(await small.get('t', '3', () => Promise.resolve('not read'))).toBe('v3');
  });

  it('drops expired pages when a new one comes, so a flood of one-off pages keeps only the last TTL of them', async () => {
    const time = clock();
    const cache = createPageCache({ ttlMs: 2000, now: time.now });
    // 100 searches a second nobody repeats, for 10 s: 1,000 pages, all under maxEntries.
    for (let index = 0; index < 1000; index++) {
      await cache.get('t', `search:${index}`, () => Promise.resolve(index));
      time.advance(10);
    }
    // Only the pages of the last 2 s are held (set at 8,000-9,990 ms: 200 of them).
    expect(cache.size()).toBe(200);
    expect(await cache.get('t', 'search:999', () => Promise.resolve(-1))).toBe(999);
    // An expired page is read again and set anew, at the end (10,000 ms); 800 goes.
    expect(await cache.get('t', 'search:799', () => Promise.resolve(-1))).toBe(-1);
    expect(cache.size()).toBe(200);
    time.advance(1500); // 11,500 ms: pages set at 9,500 ms or before go
    await cache.get('t', 'new', () => Promise.resolve(0));
    expect(cache.size()).toBe(51); // 951-999, 799 and 'new'
    time.advance(600); // 12,100 ms
    await cache.get('t', 'later', () => Promise.resolve(0));
    expect(cache.size()).toBe(2); // 'new' and 'later'
  });
});
