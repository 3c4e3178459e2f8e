// Outbox → BullMQ. One transaction claims the oldest unprocessed rows of the topics this
// worker knows (FOR UPDATE SKIP LOCKED: several worker processes share the table without
// taking a row twice), adds one job per row with the job id `outbox-<id>`, and marks the
// rows processed only after Redis accepted the jobs. A crash in between leaves the rows
// unmarked: they are enqueued again under the same ids (a no-op while BullMQ keeps the
// job; afterwards the processors' source keys keep it from posting twice).
import type { DbClient } from '@swarmhost/db';
import type { Logger } from '@swarmhost/log';
import { outboxJobId } from '../jobs/define-job';
import type { JobQueue } from '../queues';

interface OutboxRow {
  id: bigint;
  tenant_id: string;
  topic: string;
  payload: unknown;
}

export interface OutboxRelayOptions {
  /** The system-role client (outbox rows of every tenant). */
  db: DbClient;
  /** Topic → its queue. */
  queues: ReadonlyMap<string, JobQueue>;
  batchSize: number;
  pollIntervalMs: number;
  log: Logger;
  /** Runs after the jobs were added and before the rows are marked (tests simulate a crash here). */
  afterEnqueue?: (outboxIds: readonly string[]) => Promise<void>;
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: OutboxRelayOptions) {}

  /** Claims, enqueues and marks one batch; returns how many rows it relayed. */
  async relayOnce(): Promise<number> {
    const { db, queues, batchSize } = this.options;
    const topics = [...queues.keys()];
    return db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<OutboxRow[]>`
          SELECT id, tenant_id, topic, payload FROM outbox_events
          WHERE processed_at IS NULL AND topic = ANY(${topics}::text[])
          ORDER BY id LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return 0;
        for (const [topic, { job, queue }] of queues) {
          const mine = rows.filter((row) => row.topic === topic);
          if (mine.length === 0) continue;
          await queue.addBulk(
            mine.map((row) => {
              const event = typeof row.payload === 'object' && row.payload !== null ? row.payload : {};
              const data = { version: job.version, outboxId: String(row.id), tenantId: row.tenant_id, event };
              return { name: job.id, data, opts: { jobId: outboxJobId(String(row.id)) } };
            }),
          );
        }
        const ids = rows.map((row) => String(row.id));
        await this.options.afterEnqueue?.(ids);
        await tx.$executeRaw`UPDATE outbox_events SET processed_at = now() WHERE id = ANY(${ids}::bigint[])`;
        return rows.length;
      },
      { timeout: 30_000 },
    );
  }

  /** Relays until stopped: at once again after a full batch, else after the poll interval. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for a batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce().then(
        (count) => this.schedule(count >= this.options.batchSize ? 0 : this.options.pollIntervalMs),
        (error: unknown) => {
          this.options.log.error('outbox relay failed; retrying', { error });
          this.schedule(this.options.pollIntervalMs);
        },
      );
    }, delayMs);
  }
}
