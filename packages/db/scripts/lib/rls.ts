// Row-level security statements for tenant-owned tables: rows are visible and
// writable only while app.tenant_id (set per transaction by forTenant/withTenant)
// names their tenant. swarmhost_current_tenant() is defined in the first migration.

export function tenantPolicySql(table: string): string {
  const quoted = `"${table}"`;
  return [
    `ALTER TABLE ${quoted} ENABLE ROW LEVEL SECURITY;`,
    `ALTER TABLE ${quoted} FORCE ROW LEVEL SECURITY;`,
    `CREATE POLICY tenant_isolation ON ${quoted}`,
    `    USING (tenant_id = swarmhost_current_tenant())`,
    `    WITH CHECK (tenant_id = swarmhost_current_tenant());`,
  ].join('\n');
}

/** Tables created by a generated script that have a tenant_id column. */
export function newTenantTables(sql: string): string[] {
  const tables: string[] = [];
  const createTable = /CREATE TABLE "([^"]+)" \(([\s\S]*?)\n\);/g;
  for (const match of sql.matchAll(createTable)) {
    const [, table, body] = match;
    if (table && body && /^\s*"tenant_id"\s/m.test(body)) tables.push(table);
  }
  return tables;
}
