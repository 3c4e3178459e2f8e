// Cluster-level set-up the migration step owns: the database itself, the application
// role (subject to row-level security) and the system role (BYPASSRLS), and their grants.
import pg from 'pg';
import { MigrationError } from './migration-files';

/** Cluster-wide lock so parallel test runs do not race on CREATE ROLE / CREATE DATABASE. */
const CLUSTER_SETUP_LOCK = 7270_7370;

export interface RoleSpec {
  name: string;
  /** Set when the URL carries one; otherwise the role's password is left alone. */
  password: string | undefined;
  bypassRls: boolean;
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new MigrationError(`The URL ${redact(url)} names no database.`);
  return name;
}

export function roleFromUrl(url: string, bypassRls: boolean): RoleSpec {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.username);
  if (!name) throw new MigrationError(`The URL ${redact(url)} names no user.`);
  return {
    name,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    bypassRls,
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Connects to the server's `postgres` database and, under one advisory lock, creates
 * the target database if missing and creates or updates the two roles.
 */
export async function ensureDatabaseAndRoles(
  ownerUrl: string,
  roles: RoleSpec[],
): Promise<boolean> {
  const database = databaseNameOf(ownerUrl);
  const client = new pg.Client({ connectionString: withDatabase(ownerUrl, 'postgres') });
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(
      `Cannot reach PostgreSQL at ${redact(ownerUrl)}: ${(error as Error).message}. Is the server running and DATABASE_URL right?`,
    );
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [CLUSTER_SETUP_LOCK]);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    const created = exists.rowCount === 0;
    if (created) await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
    for (const role of roles) await ensureRole(client, role);
    return created;
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [CLUSTER_SETUP_LOCK])
      .catch(() => undefined);
    await client.end();
  }
}

async function ensureRole(client: pg.Client, role: RoleSpec): Promise<void> {
  const current = await client.query<{ rolname: string }>('SELECT current_user AS rolname');
  if (current.rows[0]?.rolname === role.name) {
    throw new MigrationError(
      `The role ${role.name} is the owner connection's own user; the application and system roles must be other roles, or row-level security would not apply.`,
    );
  }
  const attributes = [
    'LOGIN',
    'NOSUPERUSER',
    'NOCREATEDB',
    'NOCREATEROLE',
    'NOREPLICATION',
    role.bypassRls ? 'BYPASSRLS' : 'NOBYPASSRLS',
  ];
  if (role.password !== undefined) attributes.push(`PASSWORD ${quoteLiteral(role.password)}`);
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  const verb = found.rowCount === 0 ? 'CREATE' : 'ALTER';
  await client.query(`${verb} ROLE ${quoteIdent(role.name)} WITH ${attributes.join(' ')}`);
}

/**
 * DML (never TRUNCATE, which skips row-level security) on every table and sequence,
 * now and for tables later migrations create; nothing on the migrations table.
 */
export async function grantRoles(
  client: pg.ClientBase,
  database: string,
  roleNames: string[],
): Promise<void> {
  const grantees = roleNames.map(quoteIdent).join(', ');
  await client.query(`GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${grantees}`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${grantees}`);
  await client.query(
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${grantees}`,
  );
  await client.query(
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${grantees}`,
  );
  await client.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${grantees}`,
  );
  await client.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${grantees}`,
  );
  await client.query(`REVOKE ALL ON TABLE _prisma_migrations FROM ${grantees}`);
}
