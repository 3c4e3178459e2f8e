// One BullMQ queue per job, all under one key prefix. Jobs retry with backoff; finished
// ones are kept a while so a duplicate enqueue (same job id) stays a no-op.
import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { RegisteredOutboxJob } from './registry';

export const defaultJobOptions: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface JobQueue {
  job: RegisteredOutboxJob;
  queue: Queue;
}

export function createQueues(options: { jobs: readonly RegisteredOutboxJob[]; connection: ConnectionOptions; prefix: string }): Map<string, JobQueue> {
  return new Map(
    options.jobs.map((job) => [job.topic, { job, queue: new Queue(job.id, { connection: options.connection, prefix: options.prefix, defaultJobOptions }) }]),
  );
}
