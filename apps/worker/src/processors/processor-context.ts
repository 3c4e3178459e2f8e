// What every processor gets besides its payload: where live events go, a logger, and
// the search indexer when the search engine keeps its own index.
import type { LiveEmitter } from '@swarmhost/events';
import type { Logger } from '@swarmhost/log';
import type { SearchIndexer } from '@swarmhost/search';

export interface ProcessorContext {
  /** The gateways' emitter (@swarmhost/events/emitter), keyed like their adapter. */
  emitter: LiveEmitter;
  log: Logger;
  /** Absent with PostgreSQL search (SEARCH_BACKEND=postgres): torrents are their own index. */
  searchIndexer?: SearchIndexer;
}
