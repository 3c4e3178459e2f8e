// Runs the seeding accrual on a schedule: a BullMQ job scheduler fires every few minutes
// (books each period once it has ended) and a job at start catches up what was missed
// while no worker ran. Any number of processes may call this; the schedule is one.
import type { ConnectionOptions } from 'bullmq';
import { SEEDING_ACCRUAL_SCHEDULER_ID, seedingAccrualJob } from './jobs/seeding-accrual';
import { processSeedingAccrual, type SeedingAccrualContext } from './processors/seeding-accrual';
import { startScheduledJob, type ScheduledJob } from './scheduled-job';

/** How often the scheduled job looks for ended periods: every 5 minutes, or every period if shorter. */
export const checkIntervalMs = (periodSeconds: number) => Math.min(periodSeconds, 300) * 1000;

export function startSeedingAccrual(options: { connection: ConnectionOptions; prefix: string; context: SeedingAccrualContext }): Promise<ScheduledJob> {
  const { context } = options;
  // BullMQ counts `every` from the scheduler's creation, not from period boundaries: the
  // job looks every few minutes and books a period soon after it ends (a look with nothing
  // due costs one query per tenant).
  return startScheduledJob({
    definition: seedingAccrualJob,
    schedulerId: SEEDING_ACCRUAL_SCHEDULER_ID,
    everyMs: checkIntervalMs(context.periodSeconds),
    connection: options.connection,
    prefix: options.prefix,
    log: context.log,
    now: context.now,
    run: async () => ({ periods: (await processSeedingAccrual(context)).length }),
  });
}
