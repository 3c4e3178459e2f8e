// Runs the hit-and-run pass on a schedule: a BullMQ job scheduler fires every
// WORKER_HIT_AND_RUN_INTERVAL_SECONDS, and a job at start catches up at once. Any number
// of processes may call this; the schedule is one.
import type { ConnectionOptions } from 'bullmq';
import { HIT_AND_RUN_SCHEDULER_ID, hitAndRunJob } from './jobs/hit-and-run';
import { processHitAndRun, type HitAndRunContext } from './processors/hit-and-run';
import { startScheduledJob, type ScheduledJob } from './scheduled-job';

export function startHitAndRun(options: { connection: ConnectionOptions; prefix: string; intervalSeconds: number; context: HitAndRunContext }): Promise<ScheduledJob> {
  const { context } = options;
  return startScheduledJob({
    definition: hitAndRunJob,
    schedulerId: HIT_AND_RUN_SCHEDULER_ID,
    everyMs: options.intervalSeconds * 1000,
    connection: options.connection,
    prefix: options.prefix,
    log: context.log,
    now: context.now,
    run: async () => {
      const results = await processHitAndRun(context);
      return { tenants: results.length, warned: results.reduce((sum, result) => sum + result.warned, 0) };
    },
  });
}
