// Torrents for members: list, search, page, upload, comments, bookmarks, thanks.
import {
  addComment,
  AppError,
  browseTorrents,
  freeleechEventPercent,
  freeleechTokenState,
  getTorrent,
  listCategories,
  listSwarmPeers,
  postgresPeerSource,
  MAX_TORRENT_FILE_BYTES,
  requireVerifiedEmail,
  searchTorrents,
  setBookmark,
  thankUploader,
  TORRENT_SORTS,
  uploadTorrent,
  useFreeleechToken,
} from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { guardedSearch, spendSearchBudget } from '../search-budget';
import { memberProcedure } from '../trpc';

const torrentId = z.uuid({ message: 'must be a torrent id from this site' });

/** The tracker's swarms as the site reads them (the persisted peers unless the services say otherwise). */
const peerSource = (ctx: Pick<ApiContext, 'services'>) => ctx.services.peerSource ?? postgresPeerSource();
const MAX_BASE64_LENGTH = Math.ceil(MAX_TORRENT_FILE_BYTES / 3) * 4;

/**
 * Searches spend the tenant's search budget before anything else (the site's front
 * gate usually took it already), and run under the tenant's concurrency cap: one
 * community's flood waits in its own line, not in the others' (search-budget.ts).
 */
const searchProcedure = memberProcedure.use(async ({ ctx, next }) => {
  await spendSearchBudget(ctx);
  return next();
});

/** What narrows the torrent list, with or without search text. */
const browseFilters = z.object({
  category: z.string().max(60).optional(),
  tag: z.string().max(30).optional(),
  freeleech: z.boolean().optional(),
  mine: z.enum(['seeding', 'leeching']).optional(),
});

/**
 * A list or search page through the process's page cache (ApiServices.pageCache): the
 * same for every member of the tenant unless it is filtered to the member's own
 * torrents ("mine"), and it depends on the tenant's running freeleech event.
 */
function sharedPage<T>(
  ctx: Pick<ApiContext, 'services'> & { tenant: { id: string; settings: unknown } },
  procedure: string,
  input: { mine?: string },
  compute: () => Promise<T>,
): Promise<T> {
  const cache = ctx.services.pageCache;
  if (!cache || input.mine) return compute();
  const key = JSON.stringify([procedure, input, freeleechEventPercent(ctx.tenant.settings)]);
  return cache.get(ctx.tenant.id, key, compute);
}

export const torrentsRouter = {
  categories: memberProcedure.query(({ ctx }) => listCategories(ctx.tenant.id)),

  list: memberProcedure
    .input(
      browseFilters.extend({
        sort: z.enum(TORRENT_SORTS).optional(),
        order: z.enum(['asc', 'desc']).optional(),
        page: z.number().int().min(1).max(10_000).optional(),
        pageSize: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      sharedPage(ctx, 'list', input, () => browseTorrents({ tenantId: ctx.tenant.id, tenantSettings: ctx.tenant.settings, memberId: ctx.me.id, ...input })),
    ),

  /** Full-text search; the browse filters apply together with the text (results by relevance). */
  search: searchProcedure
    .input(
      browseFilters.extend({
        text: z.string().max(200),
        page: z.number().int().min(1).max(1000).optional(),
        pageSize: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      sharedPage(ctx, 'search', input, () =>
        guardedSearch(ctx, () =>
          searchTorrents({ searchIndex: ctx.services.searchIndex, tenantId: ctx.tenant.id, tenantSettings: ctx.tenant.settings, memberId: ctx.me.id, ...input }),
        ),
      ),
    ),

  get: memberProcedure
    .input(z.object({ id: torrentId }))
    .query(({ ctx, input }) =>
      getTorrent({ peers: peerSource(ctx), tenantId: ctx.tenant.id, tenantSettings: ctx.tenant.settings, torrentId: input.id, viewer: ctx.me }),
    ),

  /** Who is in the swarm now (the tracker's swarm store), members' privacy applied. */
  peers: memberProcedure
    .input(z.object({ id: torrentId }))
    .query(({ ctx, input }) =>
      listSwarmPeers({ peers: peerSource(ctx), tenantId: ctx.tenant.id, tenantSettings: ctx.tenant.settings, torrentId: input.id, viewer: ctx.me }),
    ),

  upload: memberProcedure
    .input(
      z.object({
        fileBase64: z.string().min(1, 'choose a .torrent file').max(MAX_BASE64_LENGTH, `the .torrent file must be at most ${MAX_TORRENT_FILE_BYTES / 1024 / 1024} MiB`),
        name: z.string().max(250).optional(),
        categoryId: z.uuid().optional(),
        tags: z.array(z.string().max(30)).max(10).optional(),
        description: z.string().max(20_000).optional(),
        anonymous: z.boolean().optional(),
        imdbId: z.string().max(100).optional(),
        tmdbId: z.string().max(20).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await requireVerifiedEmail({ tenantId: ctx.tenant.id, memberId: ctx.me.id, action: 'upload torrents' });
      const bytes = Buffer.from(input.fileBase64, 'base64');
      if (bytes.byteLength === 0) throw new AppError('BAD_REQUEST', 'the .torrent file is empty; choose another file');
      return uploadTorrent({
        publisher: ctx.services.publisher,
        mail: ctx.services.mail,
        tenant: ctx.tenant,
        uploaderId: ctx.me.id,
        torrentFile: new Uint8Array(bytes),
        trackerBaseUrl: ctx.services.trackerBaseUrl,
        name: input.name,
        categoryId: input.categoryId,
        tags: input.tags,
        description: input.description,
        anonymous: input.anonymous,
        imdbId: input.imdbId,
        tmdbId: input.tmdbId,
      });
    }),

  comment: memberProcedure
    .input(z.object({ torrentId, body: z.string().min(1, 'write something first').max(5000) }))
    // The uploader's notification goes out through the worker (the comment's outbox event).
    .mutation(({ ctx, input }) => addComment({ tenantId: ctx.tenant.id, torrentId: input.torrentId, authorId: ctx.me.id, body: input.body })),

  bookmark: memberProcedure
    .input(z.object({ torrentId, bookmarked: z.boolean() }))
    .mutation(({ ctx, input }) => setBookmark({ tenantId: ctx.tenant.id, memberId: ctx.me.id, ...input })),

  thank: memberProcedure
    .input(z.object({ torrentId }))
    .mutation(({ ctx, input }) => thankUploader({ tenantId: ctx.tenant.id, memberId: ctx.me.id, torrentId: input.torrentId })),

  /** When the signed-in member spent a freeleech token on this torrent (or null), and whether they completed it. */
  freeleechToken: memberProcedure
    .input(z.object({ torrentId }))
    .query(({ ctx, input }) => freeleechTokenState({ tenantId: ctx.tenant.id, memberId: ctx.me.id, torrentId: input.torrentId })),

  /** Spends one of the member's freeleech tokens: their download of this torrent stops counting. */
  useFreeleechToken: memberProcedure
    .input(z.object({ torrentId }))
    .mutation(({ ctx, input }) =>
      useFreeleechToken({ tenantId: ctx.tenant.id, memberId: ctx.me.id, torrentId: input.torrentId, publisher: ctx.services.publisher }),
    ),
} satisfies TRPCRouterRecord;
