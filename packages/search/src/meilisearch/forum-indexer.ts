// Writes a tenant's forum posts into the shared Meilisearch forum index: single posts
// after a write (outbox event), whole topics after a move or merge, whole tenants on
// reindex. Documents come from PostgreSQL in the tenant's scope (forum-source.ts);
// deletes are filters that start with the tenant, so no call reaches another tenant.
import type { Meilisearch } from 'meilisearch';
import type { ReindexCounts, ReindexProgress } from '../search-indexer';
import { inBatches } from './documents';
import { toForumPostDocument, type ForumPostDocument } from './forum-documents';
import { countForumPosts, loadForumPosts, pageTenantForumPosts, pageTopicPosts, type ForumPage } from './forum-source';
import { assertTenantId, quoteFilterValue, tenantFilter } from './query';
import { forumPostIndexSettings } from './settings';
import { completed, deletedCount } from './tasks';

export interface ForumPostWriter {
  prepare(): Promise<void>;
  syncPosts(tenantId: string, postIds: readonly string[]): Promise<void>;
  syncTopic(tenantId: string, topicId: string): Promise<void>;
  reindexTenant(tenantId: string, onProgress?: (progress: ReindexProgress) => void): Promise<ReindexCounts>;
  removeTenant(tenantId: string): Promise<void>;
}

export function createForumPostWriter(options: { client: Meilisearch; indexUid: string; batchSize: number; timeoutMs: number; now: () => number }): ForumPostWriter {
  const { client, indexUid, batchSize, timeoutMs, now } = options;
  const index = client.index<ForumPostDocument>(indexUid);

  async function write(documents: ForumPostDocument[]): Promise<void> {
    for (const batch of inBatches(documents, batchSize)) {
      await completed(`writing ${batch.length} forum posts`, index.addDocuments(batch, { primaryKey: 'id' }), timeoutMs);
    }
  }

  /** Writes every page `read` yields; returns how many posts were written. */
  async function writePages(read: (after: string | undefined) => Promise<ForumPage>, onPage?: (written: number) => void): Promise<number> {
    let written = 0;
    let after: string | undefined;
    do {
      const page = await read(after);
      after = page.next;
      await write(page.rows.map((row) => toForumPostDocument(row, now())));
      written += page.rows.length;
      onPage?.(written);
    } while (after !== undefined);
    return written;
  }

  return {
    async prepare() {
      await completed(`creating index ${indexUid}`, client.createIndex(indexUid, { primaryKey: 'id' }), timeoutMs, ['index_already_exists']);
      await completed(`applying the settings of ${indexUid}`, index.updateSettings(forumPostIndexSettings), timeoutMs);
    },

    async syncPosts(tenantId, postIds) {
      assertTenantId(tenantId);
      if (postIds.length === 0) return;
      const rows = await loadForumPosts(tenantId, postIds);
      const indexedAt = now();
      await write(rows.map((row) => toForumPostDocument(row, indexedAt)));
      const kept = new Set(rows.map((row) => row.id));
      const gone = postIds.filter((id) => !kept.has(id));
      for (const batch of inBatches(gone, batchSize)) {
        const filter = `${tenantFilter(tenantId)} AND id IN [${batch.map(quoteFilterValue).join(', ')}]`;
        await completed(`removing ${batch.length} forum posts`, index.deleteDocuments({ filter }), timeoutMs);
      }
    },

    async syncTopic(tenantId, topicId) {
      assertTenantId(tenantId);
      const startedAt = now();
      await writePages((after) => pageTopicPosts(tenantId, topicId, after, batchSize));
      // Still filed under the topic but not rewritten: the topic was merged away or its posts are gone.
      const filter = `${tenantFilter(tenantId)} AND topicId = ${quoteFilterValue(topicId.toLowerCase())} AND indexedAt < ${startedAt}`;
      await completed('removing forum posts no longer in their topic', index.deleteDocuments({ filter }), timeoutMs);
    },

    async reindexTenant(tenantId, onProgress) {
      assertTenantId(tenantId);
      const startedAt = now();
      const total = await countForumPosts(tenantId);
      onProgress?.({ documents: 'forum posts', indexed: 0, total });
      const indexed = await writePages(
        (after) => pageTenantForumPosts(tenantId, after, batchSize),
        (written) => onProgress?.({ documents: 'forum posts', indexed: written, total: Math.max(total, written) }),
      );
      const stale = await completed('removing forum posts that are gone', index.deleteDocuments({ filter: `${tenantFilter(tenantId)} AND indexedAt < ${startedAt}` }), timeoutMs);
      return { indexed, total: Math.max(total, indexed), removed: deletedCount(stale) };
    },

    async removeTenant(tenantId) {
      await completed('removing the tenant’s forum posts', index.deleteDocuments({ filter: tenantFilter(tenantId) }), timeoutMs);
    },
  };
}
