// Pushes each other participant's number of unread conversations to their open pages.
// Idempotent by nature: a retried job pushes the same current counts again. Only counts
// travel; the message stays in the database for the participants' own requests.
import { pushConversationUnreadCounts } from '@swarmhost/domain';
import type { OutboxJobPayload } from '../jobs/define-job';
import type { ProcessorContext } from './processor-context';

export async function processConversationChanged(payload: OutboxJobPayload<'conversation.changed'>, context: ProcessorContext): Promise<void> {
  await pushConversationUnreadCounts({
    tenantId: payload.tenantId,
    conversationId: payload.event.conversationId,
    actorId: payload.event.actorId,
    emitter: context.emitter,
  });
}
