// @swarmhost/db/testing: a throw-away database per test run, created on the server of
// DATABASE_URL, migrated with the real runner (roles, RLS) and dropped afterwards, so
// integration tests never touch the development database.
import { randomBytes } from 'node:crypto';
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

export {
  migrate,
  MigrationError,
  type MigrateOptions,
  type MigrateResult,
} from './migrations/run-migrations';
