// The worker's search indexer, with its index prepared (created, settings applied) once
// before the first write: without the settings the tenant filter would be refused. A
// failed preparation is tried again by the next write, so a search server that starts
// after the worker only delays indexing (the jobs retry with backoff).
import type { SearchIndexer } from '@swarmhost/search';

export function preparedIndexer(indexer: SearchIndexer): SearchIndexer {
  let ready: Promise<void> | undefined;
  const prepare = (): Promise<void> => {
    ready ??= indexer.prepare().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
  return {
    backend: indexer.backend,
    prepare,
    async syncTorrents(tenantId, torrentIds) {
      await prepare();
      await indexer.syncTorrents(tenantId, torrentIds);
    },
    async syncForumPosts(tenantId, postIds) {
      await prepare();
      await indexer.syncForumPosts(tenantId, postIds);
    },
    async syncForumTopic(tenantId, topicId) {
      await prepare();
      await indexer.syncForumTopic(tenantId, topicId);
    },
    async refreshSwarmCounts(tenantId) {
      await prepare();
      return indexer.refreshSwarmCounts(tenantId);
    },
    // A reindex applies the settings itself.
    reindexTenant: (tenantId, onProgress) => indexer.reindexTenant(tenantId, onProgress),
    removeTenant: (tenantId) => indexer.removeTenant(tenantId),
  };
}
