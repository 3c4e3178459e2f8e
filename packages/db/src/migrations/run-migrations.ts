// Our offline stand-in for `prisma migrate deploy` (whose schema engine binary cannot
// be downloaded here): applies pending migration folders in order, each in its own
// transaction, and records them in _prisma_migrations exactly as Prisma does, so the
// real CLI can take over wherever it is available.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  defaultMigrationsDir,
  MigrationError,
  readMigrations,
  type MigrationFile,
} from './migration-files';
import { databaseNameOf, ensureDatabaseAndRoles, grantRoles, redact, roleFromUrl } from './roles';

/** The advisory lock key `prisma migrate` itself takes, so the two never interleave. */
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateOptions {
  /** Owner connection (creates the database, tables, roles). */
  ownerUrl: string;
  /** Application role, subject to row-level security. */
  appUrl: string;
  /** System role, BYPASSRLS. */
  systemUrl: string;
  migrationsDir?: string;
  log?: (line: string) => void;
}

export interface MigrateResult {
  database: string;
  createdDatabase: boolean;
  applied: string[];
  alreadyApplied: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export { MigrationError } from './migration-files';

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const database = databaseNameOf(options.ownerUrl);
  const appRole = roleFromUrl(options.appUrl, false);
  const systemRole = roleFromUrl(options.systemUrl, true);

  const createdDatabase = await ensureDatabaseAndRoles(options.ownerUrl, [appRole, systemRole]);
  if (createdDatabase) log(`Created database ${database}.`);

  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect().catch((error: Error) => {
    throw new MigrationError(`Cannot connect to ${redact(options.ownerUrl)}: ${error.message}`);
  });
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = await appliedMigrations(client);
    checkHistory(migrations, applied, log);

    const pending = migrations.filter((migration) => !applied.has(migration.name));
    for (const migration of pending) {
      log(`Applying ${migration.name} …`);
      await applyOne(client, migration);
    }
    await grantRoles(client, database, [appRole.name, systemRole.name]);
    log(
      pending.length === 0
        ? `Database ${database} is up to date (${migrations.length} migrations applied); nothing to apply.`
        : `Applied ${pending.length} migration(s) to ${database}.`,
    );
    return {
      database,
      createdDatabase,
      applied: pending.map((migration) => migration.name),
      alreadyApplied: migrations
        .filter((migration) => applied.has(migration.name))
        .map((m) => m.name),
    };
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK])
      .catch(() => undefined);
    await client.end();
  }
}

async function appliedMigrations(client: pg.Client): Promise<Map<string, AppliedRow>> {
  const result = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  return new Map(result.rows.map((row) => [row.migration_name, row]));
}

/** Refuses edited or failed migrations, as `prisma migrate deploy` does. */
function checkHistory(
  migrations: MigrationFile[],
  applied: Map<string, AppliedRow>,
  log: (line: string) => void,
) {
  const onDisk = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of applied.values()) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but never finished (a failed \`prisma migrate deploy\`?). ` +
          `Fix the database by hand, then mark it rolled back: UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${row.migration_name}'.`,
      );
    }
    const file = onDisk.get(row.migration_name);
    if (!file) {
      log(
        `Warning: migration ${row.migration_name} is applied but missing from the migrations folder.`,
      );
      continue;
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ` +
          `${file.checksum.slice(0, 12)}… on disk). Applied migrations are history: restore the file and put the change in a new migration.`,
      );
    }
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  const record = async () => {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [id, migration.checksum, migration.name],
    );
  };
  if (!migration.transactional) {
    await runScript(client, migration);
    await assertTenantTablesProtected(client, migration.name);
    await record();
    return;
  }
  await client.query('BEGIN');
  try {
    await runScript(client, migration);
    await assertTenantTablesProtected(client, migration.name);
    await record();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function runScript(client: pg.Client, migration: MigrationFile): Promise<void> {
  try {
    // A simple-protocol query runs a multi-statement script in one round trip.
    await client.query(migration.sql);
  } catch (error) {
    const pgError = error as Error & { position?: string };
    const where = pgError.position
      ? ` near: ${excerpt(migration.sql, Number(pgError.position))}`
      : '';
    throw new MigrationError(
      `Migration ${migration.name} failed and was rolled back: ${pgError.message}${where}`,
    );
  }
}

function excerpt(sql: string, position: number): string {
  return JSON.stringify(sql.slice(Math.max(0, position - 60), position + 60));
}

/**
 * Every table with a tenant_id column must have row-level security enabled and forced
 * and at least one policy; a migration that forgets is rolled back.
 */
async function assertTenantTablesProtected(
  client: pg.Client,
  migrationName: string,
): Promise<void> {
  const result = await client.query<{ table_name: string }>(`
    SELECT c.relname AS table_name
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p')
       AND (NOT c.relrowsecurity OR NOT c.relforcerowsecurity
            OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
     ORDER BY 1`);
  if (result.rows.length > 0) {
    const tables = result.rows.map((row) => row.table_name).join(', ');
    throw new MigrationError(
      `Migration ${migrationName} leaves tenant-owned tables without row-level security: ${tables}. ` +
        `Add ENABLE/FORCE ROW LEVEL SECURITY and a tenant policy (make-migration writes them for new tables).`,
    );
  }
}
