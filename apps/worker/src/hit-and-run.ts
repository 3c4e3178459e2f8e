// Runs the hit-and-run pass on a schedule: a BullMQ job scheduler fires every
// WORKER_HIT_AND_RUN_INTERVAL_SECONDS, and a job at start catches up at once. Any number
// of processes may call this; the schedule is one.
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { HIT_AND_RUN_SCHEDULER_ID, hitAndRunJob } from './jobs/hit-and-run';
import { processHitAndRun, type HitAndRunContext } from './processors/hit-and-run';
import { defaultJobOptions } from './queues';

export interface HitAndRunSchedule {
  queue: Queue;
  worker: Worker;
  close(): Promise<void>;
}

export async function startHitAndRun(options: { connection: ConnectionOptions; prefix: string; intervalSeconds: number; context: HitAndRunContext }): Promise<HitAndRunSchedule> {
  const { context } = options;
  const queue = new Queue(hitAndRunJob.id, { connection: options.connection, prefix: options.prefix, defaultJobOptions });
  const worker = new Worker(
    hitAndRunJob.id,
    async (job) => {
      const parsed = hitAndRunJob.payload.safeParse(job.data);
      if (!parsed.success) throw new Error(`${hitAndRunJob.id}: bad payload: ${parsed.error.message}`);
      const results = await processHitAndRun(context);
      return { tenants: results.length, warned: results.reduce((sum, result) => sum + result.warned, 0) };
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) => context.log.error('job failed', { queue: hitAndRunJob.id, jobId: job?.id, attempt: job?.attemptsMade, error }));
  worker.on('error', (error) => context.log.error('worker error', { queue: hitAndRunJob.id, error }));
  const data = { version: hitAndRunJob.version };
  await queue.upsertJobScheduler(HIT_AND_RUN_SCHEDULER_ID, { every: options.intervalSeconds * 1000 }, { name: hitAndRunJob.id, data, opts: { attempts: 5 } });
  // The pass at start; its id (the boot's interval) makes several booting processes add one.
  const intervalMs = options.intervalSeconds * 1000;
  const bootInterval = Math.floor(context.now().getTime() / intervalMs) * intervalMs;
  await queue.add(hitAndRunJob.id, data, { jobId: `${hitAndRunJob.id}-at-start-${bootInterval}` });
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
