// Writes a tenant's torrents into the shared Meilisearch index: single torrents after an
// outbox event, swarm counts in batches, whole tenants on reindex; forum posts go to the
// forum index through forum-indexer.ts. Each write waits for its Meilisearch task and
// fails loudly when the task fails, so a BullMQ job retries it. Documents come from
// PostgreSQL in the tenant's scope (torrent-source.ts); deletes are filters that start
// with the tenant (query.ts), so no call reaches another tenant.
import type { Meilisearch } from 'meilisearch';
import type { ReindexResult, SearchIndexer } from '../search-indexer';
import { changedSwarmCounts, inBatches, toTorrentDocument, type TorrentDocument } from './documents';
import { createForumPostWriter } from './forum-indexer';
import { assertTenantId, quoteFilterValue, tenantFilter } from './query';
import { torrentIndexSettings } from './settings';
import { completed, deletedCount } from './tasks';
import { countApprovedTorrents, loadApprovedTorrents, pageApprovedTorrents, pageSwarmCounts } from './torrent-source';

export interface MeilisearchIndexerOptions {
  client: Meilisearch;
  /** The torrent index (settings.ts torrentIndexUid). */
  indexUid: string;
  /** The forum-post index (settings.ts forumPostIndexUid). */
  forumIndexUid: string;
  /** Torrents (and forum posts) per reindex page and per document batch. Default 1000. */
  batchSize?: number;
  /** Longest wait for one Meilisearch task, in ms. Default 60 s. */
  taskTimeoutMs?: number;
  now?: () => number;
}

export function createMeilisearchIndexer(options: MeilisearchIndexerOptions): SearchIndexer {
  const { client, indexUid } = options;
  const index = client.index<TorrentDocument>(indexUid);
  const batchSize = options.batchSize ?? 1000;
  const timeoutMs = options.taskTimeoutMs ?? 60_000;
  const now = options.now ?? Date.now;
  /** Per tenant: torrent id → the counts this process last sent (lost on restart: all are sent again). */
  const sentCounts = new Map<string, Map<string, string>>();
  const forumPosts = createForumPostWriter({ client, indexUid: options.forumIndexUid, batchSize, timeoutMs, now });

  async function writeDocuments(documents: TorrentDocument[]): Promise<void> {
    for (const batch of inBatches(documents, batchSize)) {
      await completed(`writing ${batch.length} torrents`, index.addDocuments(batch, { primaryKey: 'id' }), timeoutMs);
    }
  }

  async function prepare(): Promise<void> {
    await completed(`creating index ${indexUid}`, client.createIndex(indexUid, { primaryKey: 'id' }), timeoutMs, ['index_already_exists']);
    await completed(`applying the settings of ${indexUid}`, index.updateSettings(torrentIndexSettings), timeoutMs);
    await forumPosts.prepare();
  }

  return {
    backend: 'meilisearch',
    prepare,

    async syncTorrents(tenantId, torrentIds) {
      assertTenantId(tenantId);
      if (torrentIds.length === 0) return;
      const rows = await loadApprovedTorrents(tenantId, torrentIds);
      const indexedAt = now();
      await writeDocuments(rows.map((row) => toTorrentDocument(row, indexedAt)));
      const kept = new Set(rows.map((row) => row.id));
      const gone = torrentIds.filter((id) => !kept.has(id));
      for (const batch of inBatches(gone, batchSize)) {
        const filter = `${tenantFilter(tenantId)} AND id IN [${batch.map(quoteFilterValue).join(', ')}]`;
        await completed(`removing ${batch.length} torrents`, index.deleteDocuments({ filter }), timeoutMs);
      }
      const sent = sentCounts.get(tenantId);
      for (const id of gone) sent?.delete(id);
    },
    syncForumPosts: (tenantId, postIds) => forumPosts.syncPosts(tenantId, postIds),
    syncForumTopic: (tenantId, topicId) => forumPosts.syncTopic(tenantId, topicId),

    async refreshSwarmCounts(tenantId) {
      assertTenantId(tenantId);
      const sent = sentCounts.get(tenantId) ?? new Map<string, string>();
      sentCounts.set(tenantId, sent);
      let total = 0;
      let after: string | undefined;
      do {
        const page = await pageSwarmCounts(tenantId, after, 5 * batchSize);
        after = page.next;
        for (const batch of inBatches(changedSwarmCounts(tenantId, page.rows, sent), batchSize)) {
          try {
            await completed(`updating the swarm counts of ${batch.length} torrents`, index.updateDocuments(batch, { primaryKey: 'id' }), timeoutMs);
          } catch (error) {
            // Not delivered: send these again next time.
            for (const update of batch) sent.delete(update.id);
            throw error;
          }
          total += batch.length;
        }
      } while (after !== undefined);
      return total;
    },

    async reindexTenant(tenantId, onProgress): Promise<ReindexResult> {
      assertTenantId(tenantId);
      await prepare();
      const startedAt = now();
      const total = await countApprovedTorrents(tenantId);
      let indexed = 0;
      onProgress?.({ documents: 'torrents', indexed, total });
      let after: string | undefined;
      do {
        const page = await pageApprovedTorrents(tenantId, after, batchSize);
        after = page.next;
        await writeDocuments(page.rows.map((row) => toTorrentDocument(row, now())));
        indexed += page.rows.length;
        onProgress?.({ documents: 'torrents', indexed, total: Math.max(total, indexed) });
      } while (after !== undefined);
      // Whatever the pass did not rewrite is no longer an approved torrent of the tenant.
      const stale = await completed(
        'removing torrents that are gone',
        index.deleteDocuments({ filter: `${tenantFilter(tenantId)} AND indexedAt < ${startedAt}` }),
        timeoutMs,
      );
      sentCounts.delete(tenantId);
      const forumCounts = await forumPosts.reindexTenant(tenantId, onProgress);
      return { indexed, total: Math.max(total, indexed), removed: deletedCount(stale), forumPosts: forumCounts };
    },

    async removeTenant(tenantId) {
      await completed('removing the tenant’s torrents', index.deleteDocuments({ filter: tenantFilter(tenantId) }), timeoutMs);
      await forumPosts.removeTenant(tenantId);
      sentCounts.delete(tenantId);
    },
  };
}
