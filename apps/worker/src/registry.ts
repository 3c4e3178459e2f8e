// Which handler runs which job: the one list the relay (topic → queue) and the BullMQ
// workers (queue → handler) read. A payload is checked against its job's schema first.
import type { OutboxTopic } from '@swarmhost/events';
import { UnrecoverableError } from 'bullmq';
import { commentPostedJob } from './jobs/comment-posted';
import { conversationChangedJob } from './jobs/conversation-changed';
import type { OutboxJobDefinition, OutboxJobPayload } from './jobs/define-job';
import { torrentModeratedJob } from './jobs/torrent-moderated';
import { processCommentPosted } from './processors/comment-posted';
import { processConversationChanged } from './processors/conversation-changed';
import type { ProcessorContext } from './processors/processor-context';
import { processTorrentModerated } from './processors/torrent-moderated';
import { processSearchForumChanged } from './search/index-forum-posts';
import { processSearchTorrentChanged } from './search/index-torrent';
import { searchForumChangedJob, searchTorrentChangedJob } from './search/search-jobs';

export interface RegisteredOutboxJob {
  readonly id: string;
  readonly version: number;
  readonly topic: OutboxTopic;
  /** Parses `data` with the job's schema and runs its handler. */
  run(data: unknown, context: ProcessorContext): Promise<void>;
}

function register<Topic extends OutboxTopic>(
  definition: OutboxJobDefinition<Topic>,
  handle: (payload: OutboxJobPayload<Topic>, context: ProcessorContext) => Promise<void>,
): RegisteredOutboxJob {
  return {
    id: definition.id,
    version: definition.version,
    topic: definition.topic,
    async run(data, context) {
      const parsed = definition.payload.safeParse(data);
      // Retrying cannot fix a payload of the wrong shape or version: fail the job at once.
      if (!parsed.success) throw new UnrecoverableError(`${definition.id} v${definition.version}: bad payload: ${parsed.error.message}`);
      await handle(parsed.data, context);
    },
  };
}

export const outboxJobs: readonly RegisteredOutboxJob[] = [
  register(torrentModeratedJob, processTorrentModerated),
  register(commentPostedJob, processCommentPosted),
  register(searchTorrentChangedJob, processSearchTorrentChanged),
  register(searchForumChangedJob, processSearchForumChanged),
  register(conversationChangedJob, processConversationChanged),
];
