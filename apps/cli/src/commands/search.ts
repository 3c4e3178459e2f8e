// search:reindex: rewrites one tenant's torrents and forum posts into the search
// engine's indexes (after switching to Meilisearch, restoring its data, or changing index
// settings), then removes what the pass did not rewrite. Progress goes to stderr: a bar on a terminal,
// a plain line per batch otherwise; the result (or --json) to stdout.
import { ConfigError } from '@swarmhost/config';
import { AppError, findTenantBySlug } from '@swarmhost/domain';
import { createSearchIndexer, type ReindexProgress } from '@swarmhost/search';
import { z } from 'zod';
import { defineCommand } from '../command';
import { cliSearchSettings, db } from '../context';

const BAR_WIDTH = 30;

/** One progress line: a bar for a terminal (redrawn in place), plain text otherwise. */
export function progressLine(progress: ReindexProgress, terminal: boolean): string {
  const share = progress.total === 0 ? 1 : Math.min(1, progress.indexed / progress.total);
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  if (!terminal) return `reindex: ${progress.indexed}/${progress.total} ${progress.documents} (${percent.trim()})`;
  const filled = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}  ${progress.indexed}/${progress.total} ${progress.documents}`;
}

/** The search variables; a bad one is the operator's input, not a platform failure. */
function searchSettings() {
  try {
    return cliSearchSettings();
  } catch (error) {
    if (error instanceof ConfigError) throw new AppError('BAD_REQUEST', error.message);
    throw error;
  }
}

export const searchReindex = defineCommand({
  name: 'search:reindex',
  summary: "rewrite a tenant's torrents and forum posts into the search indexes (SEARCH_BACKEND=meilisearch), with progress",
  usage: '--tenant S',
  options: z.object({
    tenant: z.string({ message: 'is required: the tenant slug' }).min(1, 'is required: the tenant slug'),
  }),
  async run(options) {
    const tenant = await findTenantBySlug(db(), options.tenant);
    const settings = searchSettings();
    if (settings.SEARCH_BACKEND === 'postgres') {
      return {
        data: { tenant: tenant.slug, backend: 'postgres', indexed: 0, removed: 0, forumPosts: { indexed: 0, removed: 0 } },
        text: 'SEARCH_BACKEND=postgres: PostgreSQL indexes torrents and forum posts as they are written; nothing to reindex (set SEARCH_BACKEND=meilisearch and MEILISEARCH_URL to fill Meilisearch)',
      };
    }
    const terminal = process.stderr.isTTY === true;
    let barOf: ReindexProgress['documents'] | undefined;
    const started = Date.now();
    const result = await createSearchIndexer(settings)
      .reindexTenant(tenant.id, (progress) => {
        // On a terminal each kind of document gets its own bar: a new line when the forum posts start.
        if (terminal) process.stderr.write(`${progress.documents !== barOf && barOf !== undefined ? '\n' : '\r'}${progressLine(progress, true)}`);
        else process.stderr.write(`${progressLine(progress, false)}\n`);
        barOf = progress.documents;
      })
      .catch((error: unknown) => {
        if (terminal) process.stderr.write('\n');
        const reason = error instanceof Error ? error.message : String(error);
        // Documents written so far stay; running the command again rewrites them all.
        throw new AppError('INTERNAL', `reindex of ${tenant.slug} stopped: ${reason}; check that Meilisearch runs at MEILISEARCH_URL (${settings.MEILISEARCH_URL ?? 'unset'}) and that MEILISEARCH_KEY may write, then run it again`);
      });
    if (terminal) process.stderr.write('\n');
    const seconds = (Date.now() - started) / 1000;
    return {
      data: {
        tenant: tenant.slug,
        backend: 'meilisearch',
        indexed: result.indexed,
        removed: result.removed,
        forumPosts: { indexed: result.forumPosts.indexed, removed: result.forumPosts.removed },
        seconds,
      },
      text:
        `reindexed ${result.indexed} torrents and ${result.forumPosts.indexed} forum posts of ${tenant.slug} in ${seconds.toFixed(1)} s; ` +
        `removed ${result.removed} torrents that are no longer approved and ${result.forumPosts.removed} forum posts that are gone`,
    };
  },
});
