// Runs the seeding accrual on a schedule: a BullMQ job scheduler fires every few minutes
// (books each period once it has ended) and a job at start catches up what was missed
// while no worker ran. Any number of processes may call this; the schedule is one.
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { SEEDING_ACCRUAL_SCHEDULER_ID, seedingAccrualJob } from './jobs/seeding-accrual';
import { processSeedingAccrual, type SeedingAccrualContext } from './processors/seeding-accrual';
import { defaultJobOptions } from './queues';

export interface SeedingAccrual {
  queue: Queue;
  worker: Worker;
  close(): Promise<void>;
}

/** How often the scheduled job looks for ended periods: every 5 minutes, or every period if shorter. */
export const checkIntervalMs = (periodSeconds: number) => Math.min(periodSeconds, 300) * 1000;

export async function startSeedingAccrual(options: { connection: ConnectionOptions; prefix: string; context: SeedingAccrualContext }): Promise<SeedingAccrual> {
  const { context } = options;
  const queue = new Queue(seedingAccrualJob.id, { connection: options.connection, prefix: options.prefix, defaultJobOptions });
  const worker = new Worker(
    seedingAccrualJob.id,
    async (job) => {
      const parsed = seedingAccrualJob.payload.safeParse(job.data);
      if (!parsed.success) throw new Error(`${seedingAccrualJob.id}: bad payload: ${parsed.error.message}`);
      const booked = await processSeedingAccrual(context);
      return { periods: booked.length };
    },
    // One run at a time per process; runs in other processes are harmless (see the domain function).
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) => context.log.error('job failed', { queue: seedingAccrualJob.id, jobId: job?.id, attempt: job?.attemptsMade, error }));
  worker.on('error', (error) => context.log.error('worker error', { queue: seedingAccrualJob.id, error }));
  const data = { version: seedingAccrualJob.version };
  // BullMQ counts `every` from the scheduler's creation, not from period boundaries: the
  // job looks every few minutes and books a period soon after it ends (a look with nothing
  // due costs one query per tenant).
  await queue.upsertJobScheduler(SEEDING_ACCRUAL_SCHEDULER_ID, { every: checkIntervalMs(context.periodSeconds) }, { name: seedingAccrualJob.id, data, opts: { attempts: 5 } });
  // The catch-up at start; its id (the boot's period) makes several booting processes add one.
  const periodMs = context.periodSeconds * 1000;
  const bootPeriod = Math.floor(context.now().getTime() / periodMs) * periodMs;
  await queue.add(seedingAccrualJob.id, data, { jobId: `${seedingAccrualJob.id}-catch-up-${bootPeriod}` });
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
