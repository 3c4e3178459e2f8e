// Removes every PostgreSQL row of a tenant. The tables are found in the catalogue at
// run time (every base table with a tenant_id column), so a table added later is never
// forgotten; they are emptied children first (foreign keys between them, found the same
// way) in batches, each its own short statement, so a huge tenant neither holds one
// giant transaction nor blocks other tenants. Runs as the system role (no row-level
// security). Idempotent: a purge cut short is finished by the next run.
import type { DbClient } from '@swarmhost/db';

const BATCH_ROWS = 5000;

/** Kept until the tenant row goes (its cascade removes it): the marker that a purge is under way. */
const KEPT_UNTIL_LAST = new Set(['tenant_deletions']);

export async function tenantTables(db: DbClient): Promise<string[]> {
  const rows = await db.$queryRaw<{ table_name: string }[]>`
    SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id'
     ORDER BY c.table_name`;
  return rows.map((row) => row.table_name);
}

/** Orders tables so a table referencing another comes before it (self-references ignored). */
export async function childrenFirst(db: DbClient, tables: string[]): Promise<string[]> {
  const edges = await db.$queryRaw<{ child: string; parent: string }[]>`
    SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint k
      JOIN pg_class child ON child.oid = k.conrelid
      JOIN pg_class parent ON parent.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = child.relnamespace AND n.nspname = current_schema()
     WHERE k.contype = 'f' AND k.conrelid <> k.confrelid`;
  const included = new Set(tables);
  const parentsOf = new Map<string, Set<string>>(tables.map((table) => [table, new Set()]));
  for (const edge of edges) if (included.has(edge.child) && included.has(edge.parent)) parentsOf.get(edge.child)?.add(edge.parent);
  // Repeatedly take a table no remaining table references.
  const ordered: string[] = [];
  const remaining = new Set(tables);
  while (remaining.size > 0) {
    const referenced = new Set<string>();
    for (const table of remaining) for (const parent of parentsOf.get(table) ?? []) if (remaining.has(parent)) referenced.add(parent);
    const free = [...remaining].filter((table) => !referenced.has(table));
    // A cycle: take the rest as they are; cascades and SET NULL resolve it (a RESTRICT cycle would fail loudly).
    const next = free.length > 0 ? free : [...remaining];
    for (const table of next) {
      ordered.push(table);
      remaining.delete(table);
    }
  }
  return ordered;
}

export interface PurgeReport {
  /** Rows removed per table. */
  removed: Record<string, number>;
}

export async function purgeTenantRows(options: { db: DbClient; tenantId: string }): Promise<PurgeReport> {
  const { db, tenantId } = options;
  const tables = (await childrenFirst(db, await tenantTables(db))).filter((table) => !KEPT_UNTIL_LAST.has(table));
  const removed: Record<string, number> = {};
  for (const table of tables) {
    let total = 0;
    for (;;) {
      // The table name comes from the catalogue, quoted; only the id is a parameter.
      const count = await db.$executeRawUnsafe(
        `DELETE FROM "${table.replaceAll('"', '""')}" WHERE ctid = ANY(ARRAY(SELECT ctid FROM "${table.replaceAll('"', '""')}" WHERE tenant_id = $1::uuid LIMIT ${BATCH_ROWS}))`,
        tenantId,
      );
      total += count;
      if (count < BATCH_ROWS) break;
    }
    if (total > 0) removed[table] = total;
  }
  // Last, the tenant itself; its cascade takes the deletion marker and anything a new
  // table's rows left behind in the meantime.
  removed.tenants = await db.$executeRaw`DELETE FROM tenants WHERE id = ${tenantId}::uuid`;
  return { removed };
}
