// The BullMQ workers: one per queue, each running its job's handler with a shared
// context. A failed attempt is logged and retried by BullMQ (see queues.ts).
import { Worker, type ConnectionOptions } from 'bullmq';
import type { ProcessorContext } from './processors/processor-context';
import type { RegisteredOutboxJob } from './registry';

export function startJobWorkers(options: {
  jobs: readonly RegisteredOutboxJob[];
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  context: ProcessorContext;
}): Worker[] {
  return options.jobs.map((job) => {
    const worker = new Worker(job.id, (bullJob) => job.run(bullJob.data, options.context), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
    });
    worker.on('failed', (bullJob, error) =>
      options.context.log.error('job failed', { queue: job.id, jobId: bullJob?.id, attempt: bullJob?.attemptsMade, error }),
    );
    worker.on('error', (error) => options.context.log.error('worker error', { queue: job.id, error }));
    return worker;
  });
}
