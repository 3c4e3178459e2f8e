// The search indexing jobs (issue 13): one per `search.torrent-changed` outbox row (a
// torrent approved, edited, deleted or uploaded approved), and the scheduled refresh of
// swarm counts. Definitions only; the work is in index-torrent.ts and swarm-counts.ts.
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { z } from 'zod';
import { defineOutboxJob, type JobDefinition } from '../jobs/define-job';

export const searchTorrentChangedJob = defineOutboxJob({ id: 'search-torrent-changed', version: 1, topic: OUTBOX_TOPICS.torrentSearchChanged });

export interface SearchSwarmCountsPayload {
  version: 1;
}

export const searchSwarmCountsJob: JobDefinition<SearchSwarmCountsPayload> = {
  id: 'search-swarm-counts',
  version: 1,
  payload: z.object({ version: z.literal(1) }),
};

export const SEARCH_SWARM_COUNTS_SCHEDULER_ID = 'search-swarm-counts-every-interval';
