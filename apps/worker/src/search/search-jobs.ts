// The search indexing jobs (issue 13): one per `search.torrent-changed` outbox row (a
// torrent approved, edited, deleted or uploaded approved), one per `search.forum-changed`
// row (a forum post written or edited, a topic moved or merged; issue 15), and the
// scheduled refresh of swarm counts. Definitions only; the work is in index-torrent.ts,
// index-forum-posts.ts and swarm-counts.ts.
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { z } from 'zod';
import { defineOutboxJob, type JobDefinition } from '../jobs/define-job';

export const searchTorrentChangedJob = defineOutboxJob({ id: 'search-torrent-changed', version: 1, topic: OUTBOX_TOPICS.torrentSearchChanged });

export const searchForumChangedJob = defineOutboxJob({ id: 'search-forum-changed', version: 1, topic: OUTBOX_TOPICS.forumSearchChanged });

export interface SearchSwarmCountsPayload {
  version: 1;
}

export const searchSwarmCountsJob: JobDefinition<SearchSwarmCountsPayload> = {
  id: 'search-swarm-counts',
  version: 1,
  payload: z.object({ version: z.literal(1) }),
};

export const SEARCH_SWARM_COUNTS_SCHEDULER_ID = 'search-swarm-counts-every-interval';
