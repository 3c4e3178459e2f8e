// A job definition: its id (also its BullMQ queue's name), the payload version and the
// zod schema of the payload, kept apart from the handler that runs it. Jobs made from
// outbox rows also name the row's topic; their payload wraps the row's event.
import { outboxEventSchemas, type OutboxTopic } from '@swarmhost/events';
import { z } from 'zod';

export interface JobDefinition<Payload> {
  /** Queue name and job name; BullMQ forbids ":" in it. */
  readonly id: string;
  /** Bumped when the payload changes shape; a job of another version fails loudly. */
  readonly version: number;
  readonly payload: z.ZodType<Payload>;
}

export interface OutboxJobDefinition<Topic extends OutboxTopic> extends JobDefinition<OutboxJobPayload<Topic>> {
  readonly topic: Topic;
}

export interface OutboxJobPayload<Topic extends OutboxTopic> {
  version: number;
  /** outbox_events.id as a decimal string (a bigint). */
  outboxId: string;
  tenantId: string;
  event: z.infer<(typeof outboxEventSchemas)[Topic]>;
}

export function defineOutboxJob<Topic extends OutboxTopic>(options: { id: string; version: number; topic: Topic }): OutboxJobDefinition<Topic> {
  const payload = z.object({
    version: z.literal(options.version),
    outboxId: z.string().regex(/^\d+$/, 'must be an outbox row id'),
    tenantId: z.uuid(),
    event: outboxEventSchemas[options.topic],
  }) as unknown as z.ZodType<OutboxJobPayload<Topic>>;
  return { ...options, payload };
}

/** BullMQ job id of an outbox row: adding it twice (a relay that crashed before marking the row) is a no-op. */
export const outboxJobId = (outboxId: string) => `outbox-${outboxId}`;
