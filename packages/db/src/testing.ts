// @swarmhost/db/testing: a throw-away database per test run, created on the server of
// DATABASE_URL, migrated with the real runner (roles, RLS) and dropped afterwards, so
// integration tests never touch the development database.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { DatabaseUrls } from '@swarmhost/config';
import pg from 'pg';
import { loadDatabaseEnv } from './env';
import { migrate } from './migrations/run-migrations';
import { quoteIdent, withDatabase } from './migrations/roles';

export interface TestDatabase {
  name: string;
  urls: DatabaseUrls;
  drop(): Promise<void>;
}

export async function createTestDatabase(
  options: { prefix?: string; migrationsDir?: string } = {},
): Promise<TestDatabase> {
  const base = loadDatabaseEnv().urls;
  const name = `${options.prefix ?? 'swarmhost_test'}_${randomBytes(6).toString('hex')}`;
  const urls: DatabaseUrls = {
    owner: withDatabase(base.owner, name),
    app: withDatabase(base.app, name),
    system: withDatabase(base.system, name),
  };
  await migrate({
    ownerUrl: urls.owner,
    appUrl: urls.app,
    systemUrl: urls.system,
    migrationsDir: options.migrationsDir,
  });
  return { name, urls, drop: () => dropDatabase(urls.owner) };
}

/** Drops a database, ending its sessions first (PostgreSQL 13+). */
export async function dropDatabase(ownerUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(ownerUrl).pathname.slice(1));
  const client = new pg.Client({ connectionString: withDatabase(ownerUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * CPU seconds used so far by every PostgreSQL process of this machine (Linux /proc, 10 ms
 * ticks): the live ones' own plus what exited backends left in the server's children
 * counters. For benches: the whole server's, so meaningful only while nothing else uses it.
 */
export function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks / 100;
}

export {
  migrate,
  MigrationError,
  type MigrateOptions,
  type MigrateResult,
} from './migrations/run-migrations';
