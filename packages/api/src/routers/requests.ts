// Requests with bounties (issue 12): the list, one request, and every step of its life.
// The use cases lock, book and check who may act; this validates input shape and passes
// who is asking.
import {
  acceptFill,
  claimRequest,
  commentOnRequest,
  createRequest,
  deleteRequest,
  editRequest,
  fillRequest,
  getRequest,
  listRequests,
  MAX_POINTS_PER_BOOKING,
  rejectFill,
  REQUEST_DESCRIPTION_MAX,
  REQUEST_REASON_MAX,
  REQUEST_SORTS,
  REQUEST_STATUS_FILTERS,
  REQUEST_TITLE_MAX,
  unclaimRequest,
  unfillRequest,
  voteOnRequest,
} from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { budgetedSearch } from '../search-budget';
import { memberProcedure } from '../trpc';

const requestId = z.uuid({ message: 'must be a request id from this site' });
const points = z
  .number({ message: 'must be a number of points' })
  .int('must be a whole number of points')
  .min(1, 'must be at least 1 point')
  .max(MAX_POINTS_PER_BOOKING, `must be at most ${MAX_POINTS_PER_BOOKING} points`);
// Lengths are checked (with clearer words) by the use cases; these bound what is parsed.
const title = z.string().max(REQUEST_TITLE_MAX * 4);
const description = z.string().max(REQUEST_DESCRIPTION_MAX + 1000).optional();
const reason = z.string().max(REQUEST_REASON_MAX * 4);
const categoryId = z.uuid({ message: 'must be a category id from this site' }).nullable().optional();

/** A torrent picked by id or by its page's URL (…/torrents/<id>). */
const torrentRef = z
  .string()
  .trim()
  .min(1, 'paste the torrent page’s address or pick a torrent')
  .max(2000)
  .transform((value, context) => {
    const match = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?(?:[?#].*)?$/i.exec(value);
    if (!match) {
      context.addIssue({ code: 'custom', message: 'must be a torrent page address of this site (…/torrents/<id>) or a torrent id' });
      return z.NEVER;
    }
    return match[1]!.toLowerCase();
  });

export const requestsRouter = {
  list: memberProcedure
    .input(
      z.object({
        query: z.string().max(200).optional(),
        category: z.string().max(100).optional(),
        status: z.enum(REQUEST_STATUS_FILTERS).optional(),
        mine: z.boolean().optional(),
        voted: z.boolean().optional(),
        sort: z.enum(REQUEST_SORTS).optional(),
        page: z.number().int().min(1).max(10_000).optional(),
      }),
    )
        // With search text it is a search: the budget's (search-budget.ts); without, a list.
    .query(({ ctx, input }) => {
      const list = () => listRequests({ tenantId: ctx.tenant.id, viewerId: ctx.me.id, searchIndex: ctx.services.searchIndex, ...input });
      return input.query?.trim() ? budgetedSearch(ctx, list) : list();
    }),

  get: memberProcedure
    .input(z.object({ id: requestId }))
    .query(({ ctx, input }) => getRequest({ tenantId: ctx.tenant.id, requestId: input.id, viewer: ctx.me })),

  create: memberProcedure
    .input(z.object({ title, description, categoryId, bounty: points }))
    .mutation(({ ctx, input }) => createRequest({ tenant: ctx.tenant, memberId: ctx.me.id, ...input })),

  vote: memberProcedure
    .input(z.object({ id: requestId, amount: points }))
    .mutation(({ ctx, input }) => voteOnRequest({ tenant: ctx.tenant, memberId: ctx.me.id, requestId: input.id, amount: input.amount })),

  claim: memberProcedure
    .input(z.object({ id: requestId }))
    .mutation(({ ctx, input }) => claimRequest({ tenant: ctx.tenant, memberId: ctx.me.id, requestId: input.id })),

  unclaim: memberProcedure
    .input(z.object({ id: requestId }))
    .mutation(({ ctx, input }) => unclaimRequest({ tenantId: ctx.tenant.id, actor: ctx.me, requestId: input.id })),

  fill: memberProcedure
    .input(z.object({ id: requestId, torrent: torrentRef }))
    .mutation(({ ctx, input }) =>
      fillRequest({ tenant: ctx.tenant, memberId: ctx.me.id, requestId: input.id, torrentId: input.torrent, emitter: ctx.services.liveEmitter }),
    ),

  accept: memberProcedure
    .input(z.object({ id: requestId }))
    .mutation(({ ctx, input }) => acceptFill({ tenantId: ctx.tenant.id, actor: ctx.me, requestId: input.id, emitter: ctx.services.liveEmitter })),

  reject: memberProcedure
    .input(z.object({ id: requestId, reason }))
    .mutation(({ ctx, input }) =>
      rejectFill({ tenantId: ctx.tenant.id, actor: ctx.me, requestId: input.id, reason: input.reason, emitter: ctx.services.liveEmitter }),
    ),

  unfill: memberProcedure
    .input(z.object({ id: requestId, reason }))
    .mutation(({ ctx, input }) =>
      unfillRequest({ tenantId: ctx.tenant.id, actor: ctx.me, requestId: input.id, reason: input.reason, emitter: ctx.services.liveEmitter }),
    ),

  edit: memberProcedure
    .input(z.object({ id: requestId, title, description, categoryId }))
    .mutation(({ ctx, input }) => editRequest({ tenantId: ctx.tenant.id, actor: ctx.me, requestId: input.id, ...input })),

  delete: memberProcedure
    .input(z.object({ id: requestId, reason }))
    .mutation(({ ctx, input }) => deleteRequest({ tenantId: ctx.tenant.id, actor: ctx.me, requestId: input.id, reason: input.reason })),

  comment: memberProcedure
    .input(z.object({ id: requestId, body: z.string().max(6000) }))
    .mutation(({ ctx, input }) =>
      commentOnRequest({ tenantId: ctx.tenant.id, memberId: ctx.me.id, requestId: input.id, body: input.body, emitter: ctx.services.liveEmitter }),
    ),
} satisfies TRPCRouterRecord;
