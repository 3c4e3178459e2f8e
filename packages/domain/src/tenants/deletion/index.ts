// Tenant deletion (issue 14): asked for in the console, cancellable for seven days, then
// removed everywhere by the worker's pass.
export { cancelTenantDeletion, DELETION_GRACE_DAYS, getTenantDeletion, requestTenantDeletion, type DeletionState, type DeletionTenant } from './tenant-deletions';
export { PURGE_SETTLE_MS, runTenantDeletions, type DeletionPassOptions, type DeletionPassResult } from './run-tenant-deletions';
export { childrenFirst, purgeTenantRows, tenantTables } from './purge-rows';
export { purgeTenantRedisKeys } from './purge-redis';
