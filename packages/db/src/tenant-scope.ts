// Tenant context for the application role. Row-level security policies compare each
// row's tenant_id with the transaction-local setting app.tenant_id, so every query runs
// in a transaction that sets it first. Without it a query sees no tenant rows at all.
import { Prisma } from './generated/prisma/client';
import type { DbClient, DbTransaction } from './client';

export class TenantScopeError extends Error {
  override name = 'TenantScopeError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertTenantId(tenantId: string): string {
  if (typeof tenantId !== 'string' || !UUID.test(tenantId)) {
    throw new TenantScopeError(`Tenant id must be a UUID (got ${JSON.stringify(tenantId)}).`);
  }
  return tenantId.toLowerCase();
}

function setTenantSql(tenantId: string): Prisma.Sql {
  return Prisma.sql`SELECT set_config('app.tenant_id', ${tenantId}, TRUE)`;
}

/** The client handed to withTenant callbacks: a transaction with app.tenant_id set. */
export type TenantTransaction = DbTransaction;

export interface TenantTransactionOptions {
  maxWait?: number;
  timeout?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

/**
 * Runs `work` in one interactive transaction scoped to `tenantId`: use it when several
 * queries must commit together, or for raw SQL that must see tenant rows.
 */
export async function runInTenant<T>(
  client: DbClient,
  tenantId: string,
  work: (tx: TenantTransaction) => Promise<T>,
  options?: TenantTransactionOptions,
): Promise<T> {
  const id = assertTenantId(tenantId);
  return client.$transaction(async (tx) => {
    await tx.$executeRaw(setTenantSql(id));
    return work(tx);
  }, options);
}

/**
 * A client whose every model query and raw query runs as a two-statement batch
 * transaction: set app.tenant_id, then the query. Cheap to create (an extension over
 * the shared pool); do not call its $transaction: use withTenant for that.
 */
export function scopeToTenant(client: DbClient, tenantId: string) {
  const id = assertTenantId(tenantId);
  return client.$extends({
    name: 'swarmhost-tenant-scope',
    query: {
      async $allOperations({ args, query }) {
        const [, result] = await client.$transaction([
          client.$executeRaw(setTenantSql(id)),
          query(args),
        ]);
        return result;
      },
    },
    client: {
      $transaction(): never {
        throw new TenantScopeError(
          'A forTenant() client cannot open its own transaction; use withTenant(tenantId, async (tx) => …) instead.',
        );
      },
    },
  });
}

export type TenantClient = ReturnType<typeof scopeToTenant>;
