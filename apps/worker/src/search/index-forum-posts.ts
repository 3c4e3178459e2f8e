// Forum posts search may show changed: the search indexer re-reads them in their tenant
// and writes or removes their documents — one post after a write or an edit, every post
// of a topic after a move or a merge. Reading the current rows makes the job idempotent
// and order-free. With PostgreSQL search there is nothing to do (the tables are the index).
import type { OutboxJobPayload } from '../jobs/define-job';
import type { ProcessorContext } from '../processors/processor-context';

export async function processSearchForumChanged(payload: OutboxJobPayload<'search.forum-changed'>, context: ProcessorContext): Promise<void> {
  if (!context.searchIndexer) return;
  const { topicId, postId } = payload.event;
  if (postId) await context.searchIndexer.syncForumPosts(payload.tenantId, [postId]);
  else await context.searchIndexer.syncForumTopic(payload.tenantId, topicId);
}
