// The tenant-export job (issue 14): a repeatable BullMQ job that builds the exports owners
// asked for in the console and removes archives past their 24 hours. Its payload is only
// its version; the work waits in tenant_exports.
import { z } from 'zod';
import type { JobDefinition } from './jobs/define-job';

export interface TenantExportPayload {
  version: 1;
}

export const tenantExportJob: JobDefinition<TenantExportPayload> = {
  id: 'tenant-export',
  version: 1,
  payload: z.object({ version: z.literal(1) }),
};

export const TENANT_EXPORT_SCHEDULER_ID = 'tenant-export-every-interval';
/** How soon an export asked for starts: the page shows "waiting" until then. */
export const TENANT_EXPORT_EVERY_MS = 5_000;
