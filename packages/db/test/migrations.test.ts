// The offline migration runner: idempotent, history-preserving, Prisma-compatible, and
// it will not commit a tenant table that row-level security does not cover.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  checksumOf,
  defaultMigrationsDir,
  readMigrations,
} from '../src/migrations/migration-files';
import { migrate, MigrationError } from '../src/migrations/run-migrations';

const urls = inject('databaseUrls');
const options = { ownerUrl: urls.owner, appUrl: urls.app, systemUrl: urls.system };
const scratchDirs: string[] = [];

function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'swarmhost-migrations-'));
  scratchDirs.push(dir);
  cpSync(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

async function ownerQuery<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: urls.owner });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterEach(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies nothing the second time and says so', async () => {
    const lines: string[] = [];
    const result = await migrate({ ...options, log: (line) => lines.push(line) });
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual(readMigrations().map((migration) => migration.name));
    expect(lines.join('\n')).toMatch(/up to date .*nothing to apply/);
  });

  it('records migrations the way prisma migrate deploy does', async () => {
    const rows = await ownerQuery<{
      migration_name: string;
      checksum: string;
      finished: boolean;
      steps: number;
    }>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count AS steps
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      readMigrations().map((migration) => ({
        migration_name: migration.name,
        checksum: checksumOf(migration.sql),
        finished: true,
        steps: 1,
      })),
    );
  });

  it('refuses to run when an applied migration was edited', async () => {
    const dir = copyOfMigrations();
    const first = readMigrations(dir)[0];
    if (!first) throw new Error('no migrations');
    appendFileSync(path.join(dir, first.name, 'migration.sql'), '\n-- an innocent-looking edit\n');
    await expect(migrate({ ...options, migrationsDir: dir })).rejects.toThrow(
      new RegExp(`${first.name} was changed after it was applied`),
    );
  });

  it('applies a new migration once, and grants the roles on its tables', async () => {
    const dir = copyOfMigrations();
    const name = '29991231000000_add_platform_notes';
    mkdirSync(path.join(dir, name));
    writeFileSync(
      path.join(dir, name, 'migration.sql'),
      'CREATE TABLE platform_notes (id serial PRIMARY KEY, body text);\n',
    );
    expect((await migrate({ ...options, migrationsDir: dir })).applied).toEqual([name]);
    expect((await migrate({ ...options, migrationsDir: dir })).applied).toEqual([]);
    const grants = await ownerQuery<{ grantee: string; privilege_type: string }>(
      `SELECT grantee, privilege_type FROM information_schema.role_table_grants
        WHERE table_name = 'platform_notes' ORDER BY 1, 2`,
    );
    const appRole = new URL(urls.app).username;
    expect(
      grants.filter((grant) => grant.grantee === appRole).map((grant) => grant.privilege_type),
    ).toEqual(['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
    // Leave the shared database as the real migrations folder describes it.
    await ownerQuery(
      `DROP TABLE platform_notes; DELETE FROM _prisma_migrations WHERE migration_name = '${name}'`,
    );
  });

  it('rolls back a migration that leaves a tenant table without row-level security', async () => {
    const dir = copyOfMigrations();
    const name = '29991231000001_unprotected';
    mkdirSync(path.join(dir, name));
    writeFileSync(
      path.join(dir, name, 'migration.sql'),
      'CREATE TABLE leaky (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id));\n',
    );
    const failure = migrate({ ...options, migrationsDir: dir });
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(/without row-level security: leaky/);
    const [exists] = await ownerQuery<{ found: string | null }>(
      `SELECT to_regclass('leaky')::text AS found`,
    );
    expect(exists?.found).toBeNull();
    const recorded = await ownerQuery(
      `SELECT 1 FROM _prisma_migrations WHERE migration_name = '${name}'`,
    );
    expect(recorded).toHaveLength(0);
  });

  it('reports a failing script with its name and leaves nothing behind', async () => {
    const dir = copyOfMigrations();
    const name = '29991231000002_broken';
    mkdirSync(path.join(dir, name));
    writeFileSync(
      path.join(dir, name, 'migration.sql'),
      'CREATE TABLE half_done (id int);\nSELEKT 1;\n',
    );
    await expect(migrate({ ...options, migrationsDir: dir })).rejects.toThrow(
      /29991231000002_broken failed and was rolled back/,
    );
    const [exists] = await ownerQuery<{ found: string | null }>(
      `SELECT to_regclass('half_done')::text AS found`,
    );
    expect(exists?.found).toBeNull();
  });
});
