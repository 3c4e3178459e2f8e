// The pool's idle setting: connections a process keeps between bursts, and the variable
// that sets it (a bad value stops the process with its name).
import { describe, expect, inject, it } from 'vitest';
import { ConfigError } from '@swarmhost/config';
import { poolOf } from '../src/client';
import { loadDatabaseEnv } from '../src/env';
import { createPrismaClient } from '../src/index';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens two connections at once on a fresh client and reports how many are open after `waitMs` idle. */
async function openAfterIdle(idleSeconds: number | undefined, waitMs: number): Promise<number> {
  const client = createPrismaClient(inject('databaseUrls').app, { poolMax: 2, idleSeconds });
  try {
    const pool = poolOf(client);
    await Promise.all([pool.query('SELECT pg_sleep(0.05)'), pool.query('SELECT pg_sleep(0.05)')]);
    expect(pool.totalCount).toBe(2);
    await sleep(waitMs);
    return pool.totalCount;
  } finally {
    await client.$disconnect();
  }
}

describe('pool idle connections', () => {
  it('closes idle connections after idleSeconds, and keeps them with a longer setting or 0 (never)', async () => {
    expect(await openAfterIdle(1, 1600)).toBe(0);
    expect(await openAfterIdle(60, 1600)).toBe(2);
    expect(await openAfterIdle(0, 1600)).toBe(2);
  });

  it('reads DATABASE_POOL_IDLE_SECONDS, unset meaning the process default', () => {
    const urls = { DATABASE_URL: inject('databaseUrls').owner };
    expect(loadDatabaseEnv({ ...urls }).idleSeconds).toBeUndefined();
    expect(loadDatabaseEnv({ ...urls, DATABASE_POOL_IDLE_SECONDS: '300' }).idleSeconds).toBe(300);
    expect(loadDatabaseEnv({ ...urls, DATABASE_POOL_IDLE_SECONDS: '0' }).idleSeconds).toBe(0);
    for (const bad of ['-1', 'soon', '1.5', '100000']) {
      expect(() => loadDatabaseEnv({ ...urls, DATABASE_POOL_IDLE_SECONDS: bad })).toThrow(ConfigError);
      expect(() => loadDatabaseEnv({ ...urls, DATABASE_POOL_IDLE_SECONDS: bad })).toThrow(/DATABASE_POOL_IDLE_SECONDS/);
    }
  });
});
