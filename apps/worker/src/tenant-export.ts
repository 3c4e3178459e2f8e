// Runs the export pass on a schedule: every few seconds one process claims the waiting
// exports (oldest first, SKIP LOCKED, so several processes never build the same one),
// builds each into tenant_export_chunks and then expires the old ones. A long export
// holds only its own job: the next run goes to another process or waits for this one.
import type { ConnectionOptions } from 'bullmq';
import { systemClient } from '@swarmhost/db/system';
import { buildNextTenantExport, expireTenantExports } from '@swarmhost/domain/tenants/export/index';
import type { Logger } from '@swarmhost/log';
import { startScheduledJob, type ScheduledJob } from './scheduled-job';
import { TENANT_EXPORT_EVERY_MS, TENANT_EXPORT_SCHEDULER_ID, tenantExportJob } from './tenant-export-job';

/** Exports built by one run before it returns (the next run takes the rest). */
const EXPORTS_PER_RUN = 3;

export async function runTenantExportPass(options: { now: () => Date; log: Logger }): Promise<{ built: number; failed: number; expired: number }> {
  const db = systemClient();
  let built = 0;
  let failed = 0;
  for (let index = 0; index < EXPORTS_PER_RUN; index += 1) {
    const result = await buildNextTenantExport({ db, now: options.now });
    if (!result) break;
    if (result.status === 'ready') built += 1;
    else failed += 1;
    options.log.info('tenant export finished', { exportId: result.exportId, status: result.status });
  }
  const expired = await expireTenantExports({ db, now: options.now });
  return { built, failed, expired };
}

export function startTenantExports(options: { connection: ConnectionOptions; prefix: string; now: () => Date; log: Logger }): Promise<ScheduledJob> {
  return startScheduledJob({
    definition: tenantExportJob,
    schedulerId: TENANT_EXPORT_SCHEDULER_ID,
    everyMs: TENANT_EXPORT_EVERY_MS,
    connection: options.connection,
    prefix: options.prefix,
    log: options.log,
    now: options.now,
    run: () => runTenantExportPass(options),
  });
}
