// A job that runs on a schedule: a BullMQ job scheduler fires every `everyMs`, and a job
// added at start (its id is the boot's interval, so several booting processes add one)
// runs it at once. Any number of processes may call this; the schedule is one, and the
// work itself must be safe to run twice or at the same time.
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '@swarmhost/log';
import type { JobDefinition } from './jobs/define-job';
import { defaultJobOptions } from './queues';

export interface ScheduledJob {
  queue: Queue;
  worker: Worker;
  close(): Promise<void>;
}

export interface ScheduledJobOptions<Payload extends { version: number }> {
  definition: JobDefinition<Payload>;
  /** Every process upserts the same scheduler id, so one schedule exists. */
  schedulerId: string;
  everyMs: number;
  connection: ConnectionOptions;
  prefix: string;
  log: Logger;
  now: () => Date;
  /** The work; what it returns is the job's result (shown in BullMQ's tools). */
  run: () => Promise<unknown>;
}

export async function startScheduledJob<Payload extends { version: number }>(options: ScheduledJobOptions<Payload>): Promise<ScheduledJob> {
  const { definition, log } = options;
  const queue = new Queue(definition.id, { connection: options.connection, prefix: options.prefix, defaultJobOptions });
  const worker = new Worker(
    definition.id,
    async (job) => {
      const parsed = definition.payload.safeParse(job.data);
      if (!parsed.success) throw new Error(`${definition.id}: bad payload: ${parsed.error.message}`);
      return options.run();
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) => log.error('job failed', { queue: definition.id, jobId: job?.id, attempt: job?.attemptsMade, error }));
  worker.on('error', (error) => log.error('worker error', { queue: definition.id, error }));
  const data = { version: definition.version };
  await queue.upsertJobScheduler(options.schedulerId, { every: options.everyMs }, { name: definition.id, data, opts: { attempts: 5 } });
  const bootInterval = Math.floor(options.now().getTime() / options.everyMs) * options.everyMs;
  await queue.add(definition.id, data, { jobId: `${definition.id}-at-start-${bootInterval}` });
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
