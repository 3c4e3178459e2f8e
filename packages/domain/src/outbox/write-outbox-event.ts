// Records an event in `outbox_events` inside the caller's transaction, so it exists
// exactly when the change it describes committed; the worker turns it into a job
// (notifications, chat system messages) and nothing is lost if a process dies.
import type { TenantTransaction } from '@swarmhost/db';
import { outboxEventSchemas, type OutboxPayload, type OutboxTopic } from '@swarmhost/events';

export async function writeOutboxEvent<Topic extends OutboxTopic>(
  tx: TenantTransaction,
  event: { tenantId: string; topic: Topic; payload: OutboxPayload<Topic> },
): Promise<void> {
  // Parsed here so a bad payload fails the write, not a job much later.
  const payload = outboxEventSchemas[event.topic].parse(event.payload);
  await tx.outboxEvent.create({ data: { tenantId: event.tenantId, topic: event.topic, payload } });
}
