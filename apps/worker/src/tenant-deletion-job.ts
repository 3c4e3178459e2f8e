// The tenant-deletion job (issue 14): a repeatable BullMQ job that suspends tenants whose
// seven days to cancel are over and, a minute later, removes them everywhere. Its payload
// is only its version; the work waits in tenant_deletions.
import { z } from 'zod';
import type { JobDefinition } from './jobs/define-job';

export interface TenantDeletionPayload {
  version: 1;
}

export const tenantDeletionJob: JobDefinition<TenantDeletionPayload> = {
  id: 'tenant-deletion',
  version: 1,
  payload: z.object({ version: z.literal(1) }),
};

export const TENANT_DELETION_SCHEDULER_ID = 'tenant-deletion-every-interval';
/** A due tenant is suspended at most this late, and removed one settle period after. */
export const TENANT_DELETION_EVERY_MS = 60_000;
