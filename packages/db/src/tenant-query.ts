// Tenant-scoped reads in one round trip. forTenant() runs each query as BEGIN /
// set_config / query / COMMIT, four round trips; on a busy site those round trips, not
// the SQL, were most of a list or search request. Here the settings and the query go
// out together as one extended-protocol pipeline closed by a single Sync. PostgreSQL
// runs everything before a Sync as one implicit transaction, so
// set_config(..., is_local => true) holds for the query and ends with it: the pooled
// connection never keeps a tenant (or any other setting) into its next use.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { DbClient } from './client';
import { poolOf } from './client';
import type { Prisma } from './generated/prisma/client';
import { sharedClient } from './shared-clients';
import { assertTenantId } from './tenant-scope';

/** The protocol messages we write; node-postgres's Connection has them (its typings lag). */
interface Wire {
  stream: { cork?: () => void; uncork?: () => void };
  parse(message: { text: string; types: number[] }): void;
  bind(message: { values: string[] }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string; rows: number }): void;
}

/** Settings a caller may set beside the tenant, transaction-local like it. */
export type QuerySettings = Readonly<Record<string, string>>;

function preludeSql(settings: QuerySettings): { text: string; values: string[] } {
  const values: string[] = [];
  const calls: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    values.push(name, value);
    calls.push(`set_config($${values.length - 1}, $${values.length}, true)`);
  }
  return { text: `SELECT ${calls.join(', ')}`, values };
}

/**
 * A node-postgres query that first runs `SELECT set_config(…)` in the same pipeline.
 * Its results come back as two result sets (the settings row, then the query's);
 * the caller takes the last.
 */
function withSettings(settings: QuerySettings, text: string, values: unknown[], name: string | undefined): pg.Query {
  const prelude = preludeSql(settings);
  const query = new pg.Query({ text, values, name, queryMode: 'extended' } as pg.QueryConfig);
  const submitQuery = query.submit.bind(query);
  query.submit = (connection) => {
    const wire = connection as unknown as Wire;
    // One write for the whole pipeline; the query's own messages and its Sync follow.
    wire.stream.cork?.();
    try {
      wire.parse({ text: prelude.text, types: [] });
      wire.bind({ values: prelude.values });
      wire.describe({ type: 'P', name: '' });
      wire.execute({ portal: '', rows: 0 });
      submitQuery(connection);
    } finally {
      wire.stream.uncork?.();
    }
  };
  return query;
}

// Statement names by SQL text (a few hundred shapes at most: lists, searches).
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `sh_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    if (statementNames.size >= 10_000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

export interface TenantQueryOptions {
  /** Extra transaction-local settings (e.g. pg_trgm.word_similarity_threshold). */
  settings?: QuerySettings;
  /**
   * Keep the statement prepared on each connection (named after its text), so repeated
   * shapes skip parsing and, once PostgreSQL trusts a generic plan, planning. For
   * statements whose best plan does not depend on the values (lists by indexed keys).
   */
  prepare?: boolean;
  /** The client whose pool to use; the shared application-role client by default. */
  client?: DbClient;
}

/**
 * Runs one SQL statement as `tenantId` (row-level security applies) in one round trip
 * and returns its rows as node-postgres parses them: bigint columns arrive as strings,
 * timestamps as Date, arrays as arrays. For reads on hot paths; writes and anything
 * needing several statements use withTenant.
 */
export async function queryInTenant<Row>(tenantId: string, sql: Prisma.Sql, options: TenantQueryOptions = {}): Promise<Row[]> {
  const id = assertTenantId(tenantId);
  const settings: QuerySettings = { ...options.settings, 'app.tenant_id': id };
  const pool = poolOf(options.client ?? sharedClient('app'));
  const name = options.prepare ? statementName(sql.text) : undefined;
  const connection = await pool.connect();
  let broken: Error | undefined;
  try {
    const query = withSettings(settings, sql.text, sql.values, name);
    const results = await new Promise<pg.QueryResult[]>((resolve, reject) => {
      // node-postgres calls a submittable's `callback` with (error) or (null, results).
      (query as unknown as { callback: (error: Error | null, results?: pg.QueryResult[]) => void }).callback = (error, results) => {
        if (error) reject(error);
        else resolve(results ?? []);
      };
      connection.query(query);
    });
    const last = results.at(-1);
    if (!last || results.length !== 2) throw new Error(`queryInTenant: expected 2 result sets, got ${results.length}`);
    return last.rows as Row[];
  } catch (error) {
    // A server error leaves the connection clean (the pipeline rolled back at Sync);
    // anything else (a dropped socket) retires it, and so does a failed named statement,
    // whose half-registered preparation the driver could otherwise reuse.
    if (!(error instanceof pg.DatabaseError) || name) broken = error as Error;
    throw error;
  } finally {
    connection.release(broken);
  }
}
