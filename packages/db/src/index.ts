// @swarmhost/db for application code: tenant-scoped access through the application
// role, which row-level security confines to one tenant per transaction.
import { sharedClient } from './shared-clients';
import {
  runInTenant,
  scopeToTenant,
  type TenantClient,
  type TenantTransaction,
  type TenantTransactionOptions,
} from './tenant-scope';

/** The shared application-role client. Outside forTenant/withTenant it sees only platform rows (tenants, hosts). */
export function appClient() {
  return sharedClient('app');
}

const scopedClients = new Map<string, TenantClient>();
const MAX_CACHED_SCOPES = 1000;

/**
 * A client whose every query runs with app.tenant_id = tenantId: it reads and writes
 * only that tenant's rows. Each query is its own transaction; use withTenant to group.
 */
export function forTenant(tenantId: string): TenantClient {
  let scoped = scopedClients.get(tenantId);
  if (!scoped) {
    scoped = scopeToTenant(appClient(), tenantId);
    if (scopedClients.size >= MAX_CACHED_SCOPES) scopedClients.clear();
    scopedClients.set(tenantId, scoped);
  }
  return scoped;
}

/** Runs `work` in one interactive transaction scoped to `tenantId`. */
export function withTenant<T>(
  tenantId: string,
  work: (tx: TenantTransaction) => Promise<T>,
  options?: TenantTransactionOptions,
): Promise<T> {
  return runInTenant(appClient(), tenantId, work, options);
}

export {
  createPrismaClient,
  defaultOmit,
  type CreateClientOptions,
  type DbClient,
  type DbTransaction,
} from './client';
export { configureDatabase, databaseSettings, disconnectAll, type DbRole } from './shared-clients';
export {
  assertTenantId,
  TenantScopeError,
  type TenantClient,
  type TenantTransaction,
  type TenantTransactionOptions,
} from './tenant-scope';
export {
  activeFreeleechEvent,
  defaultPlanLimits,
  defaultStoreItems,
  defaultTenantSettings,
  freeleechPercents,
  parsePlanLimits,
  parseTenantSettings,
  planLimitsSchema,
  registrationModes,
  TenantSettingsError,
  tenantSettingsSchema,
  type FreeleechPercent,
  type PlanLimits,
  type PlanLimitsInput,
  type RegistrationMode,
  type StoreItem,
  type TenantSettings,
  type TenantSettingsInput,
} from './tenant-settings';
export {
  defaultEarningRules,
  earningConditions,
  earningRuleSchema,
  earningRulesSchema,
  type EarningCondition,
  type EarningRule,
} from './bonus-earning-rules';
export { Prisma } from './generated/prisma/client';
export * from './generated/prisma/enums';
// Model types (Torrent, Member, …) and input types through the Prisma namespace.
export type * from './generated/prisma/client';
export { queryInTenant, type QuerySettings, type TenantQueryOptions } from './tenant-query';
