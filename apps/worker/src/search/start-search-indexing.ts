// Starts what the worker does for a search engine that keeps its own index (Meilisearch):
// prepares the index at start (settings applied), and schedules the swarm-count refresh.
// With PostgreSQL search it starts nothing: the outbox jobs still run and do nothing.
import type { Logger } from '@swarmhost/log';
import type { SearchIndexer } from '@swarmhost/search';
import type { ConnectionOptions } from 'bullmq';
import { startScheduledJob } from '../scheduled-job';
import { SEARCH_SWARM_COUNTS_SCHEDULER_ID, searchSwarmCountsJob } from './search-jobs';
import { refreshSwarmCounts } from './swarm-counts';

export interface SearchIndexing {
  close(): Promise<void>;
}

export async function startSearchIndexing(options: {
  indexer: SearchIndexer;
  connection: ConnectionOptions;
  prefix: string;
  everyMs: number;
  log: Logger;
  now: () => Date;
}): Promise<SearchIndexing> {
  const { indexer, log } = options;
  if (indexer.backend === 'postgres') return { close: async () => {} };
  // Not fatal: the first write prepares the index again (prepared-indexer.ts).
  await indexer.prepare().then(
    () => log.info('search index ready', { backend: indexer.backend }),
    (error: unknown) => log.error('search index not prepared; retried at the first write', { error }),
  );
  const scheduled = await startScheduledJob({
    definition: searchSwarmCountsJob,
    schedulerId: SEARCH_SWARM_COUNTS_SCHEDULER_ID,
    everyMs: options.everyMs,
    connection: options.connection,
    prefix: options.prefix,
    log,
    now: options.now,
    run: () => refreshSwarmCounts({ indexer, log }),
  });
  return { close: () => scheduled.close() };
}
