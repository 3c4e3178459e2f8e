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
});
