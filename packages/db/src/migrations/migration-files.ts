// Reads prisma/migrations the way `prisma migrate deploy` does: one folder per
// migration, applied in name order, each checksummed as sha256 of migration.sql.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const defaultMigrationsDir = fileURLToPath(
  new URL('../../prisma/migrations', import.meta.url),
);

/** First-line marker for scripts that cannot run inside a transaction (CREATE INDEX CONCURRENTLY). */
export const NO_TRANSACTION_MARKER = '-- swarmhost:no-transaction';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
  transactional: boolean;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

export function readMigrations(migrationsDir: string = defaultMigrationsDir): MigrationFile[] {
  if (!existsSync(migrationsDir)) {
    throw new MigrationError(`No migrations folder at ${migrationsDir}.`);
  }
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      if (!existsSync(file)) {
        throw new MigrationError(
          `Migration folder ${name} has no migration.sql; remove the folder or add the script.`,
        );
      }
      const sql = readFileSync(file, 'utf8');
      return {
        name,
        sql,
        checksum: checksumOf(sql),
        transactional: !sql.trimStart().startsWith(NO_TRANSACTION_MARKER),
      };
    });
}
