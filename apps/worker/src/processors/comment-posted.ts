// A comment tells the torrent's uploader (never about their own comment), once per
// outbox row however often the job runs.
import { notifyCommentOnUpload } from '@swarmhost/domain';
import { outboxSourceKey } from '@swarmhost/events';
import type { OutboxJobPayload } from '../jobs/define-job';
import type { ProcessorContext } from './processor-context';

export async function processCommentPosted(payload: OutboxJobPayload<'comment.posted'>, context: ProcessorContext): Promise<void> {
  const { tenantId, event } = payload;
  await notifyCommentOnUpload({
    tenantId,
    torrentId: event.torrentId,
    commentId: event.commentId,
    authorId: event.authorId,
    emitter: context.emitter,
    sourceKey: outboxSourceKey(payload.outboxId),
  });
}
